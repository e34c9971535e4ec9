"""Word documents in the shape of Chinese official documents (GB/T 9704 党政机关公文格式).

A4, margins 37/35/28/26 mm, body in 仿宋_GB2312 三号 (16 pt) at a fixed 28.9 pt line, the title in
方正小标宋简体 二号, first-level headings in 黑体, second-level in 楷体_GB2312, page numbers
"— 1 —" in the footer. Fonts are named in the styles with fallbacks in the font table
(仿宋_GB2312 → 仿宋, 方正小标宋简体 → 华文中宋/宋体, 楷体_GB2312 → 楷体) so a machine without the
official fonts still shows Chinese type of the same family.
"""

from copy import deepcopy
from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
LATIN_FONT = "Times New Roman"
FONT_FALLBACKS = {
    BODY_FONT: "仿宋",
    TITLE_FONT: "华文中宋",
    SUBHEADING_FONT: "楷体",
    HEADING_FONT: "SimHei",
}
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
TABLE_SIZE = Pt(12)  # 小四: tables hold more text than body paragraphs
LINE_PITCH = Pt(28.9)  # 22 lines on the A4 text block


def _set_fonts(target, east_asian: str, size=None, bold: bool | None = None) -> None:
    """Name the Chinese and Latin fonts on a style or a run (python-docx sets only the Latin)."""
    target.font.name = LATIN_FONT
    if size is not None:
        target.font.size = size
    if bold is not None:
        target.font.bold = bold
    element = target.element if hasattr(target, "element") else target._element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:eastAsia", "w:hint"):
        fonts.set(qn(attribute), east_asian if attribute == "w:eastAsia" else "eastAsia")


def _declare_font_fallbacks(document) -> None:
    font_table = next(
        part
        for part in document.part.package.iter_parts()
        if part.partname.endswith("/fontTable.xml")
    )
    # python-docx keeps the font table as an opaque blob: edit its XML and store it back.
    root = etree.fromstring(font_table.blob)
    for name, fallback in FONT_FALLBACKS.items():
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        etree.SubElement(font, qn("w:altName")).set(qn("w:val"), fallback)
        etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "86")  # GB2312
    font_table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_number_footer(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for piece in ("— ", None, " —"):
        run = paragraph.add_run()
        _set_fonts(run, "宋体", size=Pt(14))
        if piece is not None:
            run.text = piece
            continue
        begin, code, end = (OxmlElement(tag) for tag in ("w:fldChar", "w:instrText", "w:fldChar"))
        begin.set(qn("w:fldCharType"), "begin")
        code.set(qn("xml:space"), "preserve")
        code.text = " PAGE "
        end.set(qn("w:fldCharType"), "end")
        run._r.append(begin)
        run._r.append(code)
        run._r.append(end)


def new_document(*, landscape: bool = False):
    """An empty A4 document with the official styles and page numbers."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    _set_fonts(normal, BODY_FONT, size=BODY_SIZE)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = LINE_PITCH
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    _set_fonts(document.styles["Title"], TITLE_FONT, size=TITLE_SIZE, bold=False)
    _set_fonts(document.styles["Heading 1"], HEADING_FONT, size=BODY_SIZE, bold=False)
    _set_fonts(document.styles["Heading 2"], SUBHEADING_FONT, size=BODY_SIZE, bold=False)
    for name in ("Title", "Heading 1", "Heading 2"):
        style = document.styles[name]
        style.font.color.rgb = None
        style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)
    _declare_font_fallbacks(document)
    _page_number_footer(section)
    return document


def title(document, text: str) -> None:
    paragraph = document.add_paragraph(text, style="Title")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Pt(35)
    _bottom_border_off(paragraph)


def _bottom_border_off(paragraph) -> None:
    # The default "Title" style draws a rule under the title; official documents have none.
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "nil")
    borders.append(bottom)
    ppr.append(borders)


def centered(document, text: str, *, font: str = BODY_FONT) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_fonts(paragraph.add_run(text), font)


def right_aligned(document, text: str) -> None:
    paragraph = document.add_paragraph(text)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def heading(document, text: str, *, level: int = 1) -> None:
    paragraph = document.add_paragraph(text, style="Heading 1" if level == 1 else "Heading 2")
    paragraph.paragraph_format.first_line_indent = Pt(32)


def body(document, text: str, *, indent: bool = True) -> None:
    paragraph = document.add_paragraph(text)
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(32)  # two characters


def blank(document) -> None:
    document.add_paragraph()


def table(document, header: tuple[str, ...], rows: list[tuple[str, ...]], *, widths_mm=None):
    """A bordered table in 小四, header row bold and repeated on every page."""
    grid = document.add_table(rows=1, cols=len(header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(grid.rows[0].cells, header, strict=True):
        _cell_text(cell, text, bold=True, center=True)
    _repeat_header(grid.rows[0])
    if widths_mm:
        _widths(grid, widths_mm)
    # python-docx spends about a millisecond per formatted cell; a bulletin may list thousands
    # of overdue items. The first plain row is formatted once and copied as XML for the rest
    # (one run, so one <w:t>, per cell); a row with a line break or an empty cell is built.
    template = None
    for values in rows:
        if template is not None and all(text and "\n" not in text for text in values):
            row = deepcopy(template)
            for text_element, text in zip(row.iter(qn("w:t")), values, strict=True):
                text_element.text = text
                text_element.set(qn("xml:space"), "preserve")
            grid._tbl.append(row)
            continue
        added = grid.add_row()
        for cell, text in zip(added.cells, values, strict=True):
            _cell_text(cell, text)
        if widths_mm:
            _cell_widths(added, widths_mm)
        if template is None and all(text and "\n" not in text for text in values):
            template = added._tr
    return grid


def form_table(document, rows: list[tuple[str, str]], *, label_mm: int = 32, value_mm: int = 124):
    """A two-column form (label | value), as 督办单 are laid out; an empty value leaves room."""
    grid = document.add_table(rows=0, cols=2)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label, value in rows:
        label_cell, value_cell = grid.add_row().cells
        _cell_text(label_cell, label, bold=True, center=True)
        _cell_text(value_cell, value)
    _widths(grid, (label_mm, value_mm))
    return grid


def _widths(grid, widths_mm) -> None:
    # Word reads the cells' widths, LibreOffice the grid's: set both.
    grid.autofit = False
    for column, width in zip(grid.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in grid.rows:
        _cell_widths(row, widths_mm)


def _cell_widths(row, widths_mm) -> None:
    for cell, width in zip(row.cells, widths_mm, strict=True):
        cell.width = Mm(width)


def _cell_text(cell, text: str, *, bold: bool = False, center: bool = False) -> None:
    lines = text.split("\n") if text else [""]
    paragraph = cell.paragraphs[0]
    for index, line in enumerate(lines):
        if index:
            paragraph = cell.add_paragraph()
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        paragraph.paragraph_format.first_line_indent = Pt(0)
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(line)
        _set_fonts(run, BODY_FONT, size=TABLE_SIZE, bold=bold)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def to_bytes(document) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
