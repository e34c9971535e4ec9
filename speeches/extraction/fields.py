"""Unit and deadline fields beside the items of task lists and minutes (see data.field_labels)."""

import re
from dataclasses import dataclass

from .data.field_labels import (
    CLOSING_CLAUSE,
    FIELD_LABELS,
    FORM_DEADLINE_LABELS,
    FORM_TASK_LABELS,
    FORM_UNIT_LABELS,
    ROLE_MARK,
    UNIT_VALUE_BREAKS,
)
from .tables import split_outside_brackets

_LABEL = re.compile(
    r"(?P<label>" + "|".join(sorted(FIELD_LABELS, key=len, reverse=True)) + r")\s*[:：]\s*"
)
_ROLE_MARK = re.compile(ROLE_MARK)
_CLOSING = re.compile(CLOSING_CLAUSE)
_BRACKETED = re.compile(
    r"[（(【]([^（）()【】]*(?:[（(][^（）()]*[）)][^（）()【】]*)*)[）)】]\s*[。；;]?\s*$"
)
_VALUE_TRIM = " \t\u3000;；。,，、"


@dataclass(frozen=True, slots=True)
class Fields:
    """The units and the deadline words written beside one item, and where they stand."""

    units: tuple[str, ...]
    deadline_text: str
    start: int  # span of the field words in the text
    end: int


def _units(value: str) -> list[str]:
    value = _ROLE_MARK.sub("", value)
    return [u for u in split_outside_brackets(value, UNIT_VALUE_BREAKS) if len(u) >= 2]


def parse_labelled(text: str) -> tuple[tuple[str, ...], str] | None:
    """Units (lead first) and deadline words of "牵头单位:X;责任单位:Y。完成时限:Z", or None."""
    marks = list(_LABEL.finditer(text))
    if not marks:
        return None
    units: list[str] = []
    deadline = ""
    for n, m in enumerate(marks):
        end = marks[n + 1].start() if n + 1 < len(marks) else len(text)
        value = text[m.end() : end].strip(_VALUE_TRIM)
        role = FIELD_LABELS[m.group("label")]
        if role == "deadline":
            deadline = value
        else:
            units.extend(u for u in _units(value) if u not in units)
    return tuple(units), deadline


def field_line(line: str) -> tuple[tuple[str, ...], str] | None:
    """A line holding only fields ("牵头单位:县发改局;完成时限:2016年12月底")."""
    if not _LABEL.match(line.strip()):
        return None
    return parse_labelled(line)


def trailing_fields(text: str, start: int, end: int) -> Fields | None:
    """Fields closing an item's line: "(责任单位:…)", "【X负责,…完成】", "X牵头,…完成。"."""
    line = text[start:end]
    m = _BRACKETED.search(line)
    if m:
        inner = m.group(1)
        parsed = parse_labelled(inner) if _LABEL.search(inner) else None
        if parsed is None:
            c = _CLOSING.fullmatch(inner.strip())
            if c:
                parsed = _closing(c)
        if parsed:
            return Fields(parsed[0], parsed[1], start + m.start(), start + m.end())
    # the last sentence of the line: "县水利局牵头,各乡镇配合,汛期前完成主体工程。"
    cut = max(line.rfind("。", 0, len(line.rstrip("。；; "))), -1) + 1
    tail = line[cut:].strip()
    c = _CLOSING.fullmatch(tail.rstrip("。；; "))
    if c and cut > 0:
        parsed = _closing(c)
        return Fields(parsed[0], parsed[1], start + cut, end)
    return None


def _closing(m: re.Match) -> tuple[tuple[str, ...], str]:
    units = _units(m.group("lead"))
    if m.group("coop"):
        units += [u for u in _units(m.group("coop")) if u not in units]
    return tuple(units), m.group("deadline").strip()


@dataclass(frozen=True, slots=True)
class FormTask:
    """The task line of a 督办单 form, with the form's units and deadline words."""

    start: int  # span of the task words (after "督办事项:")
    end: int
    units: tuple[str, ...]
    unit_text: str
    deadline_text: str
    lines: tuple[tuple[int, int], ...]  # the task, unit and deadline lines: not read again


def _labelled_line(text: str, lines, labels) -> tuple[int, int, int] | None:
    """(line start, value start, line end) of the first line opening with one of ``labels``."""
    for s, e in lines:
        m = re.match(r"\s*(?:" + "|".join(labels) + r")\s*[:：]\s*", text[s:e])
        if m and s + m.end() < e:
            return s, s + m.end(), e
    return None


def form_task(text: str, lines: list[tuple[int, int]]) -> FormTask | None:
    """The 督办事项 of a supervision form, if the text is one."""
    task = _labelled_line(text, lines, FORM_TASK_LABELS)
    if task is None:
        return None
    unit = _labelled_line(text, lines, FORM_UNIT_LABELS)
    deadline = _labelled_line(text, lines, FORM_DEADLINE_LABELS)
    unit_text = text[unit[1] : unit[2]].strip() if unit else ""
    return FormTask(
        start=task[1],
        end=task[2],
        units=tuple(_units(unit_text)),
        unit_text=unit_text,
        deadline_text=text[deadline[1] : deadline[2]].strip() if deadline else "",
        lines=tuple((found[0], found[2]) for found in (task, unit, deadline) if found),
    )
