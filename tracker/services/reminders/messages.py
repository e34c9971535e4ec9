"""The Chinese subject and body of each reminder: plain text, the same for the bell and email."""

from dataclasses import dataclass
from datetime import date

from tracker.services.dates import chinese_date
from tracker.services.reminders import rules

SUBJECT_LIMIT = 200
TITLE_IN_SUBJECT = 40


@dataclass(frozen=True, slots=True)
class AssignmentText:
    id: int
    title: str
    unit_name: str
    due_on: date


def due_date_text(due_on: date) -> str:
    """'2026年11月29日（星期日，非工作日）': a due date on a day off is flagged."""
    label = rules.day_off_label(due_on)
    suffix = f"（{label}，非工作日）" if label else ""
    return f"{chinese_date(due_on)}{suffix}"


def state_text(due_on: date, today: date, *, working_days: bool) -> str:
    """Where the assignment stands today, in words."""
    unit = "个工作日" if working_days else "天"
    if due_on == today:
        return "今天到期"
    if due_on > today:
        return f"距完成时限还有{rules.days_before(today, due_on, working_days=working_days)}{unit}"
    return f"已逾期{rules.days_overdue(today, due_on, working_days=working_days)}{unit}"


def _short(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= TITLE_IN_SUBJECT else title[: TITLE_IN_SUBJECT - 1] + "…"


def compose(
    assignment: AssignmentText, *, kind: str, today: date, working_days: bool, link: str
) -> tuple[str, str]:
    """(subject, body) of one reminder about ``assignment`` written on ``today``."""
    state = state_text(assignment.due_on, today, working_days=working_days)
    title = _short(assignment.title)
    headline = {
        rules.DUE_SOON: "任务即将到期",
        rules.DUE_TODAY: "任务今日到期",
        rules.OVERDUE: "任务已逾期",
        rules.CATCH_UP: "补发提醒",
        rules.ESCALATION: "逾期督办",
    }[kind]
    if kind == rules.ESCALATION:
        subject = f"【{headline}】{assignment.unit_name}：{title}（{state}）"
        ask = "该任务逾期已超过督办期限，请单位负责人督促落实，督查室同步跟踪。"
    else:
        subject = f"【{headline}】{title}（{state}）"
        ask = "请抓紧推进，并在系统中及时填报进展；确需延期的，请提交延期申请。"
    if kind == rules.CATCH_UP:
        ask = "系统在此期间未能按时发送提醒，现补发一次。" + ask
    body = (
        f"{assignment.unit_name}：\n"
        f"任务：{' '.join(assignment.title.split())}\n"
        f"完成时限：{due_date_text(assignment.due_on)}\n"
        f"当前状态：{state}\n"
        f"{ask}\n"
        f"查看任务：{link}\n"
    )
    return subject[:SUBJECT_LIMIT], body
