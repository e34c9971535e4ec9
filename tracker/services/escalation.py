"""The escalation ladder of one assignment, as a supervisor reads it:
临期 (yellow) → 逾期 (red) → 督办升级 (escalated to the unit leaders and supervisors).

Pure: the due date, today, whether the escalation was sent, and the reminder rules come in.
"""

from dataclasses import dataclass
from datetime import date

from tracker.services.reminders import rules as reminder_rules

DUE_SOON, OVERDUE, ESCALATED = "due-soon", "overdue", "escalated"
STEP_LABELS = {DUE_SOON: "临期", OVERDUE: "逾期", ESCALATED: "督办升级"}


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    explanation: str
    reached: bool


@dataclass(frozen=True)
class Ladder:
    steps: tuple[Step, ...]
    current: str  # "" when on track, else the key of the highest step reached

    @property
    def current_label(self) -> str:
        return STEP_LABELS.get(self.current, "正常")


def ladder(
    *, due_on: date | None, today: date, is_open: bool, escalated: bool,
    rules: reminder_rules.ReminderRules,
) -> Ladder | None:  # fmt: skip
    """Where the assignment stands on the ladder; None when it has no due date."""
    if due_on is None:
        return None
    soon_days = max(rules.offsets)
    wd = rules.working_days
    before = reminder_rules.days_before(today, due_on, working_days=wd) if today <= due_on else -1
    late = reminder_rules.days_overdue(today, due_on, working_days=wd) if today > due_on else 0
    reached_soon = is_open and (today > due_on or before <= soon_days)
    reached_overdue = is_open and today > due_on
    reached_escalated = escalated or (is_open and late > rules.escalate_after)
    unit = "个工作日" if wd else "天"
    every = rules.overdue_every
    steps = (
        Step(DUE_SOON, "临期", f"距时限{soon_days}{unit}内：提醒承办单位", reached_soon),
        Step(OVERDUE, "逾期", f"超过时限：每{every}{unit}提醒承办单位", reached_overdue),
        Step(
            ESCALATED, "督办升级",
            f"逾期超过{rules.escalate_after}{unit}：报单位负责人和督查室（一次）",
            reached_escalated,
        ),
    )  # fmt: skip
    current = next((step.key for step in reversed(steps) if step.reached), "")
    return Ladder(steps=steps, current=current)
