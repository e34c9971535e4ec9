"""Unit scores (考核): one transparent formula over a period's figures, ranked within a unit kind.

score = 按时办结率 × W办结 + 按时报送率 × W报送 − 逾期天数 × 每天扣分 (封顶) − 催办次数 × 每次扣分
(封顶) − 退回次数 × 每次扣分 (封顶), never below 0. A rate with nothing to measure in the period
(no assignment due, no report due) counts as full marks and says so. Weights are stored
(``ScoreWeights``) and editable by an administrator; every score carries the lines that explain it.
"""

from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True, slots=True)
class Weights:
    on_time: Decimal = Decimal(60)
    reports: Decimal = Decimal(40)
    per_overdue_day: Decimal = Decimal("0.5")
    overdue_cap: Decimal = Decimal(20)
    per_urge: Decimal = Decimal(2)
    urge_cap: Decimal = Decimal(10)
    per_return: Decimal = Decimal(3)
    return_cap: Decimal = Decimal(10)


@dataclass(frozen=True, slots=True)
class UnitFigures:
    """What a unit did in a period; every count is over the period's assignments of the unit."""

    unit_id: int
    unit_name: str
    unit_kind: str
    total: int  # assignments open in or due in the period
    due: int  # of those, due within the period (or completed in it)
    done_on_time: int
    done_late: int
    overdue: int  # still open past their due date at the period's end
    overdue_days: int  # summed over overdue and late items
    reports_due: int
    reports_on_time: int
    reports_late: int  # 报送逾期 at the period's end
    urges: int
    returns: int


@dataclass(frozen=True, slots=True)
class Score:
    figures: UnitFigures
    value: Decimal
    explanation: tuple[str, ...]
    rank: int | None = None  # within the unit kind
    on_time_rate: Decimal | None = None
    report_rate: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Ranking:
    kind: str
    scores: tuple[Score, ...] = field(default_factory=tuple)


def _pct(part: int, whole: int) -> Decimal | None:
    return None if whole == 0 else (Decimal(part) * 100 / Decimal(whole))


def _full_if_none(rate: Decimal | None) -> Decimal:
    return Decimal(100) if rate is None else rate


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _deduction(count: int, each: Decimal, cap: Decimal) -> Decimal:
    return min(Decimal(count) * each, cap)


def score_unit(figures: UnitFigures, weights: Weights) -> Score:
    """The unit's score and, line by line, how it was reached."""
    on_time_rate = _pct(figures.done_on_time, figures.due)
    report_rate = _pct(figures.reports_on_time, figures.reports_due)
    lines = []
    on_time_points = weights.on_time * _full_if_none(on_time_rate) / 100
    if on_time_rate is None:
        lines.append(f"按时办结：本期无到期任务，按满分计 {_round(on_time_points)} 分")
    else:
        lines.append(
            f"按时办结：{figures.done_on_time}/{figures.due} 项，"
            f"{_round(on_time_rate)}% × {weights.on_time} = {_round(on_time_points)} 分"
        )
    report_points = weights.reports * _full_if_none(report_rate) / 100
    if report_rate is None:
        lines.append(f"按时报送：本期无应报进展，按满分计 {_round(report_points)} 分")
    else:
        lines.append(
            f"按时报送：{figures.reports_on_time}/{figures.reports_due} 次，"
            f"{_round(report_rate)}% × {weights.reports} = {_round(report_points)} 分"
        )
    deductions = (
        ("逾期", figures.overdue_days, "天", weights.per_overdue_day, weights.overdue_cap),
        ("催办", figures.urges, "次", weights.per_urge, weights.urge_cap),
        ("退回", figures.returns, "次", weights.per_return, weights.return_cap),
    )
    value = on_time_points + report_points
    for label, count, measure, each, cap in deductions:
        if count:
            minus = _deduction(count, each, cap)
            value -= minus
            capped = "（已封顶）" if minus == cap and Decimal(count) * each > cap else ""
            lines.append(f"{label}扣分：{count} {measure} × {each} = −{_round(minus)} 分{capped}")
    value = max(value, Decimal(0))
    lines.append(f"得分：{_round(value)} 分")
    return Score(
        figures=figures,
        value=_round(value),
        explanation=tuple(lines),
        on_time_rate=None if on_time_rate is None else _round(on_time_rate),
        report_rate=None if report_rate is None else _round(report_rate),
    )


def rank(figures: list[UnitFigures], weights: Weights) -> list[Ranking]:
    """Scores ranked within each unit kind (equal scores share a rank); units without work are
    left out, since there is nothing to assess."""
    by_kind: dict[str, list[Score]] = {}
    for item in figures:
        if item.total:
            by_kind.setdefault(item.unit_kind, []).append(score_unit(item, weights))
    rankings = []
    for kind, scores in by_kind.items():
        scores.sort(key=lambda s: (-s.value, s.figures.overdue_days, s.figures.unit_name))
        ranked, previous, position = [], None, 0
        for index, item in enumerate(scores, start=1):
            if item.value != previous:
                position, previous = index, item.value
            ranked.append(replace(item, rank=position))
        rankings.append(Ranking(kind=kind, scores=tuple(ranked)))
    return rankings
