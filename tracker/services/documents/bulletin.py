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


def build(content: BulletinContent) -> bytes:
    document = official.new_document()
    official.centered(document, content.number)
    official.blank(document)
    official.title(document, content.title)
    official.blank(document)
    ordinals = iter(CHINESE_ORDINALS)

    def section(name: str) -> None:
        official.heading(document, f"{next(ordinals)}、{name}")

    section("总体情况")
    official.body(document, content.overview)
    if content.rankings:
        section("单位排名")
        _rankings(document, content)
    if content.overdue:
        section("逾期事项")
        _overdue(document, content.overdue)
    if content.praised or content.named:
        section("表扬和通报")
        _praise_and_name(document, content)
    if content.instructions:
        section("领导批示")
        for line in content.instructions:
            official.body(document, line)
    closing = [part.strip() for part in content.closing.splitlines() if part.strip()]
    if closing:
        section("下一步工作要求")
        for part in closing:
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


def _praise_and_name(document, content: BulletinContent) -> None:
    if content.praised:
        official.body(
            document, f"本期按时完成全部任务、予以表扬的单位：{'、'.join(content.praised)}。"
        )
    if content.named:
        official.body(document, f"本期逾期较长、予以通报的单位：{'；'.join(content.named)}。")
