import threading
from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from directory.models import Unit
from directory.units import UnitDirectory
from speeches.models import Directive
from speeches.services import review
from tests.factories import DirectiveFactory, SpeechFactory, UnitAliasFactory, UnitFactory
from tracker.models import Assignment, HistoryEntry, Task
from tracker.services import intake

NOW = datetime(2024, 5, 10, 2, 0, tzinfo=UTC)  # 10:00 in Asia/Shanghai
LATER = datetime(2024, 5, 11, 2, 0, tzinfo=UTC)

TEXT = (
    "一、加强基层组织建设\n"
    "各乡镇要在年底前完成村级活动场所建设。"
    "区委组织部牵头，各乡镇配合，每季度开展一次专项督查。"
    "组织部、宣传部要在6月底前完成党员培训，确保培训率达到95%以上。"
)


def span(text: str, fragment: str) -> tuple[int, int]:
    start = text.index(fragment)
    return start, start + len(fragment)


def candidate(speech, fragment: str, *, mentions=(), **fields) -> Directive:
    """A candidate as the import service stores it: units resolved through the directory."""
    start, end = span(speech.text, fragment)
    resolution = UnitDirectory.load().resolve(mentions, area=speech.area)
    directive = DirectiveFactory(
        speech=speech,
        start=start,
        end=end,
        unit_mentions=list(mentions),
        unmatched_units=resolution.unmatched,
        **fields,
    )
    directive.units.set(resolution.units)
    return directive


@pytest.fixture
def directory(district, town_a, town_b):
    """测试区 with two townships, a street, two departments; 丙镇 lies in another district."""
    other = UnitFactory(name="外区", kind=Unit.Kind.DISTRICT)
    UnitFactory(name="丙镇", kind=Unit.Kind.TOWNSHIP, parent=other)
    UnitFactory(name="城关街道", kind=Unit.Kind.STREET, parent=district)
    org = UnitFactory(
        name="区委组织部", short_name="组织部", kind=Unit.Kind.DEPARTMENT, parent=district
    )
    UnitAliasFactory(unit=org, name="组织部门")
    UnitFactory(name="区委宣传部", short_name="宣传部", kind=Unit.Kind.DEPARTMENT, parent=district)
    return district


@pytest.fixture
def speech(directory):
    return SpeechFactory(text=TEXT, area=directory)


def names(task: Task, role: str | None = None) -> list[str]:
    assignments = task.assignments.order_by("unit__name")
    if role:
        assignments = assignments.filter(role=role)
    return [a.unit.name for a in assignments]


@pytest.mark.django_db
def test_accepting_creates_a_task_linked_to_its_span_and_one_assignment_per_township(
    speech, supervisor
):
    directive = candidate(
        speech,
        "各乡镇要在年底前完成村级活动场所建设。",
        mentions=["各乡镇"],
        task="完成村级活动场所建设",
        deadline=date(2024, 12, 31),
        deadline_text="年底前",
        section_path=["一、加强基层组织建设"],
    )

    task = intake.accept_directive(directive=directive, actor=supervisor, now=NOW)

    task.refresh_from_db()
    assert (task.directive, task.speech, task.title) == (directive, speech, "完成村级活动场所建设")
    assert speech.text[task.quote_start : task.quote_end] == task.quote == directive.quote
    assert task.section_path == ["一、加强基层组织建设"]
    assert (task.due_on, task.deadline_text) == (date(2024, 12, 31), "年底前")
    assert (task.created_by, task.created_at) == (supervisor, NOW)
    # 各乡镇 under 测试区: both of its townships, not 丙镇 of another district, not the street.
    assert names(task) == ["乙镇", "甲镇"]
    assert names(task, Assignment.Role.LEAD) == ["乙镇", "甲镇"]  # each leads its own share
    assert {a.due_on for a in task.assignments.all()} == {date(2024, 12, 31)}
    assert {a.status for a in task.assignments.all()} == {Assignment.Status.PENDING}
    task_entry = HistoryEntry.objects.get(task=task, assignment=None)
    assert (task_entry.kind, task_entry.actor, task_entry.at) == ("created", supervisor, NOW)
    assert HistoryEntry.objects.filter(task=task, assignment__isnull=False).count() == 2
    directive.refresh_from_db()
    assert directive.status == Directive.Status.ACCEPTED
    assert (directive.reviewed_by, directive.reviewed_at) == (supervisor, NOW)


@pytest.mark.django_db
def test_unit_the_text_marks_as_lead_leads_and_the_others_cooperate(speech, supervisor):
    directive = candidate(
        speech,
        "区委组织部牵头，各乡镇配合，每季度开展一次专项督查。",
        mentions=["各乡镇", "区委组织部"],  # order of mention does not beat an explicit 牵头
    )
    task = intake.accept_directive(directive=directive, actor=supervisor, now=NOW)
    assert names(task, Assignment.Role.LEAD) == ["区委组织部"]
    assert names(task, Assignment.Role.COOPERATING) == ["乙镇", "甲镇"]


@pytest.mark.django_db
def test_first_named_unit_leads_when_the_text_marks_none(speech, supervisor):
    directive = candidate(
        speech,
        "组织部、宣传部要在6月底前完成党员培训，确保培训率达到95%以上。",
        mentions=["组织部", "宣传部"],
    )
    task = intake.accept_directive(directive=directive, actor=supervisor, now=NOW)
    assert names(task, Assignment.Role.LEAD) == ["区委组织部"]
    assert names(task, Assignment.Role.COOPERATING) == ["区委宣传部"]


@pytest.mark.django_db
def test_reviewer_choices_of_units_lead_due_date_and_title_win(speech, supervisor, town_a, town_b):
    directive = candidate(
        speech, "各乡镇要在年底前完成村级活动场所建设。", mentions=["各乡镇"], deadline=None
    )
    task = intake.accept_directive(
        directive=directive,
        actor=supervisor,
        now=NOW,
        units=[town_a, town_b],
        lead_unit=town_b,
        due_on=date(2024, 9, 30),
        task_title="  建成活动场所  ",
    )
    assert task.title == "建成活动场所"
    assert names(task, Assignment.Role.LEAD) == ["乙镇"]
    assert names(task, Assignment.Role.COOPERATING) == ["甲镇"]
    assert {a.due_on for a in task.assignments.all()} == {date(2024, 9, 30)}


@pytest.mark.django_db
def test_lead_unit_outside_the_chosen_units_is_refused(speech, supervisor, town_a, town_b):
    directive = candidate(speech, "各乡镇要在年底前完成村级活动场所建设。", mentions=["各乡镇"])
    with pytest.raises(review.ReviewRefused) as refused:
        intake.accept_directive(
            directive=directive, actor=supervisor, now=NOW, units=[town_a], lead_unit=town_b
        )
    assert refused.value.message == intake.LEAD_NOT_AMONG_UNITS
    assert not Task.objects.exists()


@pytest.mark.django_db
def test_recurring_directive_gets_the_current_period_as_its_first_assignment(speech, supervisor):
    directive = candidate(
        speech,
        "区委组织部牵头，各乡镇配合，每季度开展一次专项督查。",
        mentions=["区委组织部", "各乡镇"],
        recurrence=Directive.Recurrence.QUARTERLY,
    )
    task = intake.accept_directive(directive=directive, actor=supervisor, now=NOW)
    assert task.recurrence == "quarterly"
    assert {(a.period, a.period_start, a.due_on) for a in task.assignments.all()} == {
        (1, date(2024, 4, 1), date(2024, 6, 30))
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "cadence"),
    [("各乡镇要于每月25日前报送工作进展。", "monthly"), ("各乡镇每月召开一次例会。", "")],
)
def test_a_reporting_recurrence_becomes_the_tasks_report_cadence(
    directory, supervisor, text, cadence
):
    speech = SpeechFactory(text=text, area=directory)
    monthly = Directive.Recurrence.MONTHLY
    directive = candidate(speech, text, mentions=["各乡镇"], recurrence=monthly)
    task = intake.accept_directive(directive=directive, actor=supervisor, now=NOW)
    assert task.report_cadence == cadence


@pytest.mark.django_db
def test_accepting_twice_returns_the_same_task_and_creates_nothing_more(speech, supervisor):
    directive = candidate(speech, "各乡镇要在年底前完成村级活动场所建设。", mentions=["各乡镇"])
    first = intake.accept_directive(directive=directive, actor=supervisor, now=NOW)
    second = intake.accept_directive(directive=directive, actor=supervisor, now=LATER)
    assert first == second
    assert (Task.objects.count(), Assignment.objects.count()) == (1, 2)
    assert HistoryEntry.objects.count() == 3


@pytest.mark.django_db
def test_candidate_without_units_cannot_be_accepted_until_units_are_chosen(
    speech, supervisor, town_a
):
    directive = candidate(speech, "组织部、宣传部要在6月底前完成党员培训", mentions=["某某委员会"])
    assert directive.unmatched_units == ["某某委员会"]
    with pytest.raises(review.ReviewRefused) as refused:
        intake.accept_directive(directive=directive, actor=supervisor, now=NOW)
    assert refused.value.message == intake.NO_UNITS
    with pytest.raises(review.ReviewRefused):
        intake.accept_directive(directive=directive, actor=supervisor, now=NOW, units=[])
    directive.refresh_from_db()
    assert directive.status == Directive.Status.PENDING
    assert not Task.objects.exists()

    # Units chosen, the unknown one still has to be settled: never dropped silently.
    with pytest.raises(review.ReviewRefused) as refused:
        intake.accept_directive(directive=directive, actor=supervisor, now=NOW, units=[town_a])
    assert refused.value.message == intake.UNMATCHED_UNITS.format(names="某某委员会")
    task = intake.accept_directive(
        directive=directive, actor=supervisor, now=NOW, units=[town_a], drop_unmatched=True
    )
    assert names(task, Assignment.Role.LEAD) == ["甲镇"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["leader", "town_a_staff", "town_a_leader"])
def test_only_reviewers_may_accept_or_change_candidates(speech, persona, request):
    user = request.getfixturevalue(persona)
    directive = candidate(speech, "各乡镇要在年底前完成村级活动场所建设。", mentions=["各乡镇"])
    other = candidate(speech, "组织部、宣传部要在6月底前完成党员培训", mentions=["组织部"])
    attempts = [
        lambda: intake.accept_directive(directive=directive, actor=user, now=NOW),
        lambda: review.reject_directive(directive=directive, actor=user, now=NOW),
        lambda: review.split_directive(
            directive=directive, at=directive.start + 3, actor=user, now=NOW
        ),
        lambda: review.merge_directives(directive=directive, other=other, actor=user, now=NOW),
        lambda: review.add_directive(speech=speech, start=0, end=5, actor=user, now=NOW),
        lambda: intake.bulk_accept(speech=speech, actor=user, now=NOW, min_confidence=0),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert not Task.objects.exists()
    assert set(speech.directives.values_list("status", flat=True)) == {"pending"}
    assert speech.directives.count() == 2


@pytest.mark.django_db
def test_reject_and_restore(speech, supervisor):
    directive = candidate(speech, "各乡镇要在年底前完成村级活动场所建设。", mentions=["各乡镇"])
    rejected = review.reject_directive(directive=directive, actor=supervisor, now=NOW)
    assert (rejected.status, rejected.reviewed_by, rejected.reviewed_at) == (
        "rejected",
        supervisor,
        NOW,
    )
    assert (
        review.reject_directive(directive=directive, actor=supervisor, now=LATER).reviewed_at == NOW
    )
    restored = review.restore_directive(directive=directive, actor=supervisor, now=LATER)
    assert restored.status == Directive.Status.PENDING


@pytest.mark.django_db
def test_accepted_candidate_can_be_neither_rejected_nor_edited(speech, supervisor):
    directive = candidate(speech, "各乡镇要在年底前完成村级活动场所建设。", mentions=["各乡镇"])
    intake.accept_directive(directive=directive, actor=supervisor, now=NOW)
    with pytest.raises(review.ReviewRefused) as refused:
        review.reject_directive(directive=directive, actor=supervisor, now=LATER)
    assert refused.value.message == review.NOT_PENDING.format(status="已采纳", action="驳回")
    with pytest.raises(review.ReviewRefused):
        review.edit_directive(
            directive=directive,
            actor=supervisor,
            now=LATER,
            task="改",
            units=[],
            unmatched_units=[],
            deadline=None,
            deadline_text="",
            recurrence="",
            target="",
        )
    directive.refresh_from_db()
    assert directive.status == Directive.Status.ACCEPTED


@pytest.mark.django_db
def test_edit_changes_what_the_candidate_proposes_but_not_its_span(speech, supervisor, town_a):
    directive = candidate(speech, "各乡镇要在年底前完成村级活动场所建设。", mentions=["各乡镇"])
    edited = review.edit_directive(
        directive=directive,
        actor=supervisor,
        now=NOW,
        task="  甲镇完成活动场所建设 ",
        units=[town_a],
        unmatched_units=[],
        deadline=date(2024, 10, 31),
        deadline_text="10月底前",
        recurrence="monthly",
        target="100%",
    )
    edited.refresh_from_db()
    assert edited.task == "甲镇完成活动场所建设"
    assert list(edited.units.all()) == [town_a]
    assert (edited.deadline, edited.deadline_text, edited.recurrence, edited.target) == (
        date(2024, 10, 31),
        "10月底前",
        "monthly",
        "100%",
    )
    assert (edited.start, edited.end, edited.quote) == (
        directive.start,
        directive.end,
        directive.quote,
    )
    with pytest.raises(review.ReviewRefused) as refused:
        review.edit_directive(
            directive=directive,
            actor=supervisor,
            now=NOW,
            task="   ",
            units=[],
            unmatched_units=[],
            deadline=None,
            deadline_text="",
            recurrence="",
            target="",
        )
    assert refused.value.message == review.TASK_REQUIRED
    edited.refresh_from_db()
    assert edited.task == "甲镇完成活动场所建设"


@pytest.mark.django_db
def test_merge_takes_the_union_of_units_and_the_widest_span(speech, supervisor):
    first = candidate(
        speech,
        "各乡镇要在年底前完成村级活动场所建设。",
        mentions=["各乡镇"],
        deadline=date(2024, 12, 31),
        deadline_text="年底前",
        task="建设活动场所",
    )
    second = candidate(
        speech,
        "组织部、宣传部要在6月底前完成党员培训",
        mentions=["组织部", "宣传部"],
        deadline=date(2024, 6, 30),
        deadline_text="6月底前",
        task="党员培训",
        confidence=0.95,
    )
    merged = review.merge_directives(directive=second, other=first, actor=supervisor, now=NOW)

    merged.refresh_from_db()
    second.refresh_from_db()
    assert merged.pk == first.pk  # the earlier candidate absorbs the later one
    assert (merged.start, merged.end) == (first.start, second.end)
    assert merged.quote == speech.text[merged.start : merged.end]
    assert merged.task == "建设活动场所；党员培训"
    assert sorted(u.name for u in merged.units.all()) == [
        "乙镇",
        "区委宣传部",
        "区委组织部",
        "甲镇",
    ]
    assert (merged.deadline, merged.deadline_text) == (date(2024, 6, 30), "6月底前")
    assert merged.confidence == 0.95
    assert second.status == Directive.Status.MERGED
    assert second.reviewed_by == supervisor
    with pytest.raises(review.ReviewRefused) as refused:
        intake.accept_directive(directive=second, actor=supervisor, now=NOW)
    assert refused.value.message == review.MERGED_CANNOT_CHANGE


@pytest.mark.django_db
def test_merge_refuses_candidates_of_two_speeches_and_a_candidate_with_itself(speech, supervisor):
    first = candidate(speech, "各乡镇要在年底前完成村级活动场所建设。", mentions=["各乡镇"])
    elsewhere = DirectiveFactory(speech=SpeechFactory(area=speech.area))
    with pytest.raises(review.ReviewRefused) as refused:
        review.merge_directives(directive=first, other=elsewhere, actor=supervisor, now=NOW)
    assert refused.value.message == review.MERGE_OTHER_SPEECH
    with pytest.raises(review.ReviewRefused) as refused:
        review.merge_directives(directive=first, other=first, actor=supervisor, now=NOW)
    assert refused.value.message == review.MERGE_SAME
    assert set(Directive.objects.values_list("status", flat=True)) == {"pending"}


@pytest.mark.django_db
def test_split_cuts_one_candidate_into_two_covering_the_same_text(speech, supervisor):
    fragment = "区委组织部牵头，各乡镇配合，每季度开展一次专项督查。"
    directive = candidate(
        speech, fragment, mentions=["区委组织部", "各乡镇"], recurrence="quarterly"
    )
    at = directive.start + fragment.index("，") + 1
    left, right = review.split_directive(directive=directive, at=at, actor=supervisor, now=NOW)

    left.refresh_from_db()
    right.refresh_from_db()
    assert left.quote == "区委组织部牵头，"
    assert right.quote == "各乡镇配合，每季度开展一次专项督查。"
    for part in (left, right):
        assert speech.text[part.start : part.end] == part.quote
        assert part.status == Directive.Status.PENDING
        assert part.recurrence == "quarterly"
        assert part.units.count() == 3
    assert (left.start, right.end) == (directive.start, directive.end)
    assert right.ordinal > left.ordinal
    assert left.task == "区委组织部牵头"


@pytest.mark.django_db
@pytest.mark.parametrize("offset", [0, -1, 100])
def test_split_outside_the_quote_is_refused(speech, supervisor, offset):
    directive = candidate(speech, "各乡镇要在年底前完成村级活动场所建设。", mentions=["各乡镇"])
    at = directive.end if offset == 100 else directive.start + offset
    with pytest.raises(review.ReviewRefused) as refused:
        review.split_directive(directive=directive, at=at, actor=supervisor, now=NOW)
    assert refused.value.message == review.SPLIT_OUTSIDE.format(last=len(directive.quote) - 1)
    assert Directive.objects.count() == 1


@pytest.mark.django_db
def test_added_candidate_takes_its_quote_from_the_speech_and_finds_its_units(speech, supervisor):
    start, end = span(speech.text, "组织部、宣传部要在6月底前完成党员培训，")
    directive = review.add_directive(speech=speech, start=start, end=end, actor=supervisor, now=NOW)
    assert (directive.start, directive.end) == (start, end)
    assert directive.quote == speech.text[start:end]
    assert directive.unit_mentions == ["组织部", "宣传部"]
    assert sorted(u.name for u in directive.units.all()) == ["区委宣传部", "区委组织部"]
    assert (directive.status, directive.confidence) == ("pending", 1.0)
    assert directive.task == "组织部、宣传部要在6月底前完成党员培训"


@pytest.mark.django_db
def test_added_candidate_is_trimmed_of_surrounding_whitespace(speech, supervisor):
    newline = speech.text.index("\n")
    _, end = span(speech.text, "各乡镇要在年底前完成村级活动场所建设。")
    directive = review.add_directive(
        speech=speech, start=newline, end=end, actor=supervisor, now=NOW
    )
    assert directive.start == newline + 1
    assert directive.quote == "各乡镇要在年底前完成村级活动场所建设。"
    assert directive.section_path == []


@pytest.mark.django_db
def test_added_candidate_with_a_group_word_expands_under_the_speech_area(speech, supervisor):
    start, end = span(speech.text, "各乡镇要在年底前完成村级活动场所建设。")
    directive = review.add_directive(speech=speech, start=start, end=end, actor=supervisor, now=NOW)
    assert directive.unit_mentions == ["各乡镇"]
    assert sorted(u.name for u in directive.units.all()) == ["乙镇", "甲镇"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        pytest.param(5, 2, review.SPAN_INVALID, id="reversed"),
        pytest.param(0, 10_000, review.SPAN_INVALID, id="past-the-end"),
        pytest.param(10, 10, review.SPAN_EMPTY, id="empty"),
    ],
)
def test_bad_selection_is_refused_and_adds_nothing(speech, supervisor, start, end, message):
    with pytest.raises(review.ReviewRefused) as refused:
        review.add_directive(speech=speech, start=start, end=end, actor=supervisor, now=NOW)
    assert refused.value.message == message
    assert not Directive.objects.exists()


@pytest.mark.django_db
def test_whitespace_only_selection_and_duplicate_selection_are_refused(speech, supervisor):
    newline = speech.text.index("\n")
    with pytest.raises(review.ReviewRefused) as refused:
        review.add_directive(
            speech=speech, start=newline, end=newline + 1, actor=supervisor, now=NOW
        )
    assert refused.value.message == review.SPAN_EMPTY
    start, end = span(speech.text, "各乡镇要在年底前完成村级活动场所建设。")
    review.add_directive(speech=speech, start=start, end=end, actor=supervisor, now=NOW)
    with pytest.raises(review.ReviewRefused) as refused:
        review.add_directive(speech=speech, start=start, end=end, actor=supervisor, now=NOW)
    assert refused.value.message == review.SPAN_DUPLICATE
    assert Directive.objects.count() == 1


@pytest.mark.django_db
def test_bulk_accept_takes_confident_candidates_with_units_and_skips_the_rest(speech, supervisor):
    confident = candidate(
        speech, "各乡镇要在年底前完成村级活动场所建设。", mentions=["各乡镇"], confidence=0.9
    )
    at_threshold = candidate(
        speech, "组织部、宣传部要在6月底前完成党员培训", mentions=["组织部"], confidence=0.8
    )
    unsure = candidate(speech, "每季度开展一次专项督查。", mentions=["组织部"], confidence=0.5)
    no_units = candidate(speech, "确保培训率达到95%以上。", mentions=["某委员会"], confidence=0.99)

    outcome = intake.bulk_accept(speech=speech, actor=supervisor, now=NOW, min_confidence=0.8)

    assert {t.directive_id for t in outcome.accepted} == {confident.pk, at_threshold.pk}
    assert outcome.skipped == [no_units]
    statuses = dict(Directive.objects.values_list("pk", "status"))
    assert statuses[unsure.pk] == statuses[no_units.pk] == "pending"
    with pytest.raises(review.ReviewRefused) as refused:
        intake.bulk_accept(speech=speech, actor=supervisor, now=NOW, min_confidence=1.5)
    assert refused.value.message == intake.THRESHOLD_INVALID


@pytest.mark.django_db
def test_a_run_of_group_words_leads_as_a_whole_before_a_named_unit(speech, supervisor):
    directive = candidate(
        speech,
        "各乡镇要在年底前完成村级活动场所建设。",
        mentions=["各乡镇", "街道党（工）委", "组织部门"],
    )
    task = intake.accept_directive(directive=directive, actor=supervisor, now=NOW)
    assert names(task, Assignment.Role.LEAD) == ["乙镇", "城关街道", "甲镇"]
    assert names(task, Assignment.Role.COOPERATING) == ["区委组织部"]


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_accepting_at_once_create_one_task(speech, supervisor, admin_user):
    directive = candidate(speech, "各乡镇要在年底前完成村级活动场所建设。", mentions=["各乡镇"])
    barrier = threading.Barrier(2)
    tasks, errors = [], []

    def accept(actor):
        try:
            barrier.wait(timeout=10)
            tasks.append(intake.accept_directive(directive=directive, actor=actor, now=NOW).pk)
        except Exception as exc:  # surfaced below: a thread's failure must fail the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(user,)) for user in (supervisor, admin_user)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert len(tasks) == 2 and tasks[0] == tasks[1]
    assert Task.objects.count() == 1
    assert Assignment.objects.count() == 2
