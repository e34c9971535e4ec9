"""The reminder rules as tables: a pinned today, a due date, the reminder expected (no DB)."""

from datetime import date, timedelta

import pytest

from tracker.models import Notification
from tracker.services.reminders import messages, rules
from tracker.services.reminders.rules import (
    CATCH_UP,
    DUE_SOON,
    DUE_TODAY,
    ESCALATION,
    OVERDUE,
    OpenAssignment,
    ReminderRules,
)

TODAY = date(2026, 11, 25)  # a Wednesday
DEFAULT = ReminderRules()
WORKING = ReminderRules(working_days=True)
CREATED = date(2026, 1, 1)


def assignment(due_on: date, **kwargs) -> OpenAssignment:
    kwargs.setdefault("staff", (11,))
    kwargs.setdefault("leaders", (21,))
    return OpenAssignment(id=1, due_on=due_on, created_on=CREATED, **kwargs)


def kinds_on(due_on: date, *, today: date = TODAY, rule=DEFAULT, **kwargs) -> set:
    return {
        (d.kind, d.recipient_id, d.for_date)
        for d in rules.due_reminders(
            [assignment(due_on, **kwargs)],
            today=today,
            window=[today],
            supervisors=(31, 32),
            rules=rule,
        )
    }


def test_kind_constants_are_the_notification_kinds():
    for kind in (DUE_SOON, DUE_TODAY, OVERDUE, CATCH_UP, ESCALATION):
        assert kind in Notification.Kind.values


@pytest.mark.parametrize(
    ("due_on", "expected"),
    [
        pytest.param(date(2026, 12, 3), None, id="8 days before: nothing"),
        pytest.param(date(2026, 12, 2), DUE_SOON, id="7 days before"),
        pytest.param(date(2026, 12, 1), None, id="6 days before: nothing"),
        pytest.param(date(2026, 11, 28), DUE_SOON, id="3 days before"),
        pytest.param(date(2026, 11, 27), None, id="2 days before: nothing"),
        pytest.param(date(2026, 11, 26), DUE_SOON, id="1 day before"),
        pytest.param(date(2026, 11, 25), DUE_TODAY, id="on the day"),
        pytest.param(date(2026, 11, 24), OVERDUE, id="overdue day 1"),
        pytest.param(date(2026, 11, 23), None, id="overdue day 2: nothing"),
        pytest.param(date(2026, 11, 22), None, id="overdue day 3: nothing"),
        pytest.param(date(2026, 11, 21), OVERDUE, id="overdue day 4"),
        pytest.param(date(2026, 11, 18), OVERDUE, id="overdue day 7"),
        pytest.param(date(2026, 11, 15), OVERDUE, id="overdue day 10"),
    ],
)
def test_unit_staff_reminder_by_calendar_days(due_on, expected):
    assert rules.scheduled_kind(assignment(due_on), TODAY, DEFAULT) == expected


@pytest.mark.parametrize(
    ("late", "escalates"),
    [(6, False), (7, False), (8, True), (9, True), (30, True), (400, True)],
)
def test_past_seven_days_overdue_escalates_to_leaders_and_supervisors(late, escalates):
    """Not only on the crossing day: an item never escalated for its due date (the first scan
    after an outage longer than the catch-up window, or after installation) escalates too."""
    got = kinds_on(TODAY - timedelta(days=late))
    escalations = {(r, d) for kind, r, d in got if kind == ESCALATION}
    due_on = TODAY - timedelta(days=late)
    assert escalations == ({(21, due_on), (31, due_on), (32, due_on)} if escalates else set())


def test_escalation_crossed_on_a_missed_day_is_sent_by_the_next_scan():
    window = rules.scan_window(today=TODAY, last_scan=TODAY - timedelta(days=4), rules=DEFAULT)
    late = assignment(TODAY - timedelta(days=10))  # crossed on day 8, two days ago
    due = rules.due_reminders([late], today=TODAY, window=window, supervisors=(), rules=DEFAULT)
    assert (ESCALATION, 21, late.due_on) in {(d.kind, d.recipient_id, d.for_date) for d in due}


def test_an_item_older_than_the_catch_up_window_still_escalates_once():
    window = rules.scan_window(today=TODAY, last_scan=TODAY - timedelta(days=90), rules=DEFAULT)
    assert window[0] == TODAY - timedelta(days=DEFAULT.catch_up_max_days)
    late = assignment(TODAY - timedelta(days=80))  # crossed on day 8, long before the window
    due = rules.due_reminders([late], today=TODAY, window=window, supervisors=(31,), rules=DEFAULT)
    assert {(d.kind, d.recipient_id) for d in due if d.kind == ESCALATION} == {
        (ESCALATION, 21), (ESCALATION, 31),
    }  # fmt: skip
    once = rules.due_reminders(
        [assignment(late.due_on, escalated=True)], today=TODAY, window=window, supervisors=(31,),
        rules=DEFAULT,
    )  # fmt: skip
    assert ESCALATION not in {d.kind for d in once}


def test_escalation_already_recorded_is_not_repeated():
    got = kinds_on(TODAY - timedelta(days=9), escalated=True)
    assert not {k for k, _, _ in got} & {ESCALATION}


def test_pending_extension_pauses_overdue_reminders_and_escalation():
    assert kinds_on(date(2026, 11, 24), extension_pending=True) == set()
    assert kinds_on(date(2026, 11, 10), extension_pending=True) == set()


def test_pending_extension_does_not_pause_reminders_before_the_due_date():
    assert kinds_on(date(2026, 11, 26), extension_pending=True) == {(DUE_SOON, 11, TODAY)}


def test_regular_reminders_go_to_staff_and_to_leaders_when_the_unit_has_no_staff():
    assert kinds_on(date(2026, 11, 26)) == {(DUE_SOON, 11, TODAY)}
    assert kinds_on(date(2026, 11, 26), staff=()) == {(DUE_SOON, 21, TODAY)}


def test_nothing_is_scheduled_before_the_assignment_existed():
    late_comer = OpenAssignment(id=1, due_on=date(2026, 11, 28), created_on=date(2026, 11, 26))
    assert rules.scheduled_kind(late_comer, TODAY, DEFAULT) is None


@pytest.mark.parametrize(
    ("today", "due_on", "expected"),
    [
        # Due Monday 30 Nov; Friday 27 Nov is one working day before it.
        pytest.param(date(2026, 11, 27), date(2026, 11, 30), DUE_SOON, id="friday before monday"),
        pytest.param(date(2026, 11, 28), date(2026, 11, 30), None, id="no reminder on saturday"),
        # 3 working days before Monday 30 Nov is Wednesday 25 Nov, not Friday 27.
        pytest.param(date(2026, 11, 25), date(2026, 11, 30), DUE_SOON, id="3 working days"),
        pytest.param(date(2026, 11, 26), date(2026, 11, 30), None, id="2 working days"),
        # Due on National Day 1 Oct 2026: 30 Sep is the last working day before it (0 left).
        pytest.param(date(2026, 9, 30), date(2026, 10, 1), DUE_SOON, id="eve of national day"),
        # Overdue day 1 counts the first working day after the due date (Monday 30 Nov).
        pytest.param(date(2026, 11, 30), date(2026, 11, 27), OVERDUE, id="overdue after weekend"),
    ],
)
def test_reminders_can_count_chinese_working_days(today, due_on, expected):
    assert rules.scheduled_kind(assignment(due_on), today, WORKING) == expected


def test_a_scan_after_missed_days_sends_one_catch_up_per_assignment():
    # The scan last ran on the 21st; reminders fell on the 22nd (3 before) and 24th (1 before).
    window = rules.scan_window(today=TODAY, last_scan=date(2026, 11, 21), rules=DEFAULT)
    assert window == [date(2026, 11, 22), date(2026, 11, 23), date(2026, 11, 24), TODAY]
    due = list(
        rules.due_reminders(
            [assignment(date(2026, 11, 25))],
            today=TODAY,
            window=window,
            supervisors=(),
            rules=DEFAULT,
        )
    )
    assert [(d.kind, d.recipient_id, d.for_date) for d in due] == [(CATCH_UP, 11, TODAY)]


def test_missed_days_without_any_reminder_do_not_cause_a_catch_up():
    window = rules.scan_window(today=TODAY, last_scan=date(2026, 11, 22), rules=DEFAULT)
    due = rules.due_reminders(
        [assignment(date(2026, 12, 2))], today=TODAY, window=window, supervisors=(), rules=DEFAULT
    )
    assert [d.kind for d in due] == [DUE_SOON]


@pytest.mark.parametrize(
    ("last_scan", "expected_first"),
    [
        (None, TODAY),
        (TODAY, TODAY),
        (TODAY - timedelta(days=1), TODAY),
        (TODAY - timedelta(days=400), TODAY - timedelta(days=31)),
    ],
)
def test_scan_window_is_today_after_a_normal_day_and_is_capped(last_scan, expected_first):
    window = rules.scan_window(today=TODAY, last_scan=last_scan, rules=DEFAULT)
    assert window[0] == expected_first
    assert window[-1] == TODAY


@pytest.mark.parametrize(
    ("due_on", "text"),
    [
        (date(2026, 11, 27), "2026年11月27日"),
        (date(2026, 11, 28), "2026年11月28日（星期六，非工作日）"),
        (date(2026, 10, 1), "2026年10月1日（国庆节假期，非工作日）"),
    ],
)
def test_due_dates_on_weekends_and_public_holidays_are_flagged(due_on, text):
    assert messages.due_date_text(due_on) == text


def test_reminder_text_is_chinese_and_says_where_the_work_stands():
    subject, body = messages.compose(
        messages.AssignmentText(7, "完成村级活动场所建设", "甲镇", date(2026, 11, 28)),
        kind=DUE_SOON,
        today=TODAY,
        working_days=False,
        link="http://luoshi.test/assignments/7/",
    )
    assert subject == "【任务即将到期】完成村级活动场所建设（距完成时限还有3天）"
    assert "完成时限：2026年11月28日（星期六，非工作日）" in body
    assert "http://luoshi.test/assignments/7/" in body
