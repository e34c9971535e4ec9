"""Issue 8 in Chromium: export the filtered ledger through a real worker, reset a calendar URL,
import a directory file with a bad row."""

import io
import re
from pathlib import Path

import openpyxl
import pytest

from directory import imports as importer
from directory.models import Unit
from tests.tracker.ledger_data import build_ledger_data
from tests.workers import running_worker
from tracker.models import Assignment, CalendarFeed

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration]


@pytest.fixture
def celery_worker_thread():
    with running_worker():
        yield


def test_supervisor_exports_the_filtered_ledger_and_downloads_it(
    login, supervisor, town_a, town_b, celery_worker_thread
):
    build_ledger_data(town_a, town_b)
    page = login("supervisor")
    page.goto("/dashboard/?kind=township")
    page.get_by_role("button", name="按当前筛选导出 Excel 台账").click()
    page.wait_for_url("**/ledger/exports/*/")
    link = page.get_by_role("link", name="下载")
    link.wait_for(timeout=60_000)  # the status panel polls until the worker is done
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == Assignment.objects.filter(unit__kind=Unit.Kind.TOWNSHIP).count()


def test_unit_staff_resets_the_calendar_url_on_a_phone(login, town_a_staff, live_server):
    page = login("town_a_staff")
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/calendar/")
    assert not CalendarFeed.objects.filter(user=town_a_staff).exists()  # a GET creates nothing
    page.get_by_role("button", name="生成订阅地址").first.click()
    field = page.get_by_label("订阅地址").first
    field.wait_for()
    old_url = field.input_value()
    assert page.request.get(old_url).status == 200
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="更换地址").first.click()
    page.get_by_text("旧地址已失效").wait_for()
    new_url = page.get_by_label("订阅地址").first.input_value()
    assert new_url != old_url
    assert page.request.get(old_url).status == 404
    assert page.request.get(new_url).status == 200
    assert CalendarFeed.objects.get(user=town_a_staff).token in new_url
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_supervisor_sees_row_errors_and_nothing_is_imported(login, supervisor, tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(importer.UNIT_COLUMNS)
    workbook.active.append(["澜川区", "", "区（县）", "", "", "", ""])
    workbook.active.append(["澜川区青石镇", "", "乡镇", "某某镇", "", "", ""])
    path = tmp_path / "名录.xlsx"
    workbook.save(path)

    page = login("supervisor")
    page.goto("/directory/import/")
    page.get_by_label("导入内容").select_option("units")
    page.get_by_label("文件（.xlsx 或 .csv）").set_input_files(str(path))
    page.get_by_role("button", name="上传并导入").click()
    page.get_by_text("第3行「上级单位」：找不到单位“某某镇”").wait_for()
    assert not Unit.objects.filter(name="澜川区").exists()


def test_print_view_prints_on_a4_landscape(login, supervisor, town_a, town_b):
    build_ledger_data(town_a, town_b)
    page = login("supervisor")
    page.goto("/ledger/print/")
    assert page.get_by_role("columnheader", name="完成时限").is_visible()
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="打印").is_visible()
    pdf = page.pdf(prefer_css_page_size=True)  # what the browser's print dialog would produce
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert boxes
    for width, height in boxes:
        assert (round(float(width)), round(float(height))) == (842, 595)  # A4, landscape


def test_print_of_48_unit_rows_fits_a_few_pages_with_each_quote_once(login, supervisor, district):
    """Issue 15 defect 8: 48 unit rows printed 12 A4 pages (the 原文 repeated per unit row)."""
    from tests.factories import UnitFactory
    from tests.tracker.ledger_data import assign, make_task

    towns = [
        UnitFactory(name=f"第{i}镇", kind=Unit.Kind.TOWNSHIP, parent=district) for i in range(12)
    ]
    quote = "各乡镇、街道要压实责任，细化措施，确保村级活动场所建设按期完成并报送进展情况。" * 4
    for number in range(4):
        task = make_task(title=f"重点任务{number + 1}", creator=supervisor)
        task.quote = quote
        task.save(update_fields=["quote"])
        for town in towns:
            assign(task, town)
    page = login("supervisor")
    page.goto("/ledger/print/")
    assert page.locator("tbody tr").count() == 4
    assert page.get_by_text("未设时限").first.is_visible()
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    assert 1 <= pages <= 3, pages
