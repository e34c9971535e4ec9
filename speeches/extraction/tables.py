"""Task tables: rows of 序号 / 工作任务 / 牵头单位 / 配合单位 / 完成时限, however they were pasted.

Three layouts are read: cells split by tabs, cells aligned with runs of spaces, and one cell per
line (a Word table pasted as text, where merged cells leave a row without its unit or deadline
line; such a row takes the cell of the row above, as the merged cell spans both).
"""

import re
from dataclasses import dataclass

from .data.table_columns import (
    COLUMN_NAMES,
    DEADLINE_CELL,
    IGNORED_COLUMNS,
    INLINE_CELL_BREAK,
    LEAD_MARK,
    MIN_NAMED_COLUMNS,
    UNIT_CELL_BREAK,
)

_ROLE_OF = {name: role for role, names in COLUMN_NAMES.items() for name in names}
_ROLE_OF.update(dict.fromkeys(IGNORED_COLUMNS, "ignored"))
_CELL_BREAK = re.compile(INLINE_CELL_BREAK)
_LEAD_MARK = re.compile(LEAD_MARK)
_DEADLINE_CELL = re.compile(DEADLINE_CELL)
_NUMBER = re.compile(r"[0-9０-９]{1,3}")
_CATEGORY = re.compile(r"[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[）)]")
_SPACE = re.compile(r"\s+")
_CATEGORY_MAX_CHARS = 30


@dataclass(frozen=True, slots=True)
class Cell:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Row:
    """One task row: its task cell, unit cells (lead first) and deadline cell, if any."""

    task: Cell
    units: tuple[Cell, ...]
    deadline: Cell | None
    header: str  # the header's column names, for provenance ("牵头单位/配合单位")


@dataclass(frozen=True, slots=True)
class Table:
    start: int
    end: int
    rows: tuple[Row, ...]


def _is_category(line: str) -> bool:
    return bool(_CATEGORY.match(line)) and len(line) <= _CATEGORY_MAX_CHARS


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _cells(text: str, start: int, end: int) -> list[Cell]:
    cells, pos = [], start
    line = text[start:end]
    for m in _CELL_BREAK.finditer(line):
        s, e = start + m.start(), start + m.end()
        if s > pos and text[pos:s].strip():
            cells.append(_cell(text, pos, s))
        pos = e
    if pos < end and text[pos:end].strip():
        cells.append(_cell(text, pos, end))
    return cells


def _cell(text: str, start: int, end: int) -> Cell:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Cell(start, end, text[start:end])


def _role(cell_text: str) -> str | None:
    return _ROLE_OF.get(_SPACE.sub("", cell_text))


def _is_header(roles: list[str | None]) -> bool:
    named = sum(r in ("task", "lead", "coop", "deadline") for r in roles)
    return "number" in roles and "task" in roles and named >= MIN_NAMED_COLUMNS


def is_deadline_cell(cell_text: str) -> bool:
    return bool(_DEADLINE_CELL.search(cell_text))


def unit_names(cells: tuple[Cell, ...]) -> tuple[str, ...]:
    """The units of a row's unit cells, lead first, "（牵头）" marks dropped."""
    out: list[str] = []
    for cell in cells:
        for part in split_outside_brackets(_LEAD_MARK.sub("", cell.text), UNIT_CELL_BREAK):
            if part not in out:
                out.append(part)
    return tuple(out)


def split_outside_brackets(text: str, breaks: str) -> list[str]:
    """``text`` cut at ``breaks`` outside （…）: "各县（市、区）政府" stays whole."""
    parts, depth, current = [], 0, []
    for ch in text:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(depth - 1, 0)
        if ch in breaks and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def _inline_table(text, lines, index, header_cells, roles):
    rows: list[Row] = []
    header = "/".join(
        c.text for c, r in zip(header_cells, roles, strict=True) if r in ("lead", "coop")
    )
    last_units: tuple[Cell, ...] = ()
    last_deadline: Cell | None = None
    end = lines[index][1]
    for s, e in lines[index + 1 :]:
        line = text[s:e].strip()
        if not line:
            continue
        cells = _cells(text, s, e)
        if len(cells) > len(roles) and "task" in roles:
            # spaces inside the task cell: its words are the extra cells after it
            at, extra = roles.index("task"), len(cells) - len(roles)
            merged = Cell(
                cells[at].start,
                cells[at + extra].end,
                text[cells[at].start : cells[at + extra].end],
            )
            cells = [*cells[:at], merged, *cells[at + extra + 1 :]]
        if len(cells) >= 3 and _NUMBER.fullmatch(cells[0].text):
            task, units, deadline = None, [], None
            for n, cell in enumerate(cells):
                role = (
                    roles[n]
                    if n < len(roles)
                    else ("deadline" if is_deadline_cell(cell.text) else None)
                )
                if role == "task":
                    task = cell
                elif role in ("lead", "coop"):
                    units.append(cell)
                elif role == "deadline":
                    deadline = cell
            if task is None:
                break
            units_t = tuple(units) or last_units
            deadline = deadline or last_deadline
            rows.append(Row(task, units_t, deadline, header))
            last_units, last_deadline, end = units_t, deadline, e
        elif _is_category(line) and len(cells) <= 1:
            continue  # "一、主要预期目标": a row spanning the table
        else:
            break
    return Table(lines[index][0], end, tuple(rows)) if rows else None


def _cell_per_line_table(text, lines, index):
    """Header cells on consecutive lines, then rows: a number line, the task, its cells."""
    roles: list[str] = []
    n = index
    while n < len(lines):
        s, e = lines[n]
        line = text[s:e].strip()
        role = _role(line) if line else None
        if role is None:
            if line:
                break
            n += 1
            continue
        roles.append(role)
        n += 1
    if not _is_header(roles):
        return None
    header = "/".join(
        name
        for name in (_SPACE.sub("", text[s:e]) for s, e in lines[index:n] if text[s:e].strip())
        if _ROLE_OF.get(name) in ("lead", "coop")
    )
    rows: list[Row] = []
    current: list[Cell] | None = None
    last_units: tuple[Cell, ...] = ()
    last_deadline: Cell | None = None
    end = lines[n - 1][1]

    def close():
        nonlocal last_units, last_deadline
        if not current:
            return
        task, rest = current[0], current[1:]
        units = tuple(c for c in rest if not is_deadline_cell(c.text))
        deadlines = [c for c in rest if is_deadline_cell(c.text)]
        units = units or last_units
        deadline = deadlines[-1] if deadlines else last_deadline
        rows.append(Row(task, units, deadline, header))
        last_units, last_deadline = units, deadline

    blank = False
    for s, e in lines[n:]:
        line = text[s:e].strip()
        if not line:
            blank = True
            continue
        if _NUMBER.fullmatch(line):
            close()
            current, blank = [], False
            end = e
            continue
        if _is_category(line) and not blank:
            close()
            current = None
            continue
        if blank or current is None:
            break
        current.append(_cell(text, s, e))
        end = e
    close()
    return Table(lines[index][0], end, tuple(rows)) if rows else None


def find_tables(text: str) -> list[Table]:
    """Every task table of ``text``, in order."""
    if "序号" not in text and "编号" not in text:
        return []
    lines = _lines(text)
    tables: list[Table] = []
    index = 0
    while index < len(lines):
        s, e = lines[index]
        line = text[s:e].strip()
        table = None
        if line.startswith(("序号", "编号")):
            cells = _cells(text, s, e)
            if len(cells) > 1:
                roles = [_role(c.text) for c in cells]
                if _is_header(roles):
                    table = _inline_table(text, lines, index, cells, roles)
            else:
                table = _cell_per_line_table(text, lines, index)
        if table:
            tables.append(table)
            while index < len(lines) and lines[index][0] < table.end:
                index += 1
            continue
        index += 1
    return tables
