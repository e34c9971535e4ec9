"""Is a sentence an instruction? Obligation words for, retrospect and slogans against."""

import re
from dataclasses import dataclass

from .data.directive_markers import (
    ACTOR_OPENING,
    ATTITUDE_PATTERNS,
    AUTHORITIES,
    DESCRIPTIVE_TOKENS,
    EXHORTATION,
    FEELING_VERBS,
    FORWARD_HEADINGS,
    FRAMING_CLAUSE,
    FUTURE_PLAN,
    HEADING_ACTOR,
    HIGHER_AUTHORITIES,
    IMPERATIVE_OPENINGS,
    INLINE_HEADING_ACTOR,
    LEAD_IN,
    LEADING_CONNECTIVES,
    MODAL_TOKENS,
    NOT_MODAL_YAO_WORDS,
    PROBLEM_TOKENS,
    REPORTING_VERBS,
    RESPONSIBILITY,
    RETROSPECTIVE_HEADINGS,
    RETROSPECTIVE_TOKENS,
    SLOGAN_PATTERNS,
    SPEAKER_SUBJECTS,
    TARGET_LINE,
    UNDERSTANDING_HEADINGS,
)
from .sentences import CLAUSE_BREAKS

_FUTURE_PLAN = re.compile(FUTURE_PLAN)
_SLOGAN = re.compile("|".join(SLOGAN_PATTERNS))
_UNDERSTANDING = re.compile(UNDERSTANDING_HEADINGS)
_EXHORTATION = re.compile(EXHORTATION)
_RETROSPECTIVE_HEADING = re.compile(RETROSPECTIVE_HEADINGS)
_FORWARD_HEADING = re.compile(FORWARD_HEADINGS)
_MODAL_CHARS = re.compile("[要须需得禁]|务必|确保|力争|争取|应当|绝不|决不|坚决|一定|务求|希望|请")
_OPENING = re.compile(
    r"^(?:[一二三四五六七八九十]\s*(?:要|是|方面)|第[一二三四五六七八九十]+|首先|其次|再次"
    r"|[0-9０-９]{1,2}\s*[、.．]|[（(]\s*[0-9０-９一二三四五六七八九十]{1,2}\s*[）)]|[①-⑳])?[，,、：:\s]*"
    r"(?:(?:" + "|".join(sorted(LEADING_CONNECTIVES, key=len, reverse=True)) + r")[，,、\s]*)*"
)
# 是 after these is an enumerator or emphasis ("一是", "特别是", "而是"), not a copula.
_NOT_COPULA_BEFORE = (*tuple("一二三四五六七八九十就而还也都但正只凡若或总"), "特别", "尤其")
_LEAD_IN = re.compile(LEAD_IN)
_RESPONSIBLE_PERSON = re.compile(r"是[^，,。；;]{0,24}(?:第一|直接|主要)?责任人")
_TOKEN_WORDS = re.compile(
    "|".join(
        sorted(
            {*RETROSPECTIVE_TOKENS, *PROBLEM_TOKENS, *DESCRIPTIVE_TOKENS},
            key=len,
            reverse=True,
        )
    )
)
_RESPONSIBILITY = re.compile(RESPONSIBILITY)
_ACTOR_OPENING = re.compile(ACTOR_OPENING)
_HEADING_ACTOR = re.compile(HEADING_ACTOR)
_INLINE_HEADING_ACTOR = re.compile(INLINE_HEADING_ACTOR)
_FRAMING = re.compile(FRAMING_CLAUSE)
_ATTITUDE = re.compile("|".join(ATTITUDE_PATTERNS))
_ATTITUDE_MAX_CHARS = 36  # a longer sentence goes on to concrete actions
_CONCRETE = re.compile(r"[0-9０-９]|[年月日周季]|每|前完成|到位")
_TARGET_LINE = re.compile(TARGET_LINE)
_LEAD_IN_MAX_CHARS = 60
# After an opening organisation these say it is a topic or a speaker: "…对…高度重视", "…讲到".
NOT_ACTOR_FOLLOWERS = ("对", *REPORTING_VERBS, "讲到", "重在")
_IMPERATIVE = tuple(sorted(IMPERATIVE_OPENINGS, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class Signals:
    """What a sentence's words say about it being an instruction."""

    future_plan: bool  # "今年将…", "下一步，我局将…"
    retrospective: bool  # 了 / 已经 / 先后 …: tells what happened
    problem: bool  # 有的 / 存在 / 不到位 …: describes a shortcoming
    slogan: bool  # understanding and significance, nothing to report on
    imperative_opening: bool  # opens with a verb, as the items of a list of instructions do


def _is_modal(token: str, following: str) -> bool:
    if following == "了":  # "确保了…": done, not due
        return False
    if token in MODAL_TOKENS:
        return token != "一定" or following.startswith("要")
    # a 要 inside a quoted slogan ("等靠要") is a word of the slogan
    return (
        token.startswith("要")
        and token not in NOT_MODAL_YAO_WORDS
        and not following.startswith(("”", "’", "、"))
    )


def reported(before: str, *, meeting: bool = False) -> bool:
    """Whether the words before an obligation report a higher body ("总书记强调，必须…").

    In the news or minutes of a meeting (``meeting``), "会议要求" and "县长王某某指出" are the
    meeting's own directives; only a higher body's words are a quotation there.
    """
    authorities = HIGHER_AUTHORITIES if meeting else AUTHORITIES
    for verb in REPORTING_VERBS:
        at = before.find(verb)
        while at >= 0:
            # "市委提出的…活动", "按照中央文件的要求": a noun phrase cited, not words reported
            cited = before.startswith("的", at + len(verb)) or before[:at].endswith("的")
            if not cited and any(a in before[:at] for a in authorities):
                return True
            at = before.find(verb, at + len(verb))
    return False


def find_responsibility(clause: str) -> int | None:
    """Offset after the actor of "由县财政局负责…", "县发改局负责协调…", "县教育局将…", or None."""
    m = _RESPONSIBILITY.match(clause)
    if not m:
        return None
    for group in ("actor", "actor2", "actor3", "actor4"):
        if m.group(group):
            return m.end(group)
    return m.end("decided")


def is_authority(actor: str) -> bool:
    """A higher body ("中央", "省委") or a meeting: quoted, never told to act by this document."""
    return any(a in actor for a in HIGHER_AUTHORITIES) or actor.endswith(("会议", "座谈会"))


def attitude_only(piece: str) -> bool:
    """A call for an attitude ("要牢固树立…意识") with no date, frequency or number in it."""
    return (
        len(piece) <= _ATTITUDE_MAX_CHARS
        and bool(_ATTITUDE.search(piece))
        and not _CONCRETE.search(piece)
    )


def frames_only(piece: str) -> bool:
    """A piece that only frames the directive after it ("按照…的要求，")."""
    return bool(_FRAMING.match(piece.strip()))


def heading_actor(heading: str) -> str | None:
    """The organisation a heading names as the actor of its items ("（三）县公安局：")."""
    m = _HEADING_ACTOR.match(heading)
    return m.group("actor") if m else None


def inline_heading_actor(item: str) -> str | None:
    """The organisation an enumerated item names before its colon ("（一）市城管执法局：①负责…"):
    the actor of the item and of the items under it."""
    m = _INLINE_HEADING_ACTOR.match(item)
    return m.group("actor") if m else None


def actor_opening(clause: str) -> int | None:
    """Offset after an organisation that opens a list item ("各乡镇、各责任单位按照…开展…")."""
    m = _ACTOR_OPENING.match(clause)
    return m.end("actor") if m else None


def may_hold_modal(text: str) -> bool:
    """Cheap pre-check: without one of these characters no token can be an obligation."""
    return bool(_MODAL_CHARS.search(text))


def find_modal(text: str, tokens: list[str], *, meeting: bool = False) -> int | None:
    """Offset of the first obligation word that is the speaker's own (not "书记强调要…")."""
    offset, clause_start, quoted = 0, 0, 0
    for i, token in enumerate(tokens):
        # a 要 inside a quoted slogan ("“党要管党”") belongs to the slogan
        quoted = max(quoted + token.count("“") - token.count("”"), 0)
        if quoted:
            pass
        elif token in CLAUSE_BREAKS:
            clause_start = offset + len(token)
        elif _is_modal(token, tokens[i + 1] if i + 1 < len(tokens) else ""):
            clause = text[clause_start:offset]
            if (
                not (
                    any(clause.endswith(verb) for verb in REPORTING_VERBS)
                    and (not meeting or reported(clause, meeting=True))
                )
                and not clause.rstrip("也都还一定").endswith(SPEAKER_SUBJECTS)
                and not reported(text[:offset], meeting=meeting)
                and not text[:clause_start].rstrip("，, ").endswith(FEELING_VERBS)
            ):
                return offset
        offset += len(token)
    # "希望各地用心研究": the wish addressed to a group is the instruction
    if len(tokens) > 2 and _EXHORTATION.match(tokens[0] + tokens[1]):
        return len(tokens[0]) + len(tokens[1])
    return None


def in_understanding_section(section_path: tuple[str, ...]) -> bool:
    """Whether a sentence sits under a heading about understanding or significance."""
    return any(_UNDERSTANDING.search(heading) for heading in section_path)


def heading_opens_list(heading: str) -> bool:
    """Whether the items under a heading read as instructions ("一要…", "工作安排")."""
    return may_hold_modal(heading) or bool(_FORWARD_HEADING.search(heading))


def in_retrospective_section(section_path: tuple[str, ...]) -> bool:
    """Whether a sentence sits under a heading that reports past work."""
    return any(_RETROSPECTIVE_HEADING.search(heading) for heading in section_path)


def is_descriptive(text: str, tokens: list[str], *, skip_first: bool = True) -> bool:
    """A sentence that says what something is ("…是…的有效路径"), read after its opening."""
    previous = tokens[0] if tokens and skip_first else ""
    for token in tokens[1:] if skip_first else tokens:
        if (
            token in DESCRIPTIVE_TOKENS
            and token != "就是"
            and not (token == "是" and previous.endswith(_NOT_COPULA_BEFORE))
        ):
            return True
        previous = token
    return False


def opening(text: str) -> int:
    """Offset after enumerators and connectives ("一是", "同时，")."""
    return _OPENING.match(text).end()


def names_responsibility(clause: str) -> bool:
    """ "各乡镇主要负责同志是第一责任人，要亲自部署…": the copula names who answers for it."""
    return bool(_RESPONSIBLE_PERSON.search(clause))


def needs_tokens(text: str) -> bool:
    """Whether a token test (retrospect, problem, copula) could fire: one of its words is in it."""
    return bool(_TOKEN_WORDS.search(text))


def is_lead_in(sentence: str) -> bool:
    """A sentence that announces the list after it ("今年重点抓好以下六个方面工作：")."""
    return bool(_LEAD_IN.search(sentence)) and len(sentence) <= _LEAD_IN_MAX_CHARS


def states_targets(text: str) -> bool:
    """The plan's target line: "主要预期目标是：…"."""
    return bool(_TARGET_LINE.search(text))


def plans(text: str) -> bool:
    """The speaker announcing a plan: "今年将…", "下一步，我局将…"."""
    return bool(_FUTURE_PLAN.search(text))


def signals(text: str, tokens: list[str]) -> Signals:
    """Read the signals of one sentence (``tokens`` is its jieba segmentation)."""
    return Signals(
        future_plan=bool(_FUTURE_PLAN.search(text)),
        retrospective=any(t in RETROSPECTIVE_TOKENS for t in tokens),
        problem=any(t in PROBLEM_TOKENS for t in tokens),
        slogan=bool(_SLOGAN.search(text)),
        imperative_opening=text.startswith(_IMPERATIVE, opening(text)),
    )
