"""Actors: the unit told to act, as written in the sentence."""

import re

from .data.actor_patterns import (
    GENERIC_UNIT_WORDS,
    GROUP_PREFIXES,
    NOT_UNIT_ENDINGS,
    PERSON_SUFFIXES,
    PRONOUN_SUBJECTS,
    SPECIFIC_PREFIXES,
    SUBJECT_CUT_WORDS,
    SUBJECT_TRAILING_WORDS,
    UNIT_JOINERS,
    UNIT_SUFFIXES,
)
from .data.directive_markers import LEADING_CONNECTIVES, VERB_OPENINGS

_LEADING = re.compile(
    r"^(?:(?:" + "|".join(sorted(LEADING_CONNECTIVES, key=len, reverse=True)) + r")[，,、：:\s]*)+"
)
_ENUMERATOR = re.compile(
    r"^(?:[一二三四五六七八九十]\s*(?:要|是|方面)|第[一二三四五六七八九十]+|[①-⑳])[，,、：:\s]*"
)
_TRAILING = re.compile(
    r"(?:" + "|".join(sorted(SUBJECT_TRAILING_WORDS, key=len, reverse=True)) + r")+$"
)
_CUT = re.compile("|".join(sorted(SUBJECT_CUT_WORDS, key=len, reverse=True)))
_JOINERS = re.compile(UNIT_JOINERS)
_EACH = re.compile(r"(?<=[^\s、各])(?<!^各级)(?=各(?!级|自|项|类|种|个|方面))")
_PARENS = re.compile(r"[（(][^）)]*[）)]")
_MAX_SUBJECT = 24
_DIGITS = re.compile(r"[0-9０-９]")
# "八月份区委还要…", "10月31日前，市整治办组织…": the time comes first, the actor after it.
_TIME_LEAD = re.compile(
    r"^(?:[0-9０-９一二三四五六七八九十]{1,2}月(?:份|[0-9０-９]{1,2}日前|底前|上旬|中旬|下旬)?"
    r"|今年|明年|上半年|下半年|近期|当前|年底前|年内"
    r"|会后|目前|下一步|汛前|汛期)[，,]?"
)


def _plain(name: str) -> bool:
    if not name or len(name) > _MAX_SUBJECT or name in PRONOUN_SUBJECTS:
        return False
    if len(_PARENS.sub("", name)) < 2:  # "所需资料…": 所 is no unit on its own
        return False
    if "了" in name or "的" in _PARENS.sub("", name):  # "…改造的12间村级活动场所": a thing
        return False
    if _DIGITS.search(name):  # "办结后3个工作日内报送书面办": a time and an act, not a unit
        return False
    if name.startswith(VERB_OPENINGS) and not name.startswith(("组织部", "组织部门")):
        return False
    if any(ch in name for ch in '，,。；;：:“”"《》'):
        # quotes only around a named organisation such as “两新”组织
        return bool(re.fullmatch(r"[^，,。；;：:《》\"]*“[^”]{1,6}”[^，,。；;：:《》\"]*", name))
    return True


def _named(name: str, unit_names: frozenset[str]) -> bool:
    bare = _PARENS.sub("", name)
    if name in unit_names or name in GENERIC_UNIT_WORDS:
        return True
    if bare.endswith(UNIT_SUFFIXES) and not bare.endswith(NOT_UNIT_ENDINGS):
        return True
    first, sep, rest = bare.partition("、")  # "大水井村、格里坪": the first part is a unit
    return bool(sep) and len(rest) <= 8 and _named(first, unit_names)


def _addressed(name: str) -> bool:
    return name.startswith(GROUP_PREFIXES) and len(_PARENS.sub("", name)) <= 8


def without_time_lead(text: str) -> str:
    """The words after a leading time ("10月31日前，市整治办组织…" → "市整治办组织…")."""
    return _TIME_LEAD.sub("", text, count=1).lstrip()


def subject_before(prefix: str, unit_names: frozenset[str] = frozenset()) -> str | None:
    """The actor in the words before a modal ("各地特别" → 各地), or None."""
    text = _ENUMERATOR.sub("", prefix.strip())
    text = text.removeprefix("请")  # "请各地于…"
    if "由" in text and "由于" not in text:
        text = text.rsplit("由", 1)[1]  # "由县住建局牵头", "…检修由局办公室负责"
    text = _LEADING.sub("", text).strip()
    text = without_time_lead(text).strip()
    text = _TRAILING.sub("", text).strip()
    if text.startswith(SUBJECT_CUT_WORDS):  # "对已组建的…党组织要…": an object, not the actor
        return None
    candidates = [text]
    m = _CUT.search(text, 1)
    if m:
        candidates.append(_TRAILING.sub("", text[: m.start()]).strip())
    head, sep, _ = text.partition("的")
    if sep:
        candidates.append(head)
    for test in (_named, lambda name, _: _addressed(name)):
        for name in candidates:
            if _plain(name) and test(name, unit_names):
                return name
    return None


def is_person(actor: str) -> bool:
    """Office holders ("党组书记", "班子成员") act personally; they are not a section's actor."""
    return _PARENS.sub("", actor).endswith(PERSON_SUFFIXES)


def is_specific(actor: str, unit_names: frozenset[str] = frozenset()) -> bool:
    """One named body ("市委组织部", "×县"): told once, not the actor of what follows."""
    return actor in unit_names or actor.startswith(SPECIFIC_PREFIXES)


def is_group(actor: str) -> bool:
    """A group addressed as a whole ("各地", "各级党组织"): the usual actor of a section."""
    return actor.startswith(GROUP_PREFIXES)


def split_units(actor: str) -> tuple[str, ...]:
    """Several actors named together ("中小学校、公立医院", "各地各部门") as separate units."""
    parts, depth, current = [], 0, ""
    i = 0
    while i < len(actor):
        ch = actor[i]
        if ch in "（(“":
            depth += 1
        elif ch in "）)”":
            depth = max(depth - 1, 0)
        m = _JOINERS.match(actor, i) if depth == 0 else None
        if m:
            parts.append(current)
            current = ""
            i = m.end()
            continue
        current += ch
        i += 1
    parts.append(current)
    out: list[str] = []
    for part in parts:
        out.extend(p for p in _EACH.split(part.strip()) if p)
    named = [p.strip() for p in out if p.strip()]
    bodies = [p for p in named if not _PARENS.sub("", p).endswith(NOT_UNIT_ENDINGS)]
    return tuple(dict.fromkeys(bodies or named))
