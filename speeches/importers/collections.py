"""Split a collection of speeches ("第1篇 …标题" … "第2篇 …标题") into its speeches.

Sites sell speeches in bundles: each speech starts on a line "第N篇 title", numbered from 1. A
table of contents may list the same markers first; the speeches are the last run numbered 1, 2,
3 … Sites also repeat a speech's title as a footer under its last paragraph; that echo is noise.
"""

import re
from dataclasses import dataclass

from lib.numerals import chinese_int

from . import metadata

MARKER = re.compile(
    r"^第\s*(?P<n>\d{1,3}|[一二三四五六七八九十百零〇两]{1,4})\s*篇(?![章幅目])"
    r"\s*[：:、.．，,]?\s*(?P<title>.*)$"
)
MAX_MARKER_TITLE_CHARS = 80


@dataclass(frozen=True, slots=True)
class Part:
    """One speech of a collection: its title and its span of lines [first, stop)."""

    title: str
    first: int  # line of the title (the marker line, or the line after a bare marker)
    title_column: int  # where the title starts on that line
    stop: int


def find_parts(lines: list[str]) -> list[Part]:
    """The speeches of a collection, or [] when the text is not one (fewer than two markers)."""
    markers = []
    for index, line in enumerate(lines):
        match = MARKER.match(line)
        if match and len(match["title"]) <= MAX_MARKER_TITLE_CHARS:
            number = _number(match["n"])
            if number:
                markers.append((index, number))
    starts = [position for position, (_, number) in enumerate(markers) if number == 1]
    if not starts:
        return []
    run, expected = [], 1
    for index, number in markers[starts[-1] :]:
        if number == expected:
            run.append(index)
            expected += 1
    if len(run) < 2:
        return []
    parts = []
    for position, index in enumerate(run):
        stop = run[position + 1] if position + 1 < len(run) else len(lines)
        parts.append(_part(lines, index, stop))
    return [part for part in parts if part.title or part.first < part.stop]


def drop_title_echoes(lines: list[str]) -> list[str]:
    """Remove a speech's title repeated as the last line of that speech."""
    parts = find_parts(lines)
    spans = [(part.title, part.first, part.stop) for part in parts]
    if not parts:
        spans = [(metadata.find_title(lines), 0, len(lines))]
    echoes = set()
    for title, first, stop in spans:
        if not title:
            continue
        last = next((i for i in range(stop - 1, first, -1) if lines[i].strip()), None)
        if last is not None and lines[last].strip() == title:
            echoes.add(last)
    return [line for index, line in enumerate(lines) if index not in echoes]


def _part(lines: list[str], index: int, stop: int) -> Part:
    match = MARKER.match(lines[index])
    if match["title"].strip():
        title = match["title"].strip()
        return Part(title=title, first=index, title_column=match.start("title"), stop=stop)
    # A bare "第N篇" line: the title is the next non-blank line, if it can be one.
    following = next((i for i in range(index + 1, stop) if lines[i].strip()), None)
    if following is None:
        return Part(title="", first=stop, title_column=0, stop=stop)
    title = metadata.find_title(lines[following:stop])
    return Part(title=title, first=following, title_column=0, stop=stop)


def _number(text: str) -> int:
    """The speech's number; 0 (no marker) for what is not a numeral, a hundred included."""
    return chinese_int(text) or 0
