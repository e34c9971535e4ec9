"""考核: the periods units are assessed over, the stored weights and the ranking they give.

The formula itself is pure (``tracker.services.scores``); this module reads the latest
``ScoreWeights`` row, records a new one for every change, and names periods the way a 督查室
does (2026年第48周, 2026年11月, 2026年第四季度, or a date range).
"""

from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from directory import policy
from directory.models import User
from directory.policy import Action
from tracker.models import ScoreWeights
from tracker.selectors_assessment import KIND_ORDER, Scope, unit_figures
from tracker.services import scores
from tracker.services.assignments.base import WorkflowRefused
from tracker.services.periods import period_containing

WEEK, MONTH, QUARTER, RANGE = "week", "month", "quarter", "range"
PERIOD_KINDS = ((WEEK, "按周"), (MONTH, "按月"), (QUARTER, "按季度"), (RANGE, "自定义期间"))
QUARTER_NAMES = "一二三四"
WEIGHT_INVALID = "“{label}”应为不小于 0 的数字"
WEIGHT_OUT_OF_RANGE = "“{label}”应小于 {limit}，最多 {places} 位小数"
WEIGHTS_UNCHANGED = "权重没有变化，未保存"
RANGE_INVALID = "统计起始日不能晚于截止日"
RANGE_REQUIRED = "请填写统计起始日和截止日"


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date
    label: str


def _range_label(start: date, end: date) -> str:
    tail = (
        f"{end.month}月{end.day}日"
        if end.year == start.year
        else f"{end.year}年{end.month}月{end.day}日"
    )
    return f"{start.year}年{start.month}月{start.day}日至{tail}"


def period_of(kind: str, day: date) -> Period:
    """The week (Monday–Sunday), month or quarter that contains ``day``."""
    if kind == WEEK:
        bounds = period_containing("weekly", day)
        year, week, _ = bounds.start.isocalendar()
        return Period(bounds.start, bounds.end, f"{year}年第{week}周")
    if kind == MONTH:
        bounds = period_containing("monthly", day)
        return Period(bounds.start, bounds.end, f"{day.year}年{day.month}月")
    if kind == QUARTER:
        bounds = period_containing("quarterly", day)
        name = QUARTER_NAMES[(day.month - 1) // 3]
        return Period(bounds.start, bounds.end, f"{day.year}年第{name}季度")
    raise ValueError(f"unknown period kind {kind!r}")


def previous_period(kind: str, today: date) -> Period:
    """The last complete week, month or quarter before the one containing ``today``."""
    return period_of(kind, period_of(kind, today).start - timedelta(days=1))


def date_range(start: date | None, end: date | None) -> Period:
    if start is None or end is None:
        raise WorkflowRefused(RANGE_REQUIRED)
    if start > end:
        raise WorkflowRefused(RANGE_INVALID)
    return Period(start, end, _range_label(start, end))


def current_weights() -> tuple[scores.Weights, ScoreWeights | None]:
    """The weights that apply now (the latest stored row, else the defaults) and that row."""
    row = ScoreWeights.objects.select_related("changed_by").order_by("-changed_at", "-pk").first()
    if row is None:
        return scores.Weights(), None
    return weights_of(row), row


def weights_of(row: ScoreWeights) -> scores.Weights:
    return scores.Weights(**{f.name: Decimal(getattr(row, f.name)) for f in fields(scores.Weights)})


def weight_limit(name: str) -> tuple[int, int]:
    """What the column holds: values below the limit, with at most this many decimals."""
    field = ScoreWeights._meta.get_field(name)
    return 10 ** (field.max_digits - field.decimal_places), field.decimal_places


def weight_labels() -> dict[str, str]:
    return {
        f.name: ScoreWeights._meta.get_field(f.name).verbose_name for f in fields(scores.Weights)
    }


def save_weights(
    *, user: User, values: dict[str, object], note: str, now: datetime
) -> ScoreWeights:
    """Store a new version of the weights (administrators); the old rows stay as history."""
    policy.require(user, Action.MANAGE_SCORE_WEIGHTS)
    labels = weight_labels()
    parsed = {}
    for name, label in labels.items():
        try:
            value = Decimal(str(values.get(name, "")).strip())
        except InvalidOperation:
            raise WorkflowRefused(WEIGHT_INVALID.format(label=label)) from None
        if not value.is_finite() or value < 0:
            raise WorkflowRefused(WEIGHT_INVALID.format(label=label))
        limit, places = weight_limit(name)
        if value >= limit or value != value.quantize(Decimal(1).scaleb(-places)):
            raise WorkflowRefused(
                WEIGHT_OUT_OF_RANGE.format(label=label, limit=limit, places=places)
            )
        parsed[name] = value
    current, _ = current_weights()
    if scores.Weights(**parsed) == current:
        raise WorkflowRefused(WEIGHTS_UNCHANGED)
    return ScoreWeights.objects.create(
        **parsed, changed_by=user, changed_at=now, note=(note or "").strip()[:200]
    )


def ranking(scope: Scope, weights: scores.Weights | None = None) -> list[scores.Ranking]:
    """Units ranked within their kind for the period, each score with its explanation."""
    weights = weights or current_weights()[0]
    figures, _ = unit_figures(scope)
    return sorted_rankings(scores.rank(figures, weights))


def sorted_rankings(rankings: list[scores.Ranking]) -> list[scores.Ranking]:
    return sorted(rankings, key=lambda r: KIND_ORDER.get(r.kind, 99))
