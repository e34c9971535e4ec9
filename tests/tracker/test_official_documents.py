"""The Word documents a 督查室 files: opened again with python-docx and read back."""

import zipfile
from datetime import date
from io import BytesIO

from docx import Document
from docx.oxml.ns import qn

from tracker.services.documents import bulletin, supervision_form


def form_content(**overrides) -> supervision_form.SupervisionFormContent:
    fields = {
        "office": "澜川区委督查室",
        "number": "督〔2026〕15号",
        "level_label": "红色督办",
        "issued_on": date(2026, 12, 1),
        "task_title": "完成村级党群服务中心标准化建设",
        "source": "《在全区重点工作推进会上的讲话》（2026年11月1日）",
        "quote": "各乡镇要在年底前完成村级党群服务中心标准化建设。",
        "lead_units": ("青石镇",),
        "cooperating_units": ("区委组织部", "区财政局"),
        "due": "2026年12月31日",
        "requirements": "对照标准逐项落实，确保按期完成。",
        "feedback": "每月25日前报送进展，办结后3个工作日内报送办结情况。",
        "instructions": ("李书记（2026年11月30日）：请青石镇本周内拿出方案。",),
    }
    return supervision_form.SupervisionFormContent(**{**fields, **overrides})


def _form_rows(document) -> dict[str, str]:
    (table,) = document.tables
    return {row.cells[0].text: row.cells[1].text for row in table.rows}


def test_supervision_form_carries_number_level_units_deadline_and_instruction():
    document = Document(BytesIO(supervision_form.build(form_content())))
    paragraphs = [p.text for p in document.paragraphs]
    assert "督 办 单" in paragraphs
    assert "督〔2026〕15号　　红色督办" in paragraphs
    rows = _form_rows(document)
    assert rows["督办事项"] == "完成村级党群服务中心标准化建设"
    assert "原文：各乡镇要在年底前完成" in rows["任务来源"]
    assert rows["承办单位"] == "牵头：青石镇\n配合：区委组织部、区财政局"
    assert rows["办理时限"] == "2026年12月31日"
    assert rows["反馈要求"].startswith("每月25日前报送进展")
    assert rows["领导批示"] == "李书记（2026年11月30日）：请青石镇本周内拿出方案。"
    assert "签收人" in rows["签　　收"] and rows["办理情况"].strip() == ""
    assert paragraphs[-1] == "澜川区委督查室　　2026年12月1日"


def test_form_without_instruction_or_cooperating_units_leaves_those_out():
    document = Document(
        BytesIO(supervision_form.build(form_content(instructions=(), cooperating_units=())))
    )
    rows = _form_rows(document)
    assert "领导批示" not in rows and rows["承办单位"] == "牵头：青石镇"


def test_documents_are_a4_with_official_fonts_fallbacks_and_page_numbers():
    data = supervision_form.build(form_content())
    document = Document(BytesIO(data))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 28 and round(section.top_margin.mm) == 37
    normal_fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert normal_fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    title_fonts = document.styles["Title"].element.rPr.find(qn("w:rFonts"))
    assert title_fonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    with zipfile.ZipFile(BytesIO(data)) as archive:
        font_table = archive.read("word/fontTable.xml").decode()
        footer = archive.read("word/footer1.xml").decode()
    assert 'w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in font_table
    assert " PAGE " in footer and "— " in footer


def bulletin_content(**overrides) -> bulletin.BulletinContent:
    fields = {
        "office": "澜川区委督查室",
        "number": "澜督通〔2026〕3号",
        "title": "关于2026年11月重点工作推进情况的督查通报",
        "period_label": "2026年11月",
        "issued_on": date(2026, 12, 1),
        "overview": "2026年11月，全区共督办任务20项，已完成12项。",
        "rankings": (
            (
                "乡镇",
                (
                    bulletin.RankingLine(1, "白沙镇", 5, 5, "100.0%", 0, 0, "100.0"),
                    bulletin.RankingLine(2, "青石镇", 6, 3, "50.0%", 2, 1, "61.5"),
                ),
            ),
        ),
        "overdue": (bulletin.OverdueLine("青石镇", "整治农村人居环境", "2026年11月20日", 11),),
        "praised": ("白沙镇",),
        "named": ("青石镇（逾期 2 项，最长 11 天）",),
        "instructions": ("李书记批示：请青石镇本周内拿出方案。",),
        "closing": "各单位要对照通报问题抓好整改。\n逾期事项要在12月10日前办结。",
    }
    return bulletin.BulletinContent(**{**fields, **overrides})


def test_bulletin_has_number_title_sections_ranking_and_overdue_tables():
    document = Document(BytesIO(bulletin.build(bulletin_content())))
    paragraphs = [p.text for p in document.paragraphs if p.text]
    assert paragraphs[:2] == ["澜督通〔2026〕3号", "关于2026年11月重点工作推进情况的督查通报"]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "一、总体情况",
        "二、单位排名",
        "三、逾期事项",
        "四、表扬和通报",
        "五、领导批示",
        "六、下一步工作要求",
    ]
    ranking, overdue = document.tables
    assert [c.text for c in ranking.rows[0].cells][:3] == ["名次", "单位", "任务数"]
    assert [c.text for c in ranking.rows[2].cells] == [
        "2", "青石镇", "6", "3", "50.0%", "2", "1", "61.5",
    ]  # fmt: skip
    assert [c.text for c in overdue.rows[1].cells] == [
        "青石镇", "整治农村人居环境", "2026年11月20日", "11",
    ]  # fmt: skip
    assert "逾期事项要在12月10日前办结。" in paragraphs
    assert paragraphs[-2:] == ["澜川区委督查室", "2026年12月1日"]


def test_bulletin_sections_renumber_when_a_part_is_empty():
    document = Document(
        BytesIO(bulletin.build(bulletin_content(overdue=(), instructions=(), named=())))
    )
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、总体情况", "二、单位排名", "三、表扬和通报", "四、下一步工作要求"]


def test_table_rows_copied_from_the_first_keep_their_text_and_fonts():
    from tracker.services.documents import official

    document = official.new_document()
    rows = [
        ("青石镇", "整治农村人居环境", "2026年11月20日", "11"),
        ("白沙镇", " 前后有空格 ", "2026年11月21日", "10"),
        ("城关街道", "两行\n内容", "2026年11月22日", "9"),
        ("城关街道", "", "2026年11月23日", "8"),
        ("红岩镇", "修缮道路", "2026年11月24日", "7"),
    ]
    official.table(document, ("单位", "事项", "时限", "天数"), rows, widths_mm=(30, 80, 30, 16))
    reread = Document(BytesIO(official.to_bytes(document)))
    (table,) = reread.tables
    assert [tuple(c.text for c in row.cells) for row in table.rows[1:]] == rows
    copied = table.rows[5].cells[0]
    fonts = copied.paragraphs[0].runs[0].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert round(copied.width.mm) == 30
