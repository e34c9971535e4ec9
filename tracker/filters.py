"""Assignment filters shared by the dashboard and the Excel ledger export.

One dataclass parsed from a QueryDict, applied to any Assignment queryset (or turned into a
``Q`` under a prefix), and written back as a querystring so a filtered view is a shareable URL.
Bad values are dropped with a Chinese message in ``errors``; they never raise.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.http import QueryDict

from directory.models import Unit
from lib.params import is_clean_text, parse_id
from lib.recurrence import MONTHLY, WEEKLY
from tracker.models import Assignment
from tracker.services.periods import period_containing
from tracker.status import overdue_q

STATE_OPEN = "open"
STATE_OVERDUE = "overdue"
STATE_CHOICES = (
    (STATE_OPEN, "未完成（未开始+推进中）"),
    *Assignment.Status.choices,
    (STATE_OVERDUE, "已逾期"),
)

DUE_WEEK = "week"
DUE_MONTH = "month"
DUE_OVERDUE = "overdue"
DUE_CUSTOM = "custom"
DUE_CHOICES = (
    (DUE_WEEK, "本周到期"),
    (DUE_MONTH, "本月到期"),
    (DUE_OVERDUE, "已逾期"),
    (DUE_CUSTOM, "自定义日期"),
)

Q_MAX_LENGTH = 50

BAD_SPEECH = "讲话稿参数无效，已忽略"
BAD_TEXT = "搜索词含有无效字符，已忽略"
BAD_KIND = "单位类别无效，已忽略"
BAD_STATE = "状态参数无效，已忽略"
BAD_DUE = "时限范围无效，已忽略"
BAD_DATE = "日期格式应为 2026-11-25，已忽略"
DATES_REVERSED = "开始日期晚于结束日期，已忽略日期范围"
CUSTOM_NEEDS_DATE = "自定义时限请至少填写开始或结束日期"


def week_bounds(today: date) -> tuple[date, date]:
    """Monday and Sunday of the week containing ``today``."""
    week = period_containing(WEEKLY, today)
    return week.start, week.end


def month_bounds(today: date) -> tuple[date, date]:
    """First and last day of the month containing ``today``."""
    month = period_containing(MONTHLY, today)
    return month.start, month.end


def _parse_date(raw: str, errors: list[str]) -> date | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        if BAD_DATE not in errors:
            errors.append(BAD_DATE)
        return None


@dataclass(frozen=True)
class AssignmentFilters:
    """What the user asked to see; empty fields mean "all"."""

    speech: int | None = None
    kind: str = ""
    state: str = ""
    due: str = ""
    due_from: date | None = None
    due_to: date | None = None
    q: str = ""
    errors: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_querydict(cls, data: QueryDict | dict) -> AssignmentFilters:
        """Parse request.GET; invalid values are dropped and explained in ``errors``."""
        errors: list[str] = []

        speech = None
        raw_speech = (data.get("speech") or "").strip()
        if raw_speech:
            speech = parse_id(raw_speech)
            if speech is None:
                errors.append(BAD_SPEECH)

        kind = (data.get("kind") or "").strip()
        if kind and kind not in Unit.Kind.values:
            errors.append(BAD_KIND)
            kind = ""

        state = (data.get("state") or "").strip()
        if state and state not in dict(STATE_CHOICES):
            errors.append(BAD_STATE)
            state = ""

        due = (data.get("due") or "").strip()
        if due and due not in dict(DUE_CHOICES):
            errors.append(BAD_DUE)
            due = ""

        due_from = due_to = None
        if due == DUE_CUSTOM:
            due_from = _parse_date(data.get("from") or "", errors)
            due_to = _parse_date(data.get("to") or "", errors)
            if due_from and due_to and due_from > due_to:
                errors.append(DATES_REVERSED)
                due_from = due_to = None
            if due_from is None and due_to is None:
                if not errors:
                    errors.append(CUSTOM_NEEDS_DATE)
                due = ""

        q = " ".join((data.get("q") or "").split())[:Q_MAX_LENGTH]
        if not is_clean_text(q):
            errors.append(BAD_TEXT)
            q = ""
        return cls(
            speech=speech,
            kind=kind,
            state=state,
            due=due,
            due_from=due_from,
            due_to=due_to,
            q=q,
            errors=tuple(errors),
        )

    @property
    def is_active(self) -> bool:
        return bool(self.speech or self.kind or self.state or self.due or self.q)

    def as_q(self, today: date, prefix: str = "") -> Q:
        """The filter as a Q over Assignment fields; ``prefix`` reaches them through a relation."""
        p = prefix
        cond = Q()
        if self.speech:
            cond &= Q(**{f"{p}task__speech_id": self.speech})
        if self.kind:
            cond &= Q(**{f"{p}unit__kind": self.kind})
        if self.state == STATE_OPEN:
            cond &= Q(**{f"{p}status__in": Assignment.OPEN_STATUSES})
        elif self.state == STATE_OVERDUE:
            cond &= overdue_q(today, p)
        elif self.state:
            cond &= Q(**{f"{p}status": self.state})
        if self.due == DUE_WEEK:
            cond &= Q(**{f"{p}due_on__range": week_bounds(today)})
        elif self.due == DUE_MONTH:
            cond &= Q(**{f"{p}due_on__range": month_bounds(today)})
        elif self.due == DUE_OVERDUE:
            cond &= overdue_q(today, p)
        elif self.due == DUE_CUSTOM:
            if self.due_from:
                cond &= Q(**{f"{p}due_on__gte": self.due_from})
            if self.due_to:
                cond &= Q(**{f"{p}due_on__lte": self.due_to})
        if self.q:
            cond &= (
                Q(**{f"{p}task__title__icontains": self.q})
                | Q(**{f"{p}unit__name__icontains": self.q})
                | Q(**{f"{p}unit__short_name__icontains": self.q})
            )
        return cond

    def apply(self, queryset: QuerySet, today: date) -> QuerySet:
        """Narrow an Assignment queryset to what the filters ask for."""
        return queryset.filter(self.as_q(today))

    def as_params(self) -> dict[str, str]:
        """Only the non-empty filters, in a stable order, as URL parameters."""
        params: dict[str, str] = {}
        if self.speech:
            params["speech"] = str(self.speech)
        for name in ("kind", "state", "due"):
            if value := getattr(self, name):
                params[name] = value
        if self.due == DUE_CUSTOM:
            if self.due_from:
                params["from"] = self.due_from.isoformat()
            if self.due_to:
                params["to"] = self.due_to.isoformat()
        if self.q:
            params["q"] = self.q
        return params

    def as_querystring(self) -> str:
        """URL-encoded filters without the leading "?"; empty when nothing is filtered."""
        return urlencode(self.as_params())

    def without(self, *names: str) -> AssignmentFilters:
        """A copy with the named filters cleared (for "remove this filter" links)."""
        defaults = {f.name: f.default for f in fields(self) if f.name in names}
        return replace(self, **defaults)
