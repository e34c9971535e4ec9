"""督查通报 jobs: request a draft, build it in the worker, preview it, edit its closing, issue it.

The worker computes the figures (progress shown like the Excel ledger) and stores the draft's
content as JSON; the preview and the draft .docx are rendered from that stored content, so what
the supervisor read is what is issued. Issuing draws the year's next number, builds the final
.docx into private storage, and tells the units named in it.
"""

import logging
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.utils import timezone

from config.celery import enqueue_on_commit
from directory import policy
from directory.models import Unit, User
from directory.policy import Action
from speeches.models import Speech
from tracker.models import Bulletin, Notification
from tracker.selectors_assessment import (
    KIND_ORDER,
    OverdueItem,
    Scope,
    instructions_in,
    period_assignments,
    unit_figures,
)
from tracker.services import assessment, scores, submissions
from tracker.services.assignments.base import WorkflowRefused
from tracker.services.dates import chinese_date
from tracker.services.documents import bulletin as document
from tracker.services.documents import notices, numbering
from tracker.services.documents.forms import instruction_lines
from tracker.services.ledger.exports import ABANDONED_AFTER, STUCK_AFTER

logger = logging.getLogger(__name__)

BUILD_TASK = "tracker.tasks.build_bulletin"
BUILD_FAILED = "起草通报时出错，请重试或联系管理员"
NOT_A_DRAFT = "该通报已印发或尚未起草完成，不能修改"
ALREADY_ISSUED = "该通报已印发，编号为{number}"
NOT_READY = "通报尚未起草完成，请稍候"
NAMED_AFTER_INVALID = "通报逾期天数应为 1 到 365 之间的整数"
ISSUED_SUBJECT = "督查通报 {number}：{title}"
DEFAULT_NAMED_AFTER_DAYS = 7
DEFAULT_CLOSING = (
    "各单位要对照通报指出的问题，逐项分析原因、制定整改措施，逾期事项务必尽快办结并报送办结情况。\n"
    "督查室将持续跟踪问效，对整改不力、进展缓慢的单位继续通报，通报情况纳入年度目标考核。"
)


@dataclass(frozen=True, slots=True)
class Draft:
    content: document.BulletinContent
    notify_unit_ids: tuple[int, ...]  # named, overdue and praised units


def _percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


def overview_text(*, label: str, as_of: date, figures: list[scores.UnitFigures], tasks: int) -> str:
    """The 总体情况 paragraph: the period's figures in prose."""
    assignments = sum(f.total for f in figures)
    units = sum(1 for f in figures if f.total)
    if not assignments:
        return f"{label}，纳入督查范围的任务共0项，本期无需通报的事项。"
    due = sum(f.due for f in figures)
    on_time = sum(f.done_on_time for f in figures)
    done = on_time + sum(f.done_late for f in figures)
    overdue = sum(f.overdue for f in figures)
    late_reports = sum(f.reports_late for f in figures)
    text = (
        f"{label}，纳入督查范围的重点任务共{tasks}项，分解到{units}个单位共{assignments}项。"
        f"本期已完成{done}项，其中按时完成{on_time}项"
    )
    if due:
        rate = (Decimal(on_time) * 100 / Decimal(due)).quantize(Decimal("0.1"))
        text += f"，按时完成率{rate}%（应完成{due}项）。"
    else:
        text += "，本期无到期任务。"
    text += f"截至{chinese_date(as_of)}，"
    text += f"逾期未完成{overdue}项" if overdue else "无逾期未完成事项"
    text += f"，报送逾期{late_reports}次。" if late_reports else "，无报送逾期。"
    return text


def _ranking_lines(rankings: list[scores.Ranking]):
    kind_labels = dict(Unit.Kind.choices)
    result = []
    for ranking in rankings:
        lines = tuple(
            document.RankingLine(
                rank=score.rank,
                unit=score.figures.unit_name,
                total=score.figures.total,
                done=score.figures.done_on_time + score.figures.done_late,
                on_time_rate=_percent(score.on_time_rate),
                overdue=score.figures.overdue,
                reports_late=score.figures.reports_late,
                score=str(score.value),
            )
            for score in ranking.scores
        )
        result.append((kind_labels.get(ranking.kind, ranking.kind), lines))
    return tuple(result)


def _named(overdue: list[OverdueItem], *, after_days: int) -> list[tuple[int, str]]:
    by_unit: dict[int, list[OverdueItem]] = {}
    for item in overdue:
        by_unit.setdefault(item.unit_id, []).append(item)
    named = []
    for unit_id, items in by_unit.items():
        longest = max(item.days for item in items)
        if longest >= after_days:
            named.append((unit_id, f"{items[0].unit_name}（逾期{len(items)}项，最长{longest}天）"))
    return named


def title_for(*, label: str, speech: Speech | None, unit_kind: str) -> str:
    kind = dict(Unit.Kind.choices).get(unit_kind, "") if unit_kind else ""
    if speech is not None:
        return f"关于《{speech.title}》确定任务{label}{kind}落实情况的通报"
    return f"关于{label}{kind}重点任务落实情况的通报"


def draft(
    *,
    scope: Scope,
    label: str,
    named_after_days: int,
    closing: str,
    now: datetime,
    speech: Speech | None = None,
    weights: scores.Weights | None = None,
    on_progress=None,
) -> Draft:
    """The bulletin's content for a period, from the ledger as it stands at ``now``."""
    weights = weights or assessment.current_weights()[0]
    figures, overdue = unit_figures(scope, on_progress=on_progress)
    rankings = assessment.sorted_rankings(scores.rank(figures, weights))
    tasks = period_assignments(scope).values("task_id").distinct().count()
    praised = [
        f
        for f in figures
        if f.due and f.done_on_time == f.due and not f.overdue and not f.done_late
    ]
    praised.sort(key=lambda f: (KIND_ORDER.get(f.unit_kind, 99), f.unit_name))
    named = _named(overdue, after_days=named_after_days)
    instructions = list(instructions_in(scope, until=now))
    instruction_text = tuple(
        f"{line}（{item.task.title[:40]}"
        + (f"，{item.assignment.unit.name}" if item.assignment_id else "")
        + "）"
        for line, item in zip(instruction_lines(instructions), instructions, strict=True)
    )
    today = timezone.localdate(now)
    content = document.BulletinContent(
        office=settings.LUOSHI_OFFICE_NAME,
        number=numbering.draft_number(settings.LUOSHI_BULLETIN_NUMBER_PREFIX, today.year),
        title=title_for(label=label, speech=speech, unit_kind=scope.unit_kind),
        period_label=label,
        issued_on=today,
        overview=overview_text(label=label, as_of=scope.as_of, figures=figures, tasks=tasks),
        rankings=_ranking_lines(rankings),
        overdue=tuple(
            document.OverdueLine(
                unit=item.unit_name,
                task=item.task_title,
                due=chinese_date(item.due_on),
                days=item.days,
            )
            for item in overdue
        ),
        praised=tuple(f.unit_name for f in praised),
        named=tuple(text for _, text in named),
        instructions=instruction_text,
        closing=closing,
    )
    notify = {item.unit_id for item in overdue} | {f.unit_id for f in praised}
    notify |= {unit_id for unit_id, _ in named}
    return Draft(content=content, notify_unit_ids=tuple(sorted(notify)))


# --- stored content --------------------------------------------------------------------------


def to_json(result: Draft) -> dict:
    data = asdict(result.content)
    data["issued_on"] = result.content.issued_on.isoformat()
    return {"document": data, "notify_unit_ids": list(result.notify_unit_ids)}


def from_json(data: dict) -> Draft:
    doc = dict(data["document"])
    doc["issued_on"] = date.fromisoformat(doc["issued_on"])
    doc["rankings"] = tuple(
        (kind, tuple(document.RankingLine(**line) for line in lines))
        for kind, lines in doc["rankings"]
    )
    doc["overdue"] = tuple(document.OverdueLine(**line) for line in doc["overdue"])
    for name in ("praised", "named", "instructions"):
        doc[name] = tuple(doc[name])
    return Draft(
        content=document.BulletinContent(**doc),
        notify_unit_ids=tuple(data.get("notify_unit_ids", ())),
    )


def content_of(bulletin: Bulletin) -> document.BulletinContent | None:
    """What the bulletin says now: the stored draft with its current closing (and number)."""
    if not bulletin.content:
        return None
    content = from_json(bulletin.content).content
    return replace(content, closing=bulletin.closing)


def docx_of(bulletin: Bulletin) -> bytes:
    return document.build(content_of(bulletin))


def filename(bulletin: Bulletin) -> str:
    if bulletin.status == Bulletin.Status.ISSUED:
        return f"督查通报_{bulletin.number}.docx"
    return f"督查通报（草稿）_{bulletin.period_label}.docx"


# --- jobs ------------------------------------------------------------------------------------


def request_bulletin(
    *,
    user: User | None,
    start: date,
    end: date,
    label: str,
    now: datetime,
    speech: Speech | None = None,
    unit_kind: str = "",
    named_after_days: int = DEFAULT_NAMED_AFTER_DAYS,
    scheduled: bool = False,
    submission_key: str = "",
) -> Bulletin:
    """Record a bulletin to draft and queue its build once committed (the beat passes no user:
    one scheduled draft per period, a second tick returns the first; a supervisor's form sent
    twice, one ``submission_key``, returns the first too)."""
    if user is not None:
        policy.require(user, Action.ISSUE_DOCUMENTS)
    if not 1 <= named_after_days <= 365:
        raise WorkflowRefused(NAMED_AFTER_INVALID)
    if start > end:
        raise WorkflowRefused(assessment.RANGE_INVALID)
    fields = {
        "period_label": label,
        "speech": speech,
        "unit_kind": unit_kind,
        "named_after_days": named_after_days,
        "requested_by": user,
        "created_at": now,
        "closing": DEFAULT_CLOSING,
    }
    if not scheduled:
        fields["submission_key"] = submission_key or None
        return submissions.once(
            Bulletin, submission_key, lambda: _queued(period_start=start, period_end=end, **fields)
        )
    with transaction.atomic():
        bulletin, created = Bulletin.objects.get_or_create(
            period_start=start, period_end=end, scheduled=True, defaults=fields
        )
        if created:
            enqueue_on_commit(BUILD_TASK, bulletin_id=bulletin.pk)
    return bulletin


@transaction.atomic
def _queued(**fields) -> Bulletin:
    bulletin = Bulletin.objects.create(**fields)
    enqueue_on_commit(BUILD_TASK, bulletin_id=bulletin.pk)
    return bulletin


def may_retry(bulletin: Bulletin, *, now: datetime) -> bool:
    """Failed, or queued so long that its broker message must have been lost."""
    if bulletin.status == Bulletin.Status.FAILED:
        return True
    return bulletin.status == Bulletin.Status.QUEUED and now - bulletin.created_at > STUCK_AFTER


@transaction.atomic
def retry_bulletin(*, bulletin: Bulletin, user: User, now: datetime) -> Bulletin:
    """Queue a failed or stuck draft again."""
    policy.require(user, Action.ISSUE_DOCUMENTS)
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if not may_retry(bulletin, now=now):
        return bulletin
    bulletin.status, bulletin.error, bulletin.done_steps = Bulletin.Status.QUEUED, "", 0
    bulletin.created_at = now
    bulletin.save(update_fields=["status", "error", "done_steps", "created_at"])
    enqueue_on_commit(BUILD_TASK, bulletin_id=bulletin.pk)
    return bulletin


def requeue_unstarted_bulletins(*, now: datetime) -> int:
    """Queue again every draft still waiting after STUCK_AFTER (its message was lost: the
    broker was down), as the retry button would."""
    ids = list(
        Bulletin.objects.filter(
            status=Bulletin.Status.QUEUED, created_at__lt=now - STUCK_AFTER
        ).values_list("pk", flat=True)
    )
    with transaction.atomic():
        Bulletin.objects.filter(pk__in=ids, status=Bulletin.Status.QUEUED).update(created_at=now)
        for bulletin_id in ids:
            enqueue_on_commit(BUILD_TASK, bulletin_id=bulletin_id)
    return len(ids)


def fail_abandoned_bulletins(*, now: datetime) -> int:
    """Mark failed (so 重新起草 shows) every draft still 起草中 long after it was asked for: its
    build died without recording why. Drafts take seconds, not half an hour."""
    return Bulletin.objects.filter(
        status=Bulletin.Status.RUNNING, created_at__lt=now - ABANDONED_AFTER
    ).update(status=Bulletin.Status.FAILED, error=BUILD_FAILED)


def build_bulletin(*, bulletin_id: int, now: datetime) -> Bulletin | None:
    """Draft the bulletin once; a draft or an issued one is left as it is, a redelivered build
    (worker lost mid-way) starts again."""
    claimed = Bulletin.objects.filter(
        pk=bulletin_id, status__in=(Bulletin.Status.QUEUED, Bulletin.Status.RUNNING)
    ).update(status=Bulletin.Status.RUNNING, done_steps=0)
    bulletin = Bulletin.objects.select_related("speech").filter(pk=bulletin_id).first()
    if bulletin is None:
        logger.warning("bulletin %s no longer exists", bulletin_id)
        return None
    if not claimed:
        return bulletin
    scope = Scope(
        start=bulletin.period_start,
        end=bulletin.period_end,
        today=timezone.localdate(now),
        speech_id=bulletin.speech_id,
        unit_kind=bulletin.unit_kind,
    )

    def progress(done: int, total: int) -> None:
        Bulletin.objects.filter(pk=bulletin_id).update(done_steps=done, total_steps=total + 1)

    try:
        result = draft(
            scope=scope,
            label=bulletin.period_label,
            named_after_days=bulletin.named_after_days,
            closing=bulletin.closing,
            now=now,
            speech=bulletin.speech,
            on_progress=progress,
        )
    except OperationalError:
        raise  # the database went away: the task retries, and RUNNING is claimable again
    except Exception:
        logger.exception("bulletin %s failed", bulletin_id)
        Bulletin.objects.filter(pk=bulletin_id).update(
            status=Bulletin.Status.FAILED, error=BUILD_FAILED
        )
        bulletin.refresh_from_db()
        return bulletin
    Bulletin.objects.filter(pk=bulletin_id, status=Bulletin.Status.RUNNING).update(
        status=Bulletin.Status.DRAFT, content=to_json(result), drafted_at=now
    )
    bulletin.refresh_from_db()
    return bulletin


@transaction.atomic
def update_closing(*, bulletin: Bulletin, user: User, closing: str) -> Bulletin:
    """Replace the draft's closing paragraph (one paragraph per line)."""
    policy.require(user, Action.ISSUE_DOCUMENTS)
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if bulletin.status != Bulletin.Status.DRAFT:
        raise WorkflowRefused(NOT_A_DRAFT)
    bulletin.closing = (closing or "").strip()
    bulletin.save(update_fields=["closing"])
    return bulletin


@transaction.atomic
def issue_bulletin(*, bulletin: Bulletin, user: User, now: datetime) -> Bulletin:
    """Number the draft, keep its final .docx and tell the units named in it; issuing twice
    is refused with the number it already has."""
    policy.require(user, Action.ISSUE_DOCUMENTS)
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if bulletin.status == Bulletin.Status.ISSUED:
        raise WorkflowRefused(ALREADY_ISSUED.format(number=bulletin.number))
    if bulletin.status != Bulletin.Status.DRAFT:
        raise WorkflowRefused(NOT_READY)
    today = timezone.localdate(now)
    serial = numbering.allocate(series=numbering.BULLETIN_SERIES, year=today.year)
    number = numbering.format_number(settings.LUOSHI_BULLETIN_NUMBER_PREFIX, today.year, serial)
    stored = from_json(bulletin.content)
    content = replace(stored.content, number=number, issued_on=today, closing=bulletin.closing)
    bulletin.content = to_json(Draft(content=content, notify_unit_ids=stored.notify_unit_ids))
    bulletin.year, bulletin.serial, bulletin.number = today.year, serial, number
    bulletin.status, bulletin.issued_by, bulletin.issued_at = Bulletin.Status.ISSUED, user, now
    bulletin.file.save(
        f"bulletin-{today.year}-{serial}.docx", ContentFile(document.build(content)), save=False
    )
    bulletin.save()
    notices.notify(
        notices.unit_members(stored.notify_unit_ids),
        kind=Notification.Kind.BULLETIN,
        subject=ISSUED_SUBJECT.format(number=number, title=content.title),
        body=(
            f"{content.office}印发{content.title}（{number}），贵单位在通报中，"
            f"请查阅并抓好整改落实。\n查看通报：{settings.LUOSHI_SITE_URL}{bulletin.get_absolute_url()}\n"
        ),
        now=now,
        event=Notification.event_of(bulletin),
    )
    return bulletin
