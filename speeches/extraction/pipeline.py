"""Compose the stages: outline → sentences cut per actor → signals → directives."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from . import classify, detector, units
from .data import confidence as confidence_data
from .data.confidence import ACTOR_BONUS, BOUND_BONUS, CONFIDENCE_MAX, CONFIDENCE_MIN, RULE_BASE
from .data.field_labels import FORM_ROLE_REFERENCES
from .data.furniture import FURNITURE_LINES, NEWS_LEDE
from .deadlines import Deadline, find_dated, find_deadline, is_period
from .fields import Fields, FormTask, field_line, form_task, trailing_fields
from .kinds import DocumentKind, detect_kind
from .model import Directive, Provenance
from .recurrence import find_recurrence
from .sentences import split_clauses, strip_span, visible_length
from .structure import Sentence, heading_text, line_spans, outline
from .summary import summarize
from .tables import Row, find_tables
from .tables import unit_names as row_units
from .targets import find_target
from .tokenizer import add_unit_names, cut

_MIN_CHARS = 13  # "要做到心中有数", "党的各级组织也要参与" are remarks, not tasks
_LEAD_IN_CHARS = 20  # a shorter lead-in before "X要…" belongs to X's directive
_LONG_PIECE_CHARS = 30
_CLOSING_BOUND = 16
_OWN_TARGET_OPENINGS = ("实现", "确保", "力争", "争取", "到20", "到今年", "到明年", "今年", "明年")
_REPORT_WINDOW = 80  # how far back "总书记强调，" can frame an obligation
_PHASE = re.compile(r"阶段|第[一二三四五六七八九十]+步")
_FURNITURE = re.compile("|".join(FURNITURE_LINES))
_NEWS_LEDE = re.compile(NEWS_LEDE)
_FURNITURE_MAX_CHARS = 120


@dataclass(slots=True)
class _Draft:
    start: int
    end: int
    sentence: Sentence
    modal_at: int | None
    actor: str | None
    carries: bool  # sentence-initial organisation: later sentences of the paragraph inherit it
    deadline: Deadline | None
    recurrence: str | None
    units: tuple[str, ...] = ()
    units_source: Provenance | None = None
    deadline_source: Provenance | None = None
    fields: Fields | None = None
    rule: str = "modal"  # which genre rule proposed it: the key of its confidence


def _clause_modal(text: str, start: int, end: int, meeting: bool = False) -> int | None:
    clause = text[start:end]
    at = (
        classify.find_modal(clause, cut(clause), meeting=meeting)
        if classify.may_hold_modal(clause)
        else None
    )
    if at is None:
        at = classify.find_responsibility(clause)
        if at and (actor := units.subject_before(clause[:at])) and classify.is_authority(actor):
            at = None  # "省委决定…": a higher body's decision, quoted
    return None if at is None else start + at


def _pieces(
    text: str,
    sentence: Sentence,
    names: frozenset[str],
    reference_date: date,
    meeting: bool = False,
):
    """Cut a sentence where a second actor or a new due date takes over.

    "…，国有企业党组织要…" and "…2名以上，实现全市3年内…" are two directives each; a short
    lead-in without an actor ("特别要发挥好…作用，组织部门要…") stays with what follows.
    """
    clauses = split_clauses(text, sentence.start, sentence.end)
    piece_start, piece_modal, piece_actor, piece_dated = sentence.start, None, None, False
    so_far, piece_due, piece_recurrence = 0, None, None
    for n, (cs, ce) in enumerate(clauses):
        modal = _clause_modal(text, cs, ce, meeting)
        window = max(sentence.start, cs - _REPORT_WINDOW)
        if modal is not None and classify.reported(text[window:modal], meeting=meeting):
            modal = None
        actor = None
        if modal is not None:
            actor = units.subject_before(text[cs:modal], names)
            if actor is None and n == 1 and piece_modal is None and not text[cs:modal].strip():
                # "×县作为红色资源富集地，要…": the actor opens the sentence
                actor = units.subject_before(text[clauses[0][0] : clauses[0][1]], names)
                if actor:
                    piece_actor = actor
        found = find_deadline(text[cs:ce], reference_date)
        dated = bool(found and found.due)
        recurrence = find_recurrence(text[cs:ce])
        if (
            cs > piece_start
            and (
                (actor and actor != piece_actor and piece_actor)
                # "…每月督查一次，每半年…考核排名": a second frequency is a second duty
                or (recurrence and piece_recurrence and recurrence != piece_recurrence)
                or (actor and piece_modal is not None and so_far >= _LEAD_IN_CHARS)
                or (actor and so_far >= _LONG_PIECE_CHARS)
                or (
                    dated
                    and not piece_dated
                    and piece_modal is not None
                    and so_far >= _LONG_PIECE_CHARS
                    # "…2名以上，实现全市3年内…": a dated target of its own
                    and text.startswith(_OWN_TARGET_OPENINGS, cs)
                    # "…，6月底前完成。": a short closing bound belongs to what precedes it
                    and not (
                        n == len(clauses) - 1 and visible_length(text[cs:ce]) <= _CLOSING_BOUND
                    )
                )
                # "今年必须完成80%，明年100%": a second due date is a second directive
                or (dated and piece_dated and found.due != piece_due)
            )
        ):
            yield piece_start, cs, piece_modal, piece_actor
            piece_start, piece_modal, piece_actor, piece_dated = cs, None, None, False
            so_far, piece_recurrence = 0, None
        so_far += visible_length(text[cs:ce])
        if piece_modal is None and modal is not None:
            piece_modal = modal
        piece_actor = piece_actor or actor
        if dated and not piece_dated:
            piece_due = found.due
        piece_dated = piece_dated or dated
        piece_recurrence = piece_recurrence or recurrence
    yield piece_start, sentence.end, piece_modal, piece_actor


def _headings_above(text: str, sentence: Sentence) -> tuple[str, ...]:
    """The section path without the sentence itself (a numbered item names its own section)."""
    path = sentence.section_path
    if (
        path
        and sentence.enumerated
        and path[-1] == heading_text(text[sentence.start : sentence.end])
    ):
        return path[:-1]
    return path


def _opening_actor(quote: str, names: frozenset[str]) -> str | None:
    body = units.without_time_lead(quote[classify.opening(quote) :])
    at = classify.actor_opening(body)
    if at is None or classify.is_descriptive(body[at:], cut(body[at:]), skip_first=False):
        return None
    if body.startswith(classify.NOT_ACTOR_FOLLOWERS, at) or classify.reported(body[: at + 4]):
        return None
    actor = units.subject_before(body[:at], names)
    return actor if actor and not classify.is_authority(actor) else None


def _actor_without_modal(text: str, start: int, end: int, names: frozenset[str], mark: int):
    """The subject of "组织部门每季度至少召开…": the words before the time phrase."""
    for cs, ce in split_clauses(text, start, end):
        if cs <= mark < ce:
            return units.subject_before(text[cs:mark], names)
    return None


def _inherited(periods: dict[tuple[str, ...], tuple[Deadline, Provenance]], path: tuple[str, ...]):
    for n in range(len(path), -1, -1):
        if path[:n] in periods:
            return periods[path[:n]]
    return None


def extract(
    text: str,
    *,
    reference_date: date,
    unit_names: Iterable[str] = (),
    kind: DocumentKind | None = None,
) -> list[Directive]:
    """Every directive of a document, in text order; ``text[d.start:d.end] == d.quote``.

    ``kind`` steers the genre rules; None detects it from the text.
    """
    if not text or not text.strip():
        return []
    kind = DocumentKind(kind) if kind else detect_kind(text)
    names = frozenset(n.strip() for n in unit_names if n and n.strip())
    add_unit_names(names)
    tables = find_tables(text)
    meeting = kind in _MEETING_KINDS
    result = [
        d
        for table in tables
        for row in table.rows
        for d in _row_directives(text, row, reference_date)
    ]
    drafts: list[_Draft] = []
    periods: dict[tuple[str, ...], tuple[Deadline, Provenance]] = {}
    item_fields, skipped = _item_fields(text, tables)
    form = form_task(text, line_spans(text))
    if form:
        skipped.extend(form.lines)
        result.append(_form_directive(text, form, reference_date))
    heading_units: dict[tuple[str, ...], tuple[tuple[str, ...], str]] = {}
    list_open, paragraph, last_opens_list = False, -1, False
    for sentence in outline(text):
        if any(s <= sentence.start < e for s, e in skipped):
            continue
        if sentence.paragraph != paragraph:
            paragraph = sentence.paragraph
            # a list goes on in the next paragraph only after a heading or an enumerated item
            list_open = list_open and last_opens_list
        last_opens_list = sentence.is_heading or sentence.enumerated
        fields = item_fields.get(sentence.paragraph)
        if sentence.is_heading:
            heading = text[sentence.start : sentence.end]
            found = find_deadline(heading, reference_date)
            if found and found.due:
                periods[sentence.section_path] = (found, _period_source(heading))
            actor = classify.heading_actor(heading)
            if actor and not classify.is_authority(actor):
                heading_units[sentence.section_path] = (units.split_units(actor), actor)
                list_open = True
                continue
            # items read as instructions under a heading that (or whose parent) plans work
            list_open = _inherited(periods, sentence.section_path) is not None or any(
                classify.heading_opens_list(h) for h in sentence.section_path
            )
            continue
        if (sentence.intro and kind == DocumentKind.SPEECH) or sentence.rhetoric:
            list_open = False
            continue
        list_open = list_open or sentence.enumerated  # a numbered item is a list item
        if sentence.enumerated:
            actor = classify.inline_heading_actor(text[sentence.start : sentence.end])
            if actor and not classify.is_authority(actor):
                heading_units[sentence.section_path] = (units.split_units(actor), actor)
        if classify.is_lead_in(text[sentence.start : sentence.end]):
            # "今年重点抓好以下六个方面工作：": opens a list, bounds its items, is none of them
            found = find_deadline(text[sentence.start : sentence.end], reference_date)
            if found and found.due:
                periods[sentence.section_path] = (
                    found,
                    Provenance("lead_in", text[sentence.start : sentence.end].rstrip("：:")),
                )
            list_open = last_opens_list = True
            continue
        first, said = True, None  # said: a date given earlier in the sentence
        for start, end, modal_at, actor in _pieces(text, sentence, names, reference_date, meeting):
            quote = text[start:end]
            draft, closes = None, False
            if visible_length(quote) >= _min_chars(fields, actor, names):
                draft, closes = _judge(
                    text,
                    sentence,
                    start,
                    end,
                    modal_at,
                    actor,
                    names,
                    list_open,
                    reference_date,
                    itemised=kind in _ITEMISED_KINDS,
                    meeting=meeting,
                )
                if draft is None and fields:
                    draft = _field_item(text, sentence, start, end, reference_date)
            if draft is None:
                list_open = list_open and not closes
                first = False
                said = said or _dated(quote, reference_date)
                continue
            draft.fields = fields
            if draft.actor and f"{draft.actor}的" in quote:
                draft.carries = False  # "社区的各项工作都要…": a topic, not the paragraph's actor
            draft.carries = draft.carries and first
            first = False
            if draft.deadline and draft.deadline.due:
                draft.deadline_source = Provenance("sentence", draft.deadline.text)
                if is_period(draft.deadline):
                    periods[sentence.section_path] = (
                        draft.deadline,
                        Provenance("context", draft.deadline.text),
                    )
            else:
                inherited = (said, Provenance("context", said.text)) if said else None
                inherited = inherited or _inherited(periods, sentence.section_path)
                if fields and fields.deadline_text:
                    inherited = None  # the item's own field says when
                if inherited:
                    draft.deadline, draft.deadline_source = inherited
                elif draft.deadline:
                    draft.deadline_source = Provenance("sentence", draft.deadline.text)
            said = said or (draft.deadline if draft.deadline and draft.deadline.due else None)
            drafts.append(draft)
            list_open = True
    _assign_units(drafts, reference_date, heading_units)
    if form and form.units:
        for d in drafts:  # "承办单位须提前书面说明原因": the form's units
            if d.units and all(u in FORM_ROLE_REFERENCES for u in d.units):
                d.units = form.units
                d.units_source = Provenance("addressee", form.unit_text)
    group = _group(kind)
    probabilities = _sentence_probabilities(text, drafts)
    result.extend(_directive(text, d, group, probabilities.get(d.sentence.start)) for d in drafts)
    return sorted(result, key=lambda d: d.start)


_TABLE_CONFIDENCE = RULE_BASE["table"]["list"]  # a table row or a form's task line
# Genres written as lists of items (plans, notices, reports): an item states a task without 要.
_ITEMISED_KINDS = frozenset(
    {
        DocumentKind.PLAN,
        DocumentKind.TASK_BREAKDOWN,
        DocumentKind.WORK_REPORT,
        DocumentKind.NOTICE,
        DocumentKind.SUMMARY,
        DocumentKind.MINUTES,
        DocumentKind.SUPERVISION_REPORT,
    }
)
# Genres where a meeting or a leader speaks in the document's own voice ("会议要求，…").
_MEETING_KINDS = frozenset(
    {DocumentKind.MEETING_REPORT, DocumentKind.MINUTES, DocumentKind.INSTRUCTION}
)
_MIN_FIELD_ITEM_CHARS = 6
_MIN_ACTOR_CHARS = 9  # "新改建农村公路180公里。" with its 牵头单位 line is a task


def _min_chars(fields: Fields | None, actor: str | None, names: frozenset[str]) -> int:
    if fields:
        return _MIN_FIELD_ITEM_CHARS
    if actor and not units.is_person(actor) and actor not in units.PRONOUN_SUBJECTS:
        return _MIN_ACTOR_CHARS  # "杏坪镇要立即封堵直排口": short, but a unit is told to act
    return _MIN_CHARS


def _period_source(heading: str) -> Provenance:
    kind = "phase" if _PHASE.search(heading) else "heading"
    return Provenance(kind, heading.strip(" 。；;，,：:"))


def _furniture(text: str) -> list[tuple[int, int]]:
    """Title, signature, 文号 and other furniture lines, and news ledes."""
    out = []
    for s, e in line_spans(text):
        line = text[s:e]
        if len(line) <= _FURNITURE_MAX_CHARS and _FURNITURE.search(line):
            out.append((s, e))
        elif _NEWS_LEDE.match(line):
            # the lede sentence only: what follows it in the paragraph may instruct
            end = min((i for i in (line.find(c) for c in "。；;") if i >= 0), default=len(line))
            out.append((s, s + end + 1))
    return out


def _item_fields(text: str, tables) -> tuple[dict[int, Fields], list[tuple[int, int]]]:
    """Fields per line (``Sentence.paragraph``) and the spans of field words to skip."""
    out: dict[int, Fields] = {}
    skipped = [(t.start, t.end) for t in tables] + _furniture(text)
    field_lines: set[int] = set()
    for n, (s, e) in enumerate(line_spans(text)):
        if any(ts <= s < te for ts, te in skipped):
            continue
        parsed = field_line(text[s:e])
        if parsed:
            skipped.append((s, e))
            field_lines.add(n)
            item = n - 1
            while item in field_lines:
                item -= 1
            if item < 0:
                continue
            before = out.get(item)
            units = tuple(dict.fromkeys((*(before.units if before else ()), *parsed[0])))
            deadline = parsed[1] or (before.deadline_text if before else "")
            out[item] = Fields(units, deadline, before.start if before else s, e)
            continue
        trailing = trailing_fields(text, s, e)
        if trailing:
            out[n] = trailing
            skipped.append((trailing.start, trailing.end))
    return out, skipped


def _field_item(
    text: str, sentence: Sentence, start: int, end: int, reference_date: date
) -> _Draft | None:
    """A list item whose units and deadline are written in fields beside it: a task as it stands."""
    quote = text[start:end]
    if classify.signals(quote, cut(quote)).slogan:
        return None
    deadline = find_deadline(quote, reference_date)
    return _Draft(
        start=start,
        end=end,
        sentence=sentence,
        modal_at=None,
        actor=None,
        carries=False,
        deadline=deadline,
        recurrence=find_recurrence(quote),
        rule="field",
    )


def _form_directive(text: str, form: FormTask, reference_date: date) -> Directive:
    """The 督办事项 of a supervision form, with the form's 承办单位 and 办理时限."""
    quote = text[form.start : form.end]
    found = find_deadline(form.deadline_text, reference_date) if form.deadline_text else None
    return Directive(
        quote=quote,
        start=form.start,
        end=form.end,
        task=summarize(quote),
        units=form.units,
        deadline_text=form.deadline_text,
        deadline=found.due if found else None,
        recurrence=find_recurrence(form.deadline_text) if form.deadline_text else None,
        target=find_target(quote),
        confidence=_TABLE_CONFIDENCE,
        units_source=Provenance("table", form.unit_text) if form.units else None,
        deadline_source=Provenance("table", form.deadline_text) if form.deadline_text else None,
    )


def _dated_steps(text: str, start: int, end: int, reference_date: date):
    """A task cell cut where a second dated step begins ("6月底前完成可研，年底前开工")."""
    pieces, piece_start, piece_due = [], start, None
    for cs, ce in split_clauses(text, start, end):
        found = find_deadline(text[cs:ce], reference_date)
        due = found.due if found else None
        if due and piece_due and due != piece_due and cs > piece_start:
            pieces.append((piece_start, cs))
            piece_start = cs
        if due:
            piece_due = due
    pieces.append((piece_start, end))
    return pieces


def _row_directives(text: str, row: Row, reference_date: date) -> list[Directive]:
    """A table row's directives: its task cell (cut at dated steps), units and deadline cells."""
    names = row_units(row.units)
    units_source = Provenance("table", f"{row.header}：{'、'.join(names)}") if names else None
    cell = row.deadline
    cell_deadline = find_deadline(cell.text, reference_date) if cell else None
    cell_recurrence = find_recurrence(cell.text) if cell else None
    out = []
    for start, end in _dated_steps(text, row.task.start, row.task.end, reference_date):
        start, end = strip_span(text, start, end)
        quote = text[start:end]
        own = find_deadline(quote, reference_date)
        recurrence = find_recurrence(quote) or cell_recurrence
        if own and own.due:
            deadline_text, due = own.text, own.due
            deadline_source = Provenance("sentence", own.text)
        elif cell:
            deadline_text = cell.text
            due = cell_deadline.due if cell_deadline else None
            deadline_source = Provenance("table", cell.text)
        else:
            deadline_text, due, deadline_source = "", None, None
        out.append(
            Directive(
                quote=quote,
                start=start,
                end=end,
                task=summarize(quote),
                units=names,
                deadline_text=deadline_text,
                deadline=due,
                recurrence=recurrence,
                target=find_target(quote),
                confidence=_TABLE_CONFIDENCE,
                section_path=(),
                units_source=units_source,
                deadline_source=deadline_source,
            )
        )
    return out


def _dated(quote: str, reference_date: date) -> Deadline | None:
    found = find_dated(quote, reference_date)
    return found[-1] if found else None


def _judge(
    text: str,
    sentence: Sentence,
    start: int,
    end: int,
    modal_at: int | None,
    actor: str | None,
    names: frozenset[str],
    list_open: bool,
    reference_date: date,
    *,
    itemised: bool = False,
    meeting: bool = False,
) -> tuple[_Draft | None, bool]:
    """A draft directive for ``text[start:end]`` or None, and whether a list of items ends here."""
    quote = text[start:end]
    deadline = find_deadline(quote, reference_date)
    recurrence = find_recurrence(quote)
    dated = bool(deadline and deadline.due)
    if modal_at is None and not (list_open or dated or recurrence or classify.plans(quote)):
        return None, False  # nothing could make it an instruction: spare the tokenizer
    if classify.frames_only(quote):
        return None, False
    if modal_at is None and classify.reported(quote, meeting=meeting):
        return None, False  # "省委、省政府要求，今年要实现…": a higher body's words
    tokens = (
        [t for cs, ce in split_clauses(text, start, end) for t in cut(text[cs:ce])]
        if classify.needs_tokens(quote)
        else []  # none of the words the token tests look for: spare the tokenizer
    )
    sig = classify.signals(quote, tokens)
    if sig.slogan:
        return None, True
    if classify.attitude_only(quote):
        return None, False
    above = _headings_above(text, sentence)
    if classify.in_understanding_section(above) and not (recurrence or dated):
        return None, True
    carries = actor is not None
    if modal_at is not None:
        # a copula in the obligation's clause or the one before: "…是第一责任人，一定要…"
        lead_in = re.split(r"[，,]", text[start:modal_at])[-2:]
        if any(
            classify.is_descriptive(part, cut(part), skip_first=False)
            and not classify.names_responsibility(part)
            for part in lead_in
            if part
        ):
            return None, True
    if classify.in_retrospective_section(above) and not sig.future_plan:
        return None, True  # "规定…必须按人头发放到位" told in a review of past work
    rule = "modal"
    if modal_at is not None:
        if not classify.may_hold_modal(text[modal_at : modal_at + 2]):
            rule = "responsibility"
    elif sig.future_plan and not sig.retrospective:
        rule = "future_plan"
    else:
        if sig.retrospective:
            return None, True
        mark = None
        if recurrence:
            mark = start + max(quote.find("每"), 0)
        elif dated:
            mark = start + deadline.start
        actor = _actor_without_modal(text, start, end, names, mark) if mark is not None else None
        if actor and (recurrence or dated):
            carries, rule = True, "actor_dated"
        elif sig.problem:
            return None, True
        elif (
            itemised and list_open and (opener := _opening_actor(quote, names)) and not sig.problem
        ):
            actor, carries = opener, True
            rule = "opener"  # "镇危改办组织对竣工农户逐户验收": a list item
        elif classify.states_targets(quote) and find_target(quote):
            rule = "target_line"  # "主要预期目标是：地区生产总值增长12%左右，…"
        elif (
            list_open
            and (sig.imperative_opening or dated or recurrence or (itemised and find_target(quote)))
            and not classify.is_descriptive(quote, tokens)
        ):
            rule = "list_item"
        else:
            return None, classify.is_descriptive(quote, tokens)
    return (
        _Draft(
            start=start,
            end=end,
            sentence=sentence,
            modal_at=modal_at,
            actor=actor,
            carries=carries
            and actor is not None
            and not units.is_person(actor)
            and (itemised or not units.is_specific(actor, names)),
            deadline=deadline,
            recurrence=recurrence,
            rule=rule,
        ),
        False,
    )


def _assign_units(
    drafts: list[_Draft],
    reference_date: date,
    heading_units: dict[tuple[str, ...], tuple[tuple[str, ...], str]],
) -> None:
    """Own actor, else a heading that names one ("（三）县公安局："), else the paragraph's last
    organisation, else the section's addressed group; an item's unit and deadline fields add to
    (units) or stand in for (deadline) the sentence."""
    leads: dict[tuple, tuple[tuple[str, ...], str]] = {}
    for d in drafts:
        if d.carries and units.is_group(d.actor) and d.sentence.scope not in leads:
            leads[d.sentence.scope] = (units.split_units(d.actor), d.actor)
    carried: tuple[str, ...] = ()
    carried_from = ""
    paragraph = -1
    for d in drafts:
        if d.sentence.paragraph != paragraph:
            paragraph, carried = d.sentence.paragraph, ()
        path = d.sentence.section_path
        named = next(
            (heading_units[path[:n]] for n in range(len(path), 0, -1) if path[:n] in heading_units),
            None,
        )
        if d.actor:
            d.units = units.split_units(d.actor)
            d.units_source = Provenance("sentence", d.actor)
            if d.carries:
                carried, carried_from = d.units, d.actor
        elif named:
            d.units, d.units_source = named[0], Provenance("heading", named[1])
        elif carried:
            d.units, d.units_source = carried, Provenance("context", carried_from)
        elif d.sentence.scope in leads:
            d.units, actor = leads[d.sentence.scope]
            d.units_source = Provenance("context", actor)
        if d.fields:
            _apply_fields(d, reference_date)


def _apply_fields(d: _Draft, reference_date: date) -> None:
    f = d.fields
    if f.units:
        own = d.units if d.units_source and d.units_source.kind == "sentence" else ()
        d.units = tuple(dict.fromkeys((*own, *f.units)))
        d.units_source = Provenance("table", "、".join(f.units))
    if f.deadline_text and not (d.deadline and d.deadline.due):
        found = find_deadline(f.deadline_text, reference_date)
        d.deadline = Deadline(f.deadline_text, 0, 0, found.due if found else None)
        d.deadline_source = Provenance("table", f.deadline_text)
        d.recurrence = d.recurrence or find_recurrence(f.deadline_text)


def _sentence_probabilities(text: str, drafts: list[_Draft]) -> dict[int, float]:
    """The detector's probability for each sentence that holds a draft (None: no detector)."""
    if not confidence_data.DETECTOR_WEIGHT:
        return {}
    out: dict[int, float] = {}
    for d in drafts:
        s = d.sentence
        if s.start not in out:
            out[s.start] = detector.directive_probability(text[s.start : s.end])
    return out


def _rule_confidence(d: _Draft, group: str) -> float:
    value = RULE_BASE[d.rule][group]
    if d.actor:
        value += ACTOR_BONUS
    if (d.deadline and d.deadline.due) or d.recurrence:
        value += BOUND_BONUS
    return value


def _confidence(d: _Draft, group: str, probability: float | None) -> float:
    """The rule's confidence, moved by the sentence detector's probability when it has one."""
    value = _rule_confidence(d, group)
    if probability is not None:
        value += confidence_data.DETECTOR_WEIGHT * (probability - confidence_data.DETECTOR_CENTER)
    return round(max(min(value, CONFIDENCE_MAX), CONFIDENCE_MIN), 2)


def _group(kind: DocumentKind) -> str:
    if kind == DocumentKind.SPEECH:
        return "speech"
    return "meeting" if kind in _MEETING_KINDS else "list"


def _directive(
    text: str, d: _Draft, group: str = "speech", probability: float | None = None
) -> Directive:
    quote = text[d.start : d.end]
    modal = None if d.modal_at is None else d.modal_at - d.start
    return Directive(
        quote=quote,
        start=d.start,
        end=d.end,
        task=summarize(quote, modal_at=modal),
        units=d.units,
        deadline_text=d.deadline.text if d.deadline else "",
        deadline=d.deadline.due if d.deadline else None,
        recurrence=d.recurrence,
        target=find_target(quote),
        confidence=_confidence(d, group, probability),
        section_path=d.sentence.section_path,
        units_source=d.units_source if d.units else None,
        deadline_source=d.deadline_source if d.deadline else None,
    )
