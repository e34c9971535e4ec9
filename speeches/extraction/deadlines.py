"""Due dates in a sentence, resolved against the speech's reference date (eval README rules)."""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from .data.deadline_words import (
    ANONYMISED_YEAR,
    RECURRING_BOUND,
    REPORT_OBJECT,
    RETROSPECTIVE_AFTER_YEAR,
    UNANCHORED_DEADLINE_WORDS,
)
from .numerals import to_int


@dataclass(frozen=True, slots=True)
class Deadline:
    """A time bound as written (``text`` at ``start:end`` of the sentence) and its date, if any."""

    text: str
    start: int
    end: int
    due: date | None


_Y = r"(?P<y>[0-9０-９]{4}|[〇零○一二三四五六七八九]{4})年"
_M = r"(?P<m>[0-9０-９]{1,2}|十[一二]?|[一二三四五六七八九])\s?月份?\s?"
# "9 月 5 前": a spaced day without 日 before 前
_D = (
    r"(?P<d>[0-9０-９]{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
    r"(?:[日号]|(?<=[0-9０-９])\s?(?=前))"
)
_N = r"(?P<n>[0-9０-９]{1,2}|十|[一二三四五六七八九两])"
_YEAR_WORD = rf"(?:(?P<next>明年|下一年)|(?P<this>今年|本年)|{_Y})"
_BEFORE = r"(?:前|之前|以前|底前|内|之内)?"

_DAY = re.compile(rf"{_YEAR_WORD}?{_M}{_D}{_BEFORE}")
_MONTH = re.compile(rf"{_YEAR_WORD}?{_M}(?P<part>底前|底|末|上旬|中旬|下旬|初|中|前|之前|以前|内)?")
# "本月底前", and "月底前" with no month named: this month
_THIS_MONTH = re.compile(
    r"本月(?P<part>底前|底|末|内|初|上旬|中旬|下旬)?"
    r"|(?<![0-9０-９一二三四五六七八九十个每本上下次])月(?P<part2>底前|底)"
)
_HALF_QUARTER = re.compile(
    rf"{_YEAR_WORD}?(?:年)?(?P<hq>上半年|下半年|(?:第)?[一二三四1-4１-４]季度)(?:末|底)?{_BEFORE}"
)
_NEXT_YEAR = re.compile(r"明年(?:年底前|年底|底前|底|年末|年内|内)?")
_THIS_YEAR = re.compile(
    r"(?<!从)(?:今年(?:年底前|年底|底前|底|年末|年内|内)?|年底前|年底|年末|年内|本年度内|全年)"
)
_YEAR = re.compile(rf"{_Y}(?:年底前|年底|底前|底|末|内)?")
_YEARS_FROM_NOW = re.compile(rf"(?:未来|在|用)?{_N}年(?:内|之内|以内|时间内|(?:左右)?(?:的)?时间)")
_MONTHS_FROM_NOW = re.compile(rf"(?:{_N}个月|(?<![上下])半年)(?:内|之内|以内|时间内)")
_ANONYMISED = re.compile(ANONYMISED_YEAR)
_UNANCHORED = re.compile("|".join(UNANCHORED_DEADLINE_WORDS))
_RECURRING_BOUND = re.compile(RECURRING_BOUND)
_REPORT_OBJECT = re.compile(REPORT_OBJECT)
_RANGE_JOIN = re.compile(r"\s*(?:至|到|—|－|~|～|-)\s*")
_QUARTER_END = {1: 3, 2: 6, 3: 9, 4: 12}
_MAY_BE_DATED = re.compile(r"[年月季旬0-9０-９]")
_BOUND_MARK = re.compile(r"(?:前|底|内|末|上旬|中旬|下旬|[日号])$")


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _year_of(m: re.Match, ref: date, month: int | None = None) -> int:
    if m.group("next"):
        return ref.year + 1
    if m.group("y"):
        return to_int(m.group("y")) or ref.year
    if m.group("this") or month is None:
        return ref.year
    # "X月底" said in November means next year's month X.
    return ref.year + 1 if month < ref.month else ref.year


def _resolve_day(m: re.Match, ref: date) -> date | None:
    month, day = to_int(m.group("m")), to_int(m.group("d"))
    if not month or not day or month > 12:
        return None
    try:
        return date(_year_of(m, ref, month), month, day)
    except ValueError:
        return None


def _resolve_month(m: re.Match, ref: date) -> date | None:
    month = to_int(m.group("m"))
    if not month or month > 12:
        return None
    year = _year_of(m, ref, month)
    part = m.group("part") or ""
    if part == "上旬":
        return date(year, month, 10)
    if part in ("中旬", "中"):
        return date(year, month, 20)
    if part == "初":
        return date(year, month, 1)
    return _last_day(year, month)


def _resolve_this_month(m: re.Match, ref: date) -> date | None:
    part = m.group("part") or m.group("part2") or ""
    if part == "初":
        return ref.replace(day=1)
    if part == "上旬":
        return ref.replace(day=10)
    if part == "中旬":
        return ref.replace(day=20)
    return _last_day(ref.year, ref.month)


def _resolve_half_quarter(m: re.Match, ref: date) -> date | None:
    year = _year_of(m, ref)
    hq = m.group("hq")
    if hq == "上半年":
        return date(year, 6, 30)
    if hq == "下半年":
        return date(year, 12, 31)
    quarter = to_int(hq.removeprefix("第").removesuffix("季度"))
    return _last_day(year, _QUARTER_END[quarter]) if quarter in _QUARTER_END else None


def _resolve_year(m: re.Match, ref: date) -> date | None:
    year = to_int(m.group("y"))
    return date(year, 12, 31) if year and 1900 < year < 2200 else None


def _resolve_years_from_now(m: re.Match, ref: date) -> date | None:
    n = to_int(m.group("n") or "")
    return _add_years(ref, n) if n else None


def _resolve_months_from_now(m: re.Match, ref: date) -> date | None:
    n = 6 if m.group(0).startswith("半年") else to_int(m.group("n") or "")
    return _add_months(ref, n) if n else None


# Most specific first: on overlap the earlier, longer reading wins.
_RULES = (
    (_DAY, _resolve_day),
    (_HALF_QUARTER, _resolve_half_quarter),
    (_MONTH, _resolve_month),
    (_THIS_MONTH, _resolve_this_month),
    (_NEXT_YEAR, lambda m, ref: date(ref.year + 1, 12, 31)),
    (_YEARS_FROM_NOW, _resolve_years_from_now),
    (_MONTHS_FROM_NOW, _resolve_months_from_now),
    (_YEAR, _resolve_year),
    (_THIS_YEAR, lambda m, ref: date(ref.year, 12, 31)),
)


def _is_start_not_bound(text: str, end: int) -> bool:
    # "2009年以来", "今年以来", "从今年起": where something began, not when it is due;
    # "报送上半年工作总结": the period a report covers, not when it is due.
    return (
        text.startswith(RETROSPECTIVE_AFTER_YEAR, end)
        or text.startswith("来", end)
        or bool(_REPORT_OBJECT.match(text, end))
    )


def find_dated(text: str, reference_date: date) -> list[Deadline]:
    """Every date-giving bound in ``text``, in order, ranges merged to their end."""
    if not _MAY_BE_DATED.search(text):
        return []  # no year, month, quarter or digit: nothing to resolve (most clauses)
    found: list[Deadline] = []
    taken: list[tuple[int, int]] = []
    for pattern, resolve in _RULES:
        for m in pattern.finditer(text):
            start, end = m.span()
            if end == start or any(start < e and s < end for s, e in taken):
                continue
            if _is_start_not_bound(text, end):
                continue
            due = resolve(m, reference_date)
            if due is None:
                continue
            taken.append((start, end))
            found.append(Deadline(m.group(0), start, end, due))
    found.sort(key=lambda d: d.start)
    merged: list[Deadline] = []
    for item in found:
        if merged:
            joint = _RANGE_JOIN.fullmatch(text, merged[-1].end, item.start)
            if joint:
                first = merged.pop()
                item = Deadline(text[first.start : item.end], first.start, item.end, item.due)
        merged.append(item)
    return merged


def find_deadline(text: str, reference_date: date) -> Deadline | None:
    """The bound a sentence sets: its last dated expression, else an undated word ("尽快")."""
    dated = find_dated(text, reference_date)
    if dated:
        # "于1月10日前报送2010年工作计划": a bound word beats a period named as an object
        bounds = [d for d in dated if _BOUND_MARK.search(d.text) or _RANGE_JOIN.search(d.text)]
        return (bounds or dated)[-1]
    m = _RECURRING_BOUND.search(text) or _ANONYMISED.search(text) or _UNANCHORED.search(text)
    if m:
        return Deadline(m.group(0), m.start(), m.end(), None)
    return None


def is_period(deadline: Deadline) -> bool:
    """A range or half-year/quarter: a period that frames every task said inside it."""
    return (
        bool(_RANGE_JOIN.search(deadline.text))
        or "半年" in deadline.text
        or "季度" in deadline.text
    )
