"""A unit or a report whose text starts with = + - @ is text in the exported ledger, A1 included."""

import io
import zipfile

import openpyxl
import pytest

from directory.models import Unit
from tests.factories import UnitFactory
from tests.tracker.ledger_data import NOW, TODAY, assign, make_task, report
from tracker.models import LedgerExport
from tracker.services import ledger

HOSTILE_UNIT = '=HYPERLINK("http://evil.example/","点击查看")'


@pytest.mark.django_db
def test_every_text_cell_that_starts_like_a_formula_is_written_as_text(supervisor, district):
    unit = UnitFactory(name=HOSTILE_UNIT, kind=Unit.Kind.TOWNSHIP, parent=district)
    assignment = assign(make_task(title="+1 完成整改"), unit)
    report(assignment, "-已完成80%", at=NOW)
    assign(make_task(title="@SUM(A1) 专项"), unit)

    export = LedgerExport.objects.create(
        requested_by=supervisor, unit=unit, as_of=TODAY, created_at=NOW
    )
    export = ledger.build_export(export_id=export.pk, now=NOW)
    assert export.status == LedgerExport.Status.DONE, export.error
    with export.file.open("rb") as handle:
        data = handle.read()

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml  # no formula anywhere

    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["A1"].data_type == "s"
    assert sheet["A1"].value.startswith(HOSTILE_UNIT)
    cells = [cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    risky = [cell for cell in cells if cell.value[:1] in "=+-@"]
    assert {cell.value for cell in risky} >= {"+1 完成整改", "@SUM(A1) 专项", "-已完成80%"}
    assert all(cell.data_type == "s" for cell in risky)
    assert all(cell.quotePrefix for cell in [*risky, sheet["A1"]])  # stays text when edited
