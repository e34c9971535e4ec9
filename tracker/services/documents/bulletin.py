"""The 督查通报 as a Word document, drafted from the ledger's figures for a period."""

from dataclasses import dataclass
from datetime import date

from tracker.services.dates import chinese_date
from tracker.services.documents import official

CHINESE_ORDINALS = "一二三四五六七八九十"


@dataclass(frozen=True, slots=True)
class RankingLine:
    rank: int
    unit: str
    total: int
    done: int
    on_time_rate: str  # "85.0%" or "—"
    overdue: int
    reports_late: int
    score: str


@dataclass(frozen=True, slots=True)
class OverdueLine:
    unit: str
    task: str
    due: str
    days: int


@dataclass(frozen=True, slots=True)
class BulletinContent:
    office: str
    number: str  # 澜督通〔2026〕3号
    title: str
    period_label: str  # 2026年11月 / 2026年第47周 / 2026年11月1日至11月30日
    issued_on: date
    overview: str
    rankings: tuple[tuple[str, tuple[RankingLine, ...]], ...]  # (unit kind label, lines)
    overdue: tuple[OverdueLine, ...]
    praised: tuple[str, ...]
    named: tuple[str, ...]  # "城关街道（逾期 2 项，最长 15 天）"
    instructions: tuple[str, ...]
    closing: str


def section_headings(content: BulletinContent) -> dict[str, str]:
    """The numbered headings of the parts the bulletin has ("二、单位排名"), in order; the
    preview page and the .docx number them the same way."""
    present = {
        "overview": ("总体情况", True),
        "rankings": ("单位排名", bool(content.rankings)),
        "overdue": ("逾期事项", bool(content.overdue)),
        "praise": ("表扬和通报", bool(content.praised or content.named)),
        "instructions": ("领导批示", bool(content.instructions)),
        "closing": ("下一步工作要求", bool(closing_paragraphs(content))),
    }
    ordinals = iter(CHINESE_ORDINALS)
    return {key: f"{next(ordinals)}、{name}" for key, (name, shown) in present.items() if shown}


def closing_paragraphs(content: BulletinContent) -> list[str]:
    return [part.strip() for part in content.closing.splitlines() if part.strip()]


def build(content: BulletinContent) -> bytes:
    document = official.new_document()
    official.centered(document, content.number)
    official.blank(document)
    official.title(document, content.title)
    official.blank(document)
    headings = section_headings(content)
    official.heading(document, headings["overview"])
    official.body(document, content.overview)
    if "rankings" in headings:
        official.heading(document, headings["rankings"])
        _rankings(document, content)
    if "overdue" in headings:
        official.heading(document, headings["overdue"])
        _overdue(document, content.overdue)
    if "praise" in headings:
        official.heading(document, headings["praise"])
        _praise_and_name(document, content)
    if "instructions" in headings:
        official.heading(document, headings["instructions"])
        for line in content.instructions:
            official.body(document, line)
    if "closing" in headings:
        official.heading(document, headings["closing"])
        for part in closing_paragraphs(content):
            official.body(document, part)
    official.blank(document)
    official.right_aligned(document, content.office)
    official.right_aligned(document, chinese_date(content.issued_on))
    return official.to_bytes(document)


def _rankings(document, content: BulletinContent) -> None:
    header = ("名次", "单位", "任务数", "已完成", "按时完成率", "逾期", "报送逾期", "得分")
    for kind_label, lines in content.rankings:
        official.heading(document, f"（{kind_label}）", level=2)
        rows = [
            (
                str(line.rank),
                line.unit,
                str(line.total),
                str(line.done),
                line.on_time_rate,
                str(line.overdue),
                str(line.reports_late),
                line.score,
            )
            for line in lines
        ]
        official.table(document, header, rows, widths_mm=(13, 40, 16, 16, 22, 13, 18, 18))


def _overdue(document, lines: tuple[OverdueLine, ...]) -> None:
    rows = [(line.unit, line.task, line.due, str(line.days)) for line in lines]
    official.table(
        document, ("单位", "逾期事项", "办理时限", "逾期天数"), rows, widths_mm=(34, 82, 26, 14)
    )


def praise_lines(content: BulletinContent) -> list[str]:
    """The 表扬和通报 paragraphs: the units praised, then the units named."""
    lines = []
    if content.praised:
        lines.append(f"本期按时完成全部任务、予以表扬的单位：{'、'.join(content.praised)}。")
    if content.named:
        lines.append(f"本期逾期较长、予以通报的单位：{'；'.join(content.named)}。")
    return lines


def _praise_and_name(document, content: BulletinContent) -> None:
    for line in praise_lines(content):
        official.body(document, line)
