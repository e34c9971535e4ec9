"""The ledger as an .xlsx file: XlsxWriter in constant-memory mode, one format per column.

Chosen by measurement (``bench/ledger.py`` writes the same rows with both streaming writers in
one run): XlsxWriter's constant-memory mode writes each row to the sheet's temporary file as it
comes, so memory stays flat in the row count, and it is about three times faster than
openpyxl's write-only mode, which builds a cell object and a style lookup per value.

Every text goes through ``write_string``: a report that starts with = + - @ is stored as text,
never as a formula, whatever the cell holds, and carries Excel's quote prefix so it stays text
when a user edits the cell (lib.spreadsheet).
"""

import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import BinaryIO

import xlsxwriter

from lib.spreadsheet import looks_like_formula
from tracker.services.ledger.rows import COLUMNS, LedgerRow

PROGRESS_EVERY = 1000
EXCEL_CELL_LIMIT = 32767
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
# Characters XML 1.0 forbids (Excel refuses a file that holds them).
ILLEGAL_CHARACTERS = re.compile(r"[\000-\010\013\014\016-\037]")
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
BORDER_GREY = "#999999"
HEAD_FILL = "#EEF1F4"


def sheet_title(unit) -> str:
    """A Chinese sheet name within Excel's 31 characters and without its forbidden ones."""
    if unit is None:
        return "任务台账"
    name = SHEET_FORBIDDEN.sub("", unit.display_name).strip("'")
    return f"{name}任务台账"[-31:]


def clean_text(value: str) -> str:
    return ILLEGAL_CHARACTERS.sub("", value)[:EXCEL_CELL_LIMIT]


def _column_formats(workbook, *, quote_prefix: bool = False) -> list:
    top = {"valign": "top", "quote_prefix": quote_prefix}
    by_kind = {
        "number": workbook.add_format(top),
        "text": workbook.add_format(top),
        "wrap": workbook.add_format({**top, "text_wrap": True}),
        "date": workbook.add_format({**top, "num_format": DATE_FORMAT}),
        "percent": workbook.add_format({**top, "num_format": "0%"}),
    }
    return [by_kind[column.kind] for column in COLUMNS]


def write_ledger(
    *,
    rows: Iterable[LedgerRow],
    out: BinaryIO | str,
    title: str,
    sheet_name: str,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Write the rows as an .xlsx (streamed, constant memory); returns the rows written."""
    workbook = xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = workbook.add_worksheet(sheet_name)
    sheet.freeze_panes(2, 2)  # title and header rows, 序号 and 任务来源 stay in view
    sheet.repeat_rows(1)  # the header row on every printed page
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    for index, column in enumerate(COLUMNS):
        sheet.set_column(index, index, column.width)

    title_format = {"bold": True, "size": 14, "quote_prefix": looks_like_formula(title)}
    sheet.write_string(0, 0, clean_text(title), workbook.add_format(title_format))
    head = workbook.add_format(
        {
            "bold": True,
            "bg_color": HEAD_FILL,
            "align": "center",
            "valign": "vcenter",
            "text_wrap": True,
            "border": 1,
            "border_color": BORDER_GREY,
        }
    )
    for index, column in enumerate(COLUMNS):
        sheet.write_string(1, index, column.header, head)

    formats = _column_formats(workbook)
    quoted = _column_formats(workbook, quote_prefix=True)  # for text that looks like a formula
    write_string, write_number = sheet.write_string, sheet.write_number
    write_datetime = sheet.write_datetime
    clean = ILLEGAL_CHARACTERS.sub
    row_index = 2
    for row in rows:
        for col, (value, cell_format) in enumerate(zip(row.values(), formats, strict=True)):
            if value is None or value == "":
                continue  # an empty cell is left out: it reads back as empty all the same
            if isinstance(value, str):
                if looks_like_formula(value):
                    cell_format = quoted[col]
                write_string(row_index, col, clean("", value)[:EXCEL_CELL_LIMIT], cell_format)
            elif isinstance(value, date):
                write_datetime(row_index, col, value, cell_format)
            else:
                write_number(row_index, col, value, cell_format)
        row_index += 1
        written = row_index - 2
        if on_progress is not None and written % PROGRESS_EVERY == 0:
            on_progress(written)
    written = row_index - 2
    sheet.autofilter(1, 0, max(row_index - 1, 1), len(COLUMNS) - 1)
    workbook.close()
    return written
