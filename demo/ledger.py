"""The demo ledger: a fictional speech to 澜川区, imported, extracted, reviewed and worked on.

The speech (``demo/texts/lanchuan_speech.txt``) is written by us. Seeding goes through the
same services users do (import, extraction, acceptance, reports, transitions, extensions), so
the history timeline is real. Dates are relative to ``now``: there is always something due
soon, something overdue and something awaiting review. The whole run is one transaction and
keyed on the speech's content hash: running it again changes nothing.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from demo.county import DISTRICT
from directory.models import Unit, User
from speeches.models import Directive, Speech
from speeches.services import imports, review
from tracker.models import Assignment, Bulletin, SupervisionForm
from tracker.services import assignments as workflow
from tracker.services import instructions, intake
from tracker.services.documents import bulletins, forms

TEXTS = Path(__file__).resolve().parent / "texts"
SPEECH_FILE = TEXTS / "lanchuan_speech.txt"
NOTICE_FILE = TEXTS / "lanchuan_notice.txt"
SUPERVISOR = "ducha"
LEADER = "lingdao"
# A minimal but real PDF, attached as evidence to a few reports.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

# Liaison accounts that author the demo reports of units without a demo login. Their password
# is unusable: an administrator sets one to hand the account over.
AUTHORS = {
    "柳河镇": ("liuhe", "孙联络（柳河镇）"),
    "桃源镇": ("taoyuan", "吴联络（桃源镇）"),
    "金台镇": ("jintai", "郑联络（金台镇）"),
    "龙泉镇": ("longquan", "冯联络（龙泉镇）"),
    "东湖街道": ("donghu", "何联络（东湖街道）"),
    "澜川区财政局": ("caizheng", "钱联络（财政局）"),
    "澜川区民政局": ("minzheng", "许联络（民政局）"),
    "澜川区农业农村局": ("nongye", "蒋联络（农业农村局）"),
    "澜川区教育局": ("jiaoyu", "韩联络（教育局）"),
    "中共澜川区委党校": ("dangxiao", "谢联络（党校）"),
}


@dataclass(frozen=True)
class Plan:
    """One candidate to accept: found by a phrase of its quote, due ``due_in`` days from today
    (None: keep the extracted deadline or first period), then each unit's story."""

    phrase: str
    due_in: int | None
    stories: dict[str, str]  # unit name -> story; units not listed stay 未开始
    units: tuple[str, ...] = ()  # only when the extractor found none
    cadence: str = ""  # 报送周期 the supervisor sets after accepting


# Due dates relative to today, so the first reminder scan of a fresh demo sends each kind:
# 7, 3 and 1 days ahead, today, overdue (day 1) and overdue past escalation (day 10).
PLANS = (
    Plan(
        "各乡镇要在年底前完成村级党群服务中心",
        7,
        {
            "青石镇": "reported",
            "白沙镇": "done",
            "柳河镇": "closed",
            "桃源镇": "returned",
            "金台镇": "extension",
            "龙泉镇": "reported",
        },
    ),
    Plan("区财政局要在3个月内", 3, {"澜川区财政局": "reported"}, cadence="monthly"),
    Plan("各街道要每季度至少召开", None, {"城关街道": "reported", "东湖街道": "done"}),
    Plan("城关街道要在年底前建成", 1, {"城关街道": "reported"}),
    Plan("区委组织部要在两个月内", -10, {"中共澜川区委组织部": "reported"}),
    # One early report, then none although a weekly one is owed: 报送逾期, and due today.
    Plan("区委党校要在年底前", 0, {"中共澜川区委党校": "started"}, cadence="weekly"),
    Plan("区民政局要在年底前", -1, {"澜川区民政局": "reported"}),
    Plan("区教育局要在下学期开学前", 20, {"澜川区教育局": "extension"}),
    Plan("区农业农村局要在年底前", 36, {"澜川区农业农村局": "done"}),
)
REJECT_PHRASES = ("但也要清醒看到",)


@dataclass(frozen=True)
class DemoLedger:
    speech: Speech
    created: bool


def _author(unit: Unit) -> User:
    member = (
        User.objects.filter(unit=unit, role=User.Role.UNIT_STAFF, is_active=True)
        .order_by("pk")
        .first()
    )
    if member is not None:
        return member
    username, display_name = AUTHORS[unit.name]
    user = User(username=username, display_name=display_name, role=User.Role.UNIT_STAFF, unit=unit)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


def _fresh(assignment: Assignment) -> Assignment:
    return Assignment.objects.select_related("task", "unit").get(pk=assignment.pk)


def _report(share: Assignment, author: User, at: datetime, text: str, percent: int, files=()):
    workflow.report_progress(
        assignment=share, reported_by=author, now=at, text=text, progress=percent,
        files=files, expected_version=_fresh(share).version,
    )  # fmt: skip


def _move(share: Assignment, transition: str, actor: User, at: datetime, reason: str = ""):
    workflow.apply_transition(
        assignment=share, transition=transition, actor=actor, now=at,
        expected_version=_fresh(share).version, reason=reason,
    )  # fmt: skip


class _Evidence:
    """The smallest upload-like object the report service accepts."""

    def __init__(self, name: str, data: bytes):
        self.name, self._data, self.size = name, data, len(data)

    def read(self) -> bytes:
        return self._data


def _play(story: str, share: Assignment, supervisor: User, now: datetime) -> None:
    author = _author(share.unit)
    days = lambda n: now - timedelta(days=n)  # noqa: E731
    if story in ("started", "reported", "done", "closed", "returned", "extension"):
        _report(share, author, days(20), "已召开专题会议部署，明确责任人和时间表。", 30)
    if story in ("reported", "done", "closed", "returned"):
        evidence = [_Evidence("工作推进情况.pdf", DEMO_PDF)]
        _report(share, author, days(9), "完成主体工作，正在查漏补缺。", 70, evidence)
    if story in ("done", "closed", "returned"):
        _move(share, "complete", author, days(6), "全部完成，佐证材料已上传。")
    if story == "returned":
        _move(share, "return", supervisor, days(4), "佐证材料不全，请补充现场照片后重新提交。")
    if story == "closed":
        _move(share, "close", supervisor, days(2))
    if story == "extension":
        due = _fresh(share).due_on or timezone.localdate(now)
        workflow.request_extension(
            assignment=share, requested_by=author, now=days(1),
            new_due_on=due + timedelta(days=30), reason="项目用地手续尚在办理，需顺延一个月。",
            expected_version=_fresh(share).version,
        )  # fmt: skip


def _candidate(speech: Speech, phrase: str) -> Directive | None:
    return Directive.objects.filter(speech=speech, quote__contains=phrase).order_by("start").first()


@transaction.atomic
def seed_demo_ledger(*, now: datetime) -> DemoLedger:
    """Import, extract and review the demo speech and put its assignments in every state once;
    when the speech is already there nothing changes."""
    supervisor = User.objects.get(username=SUPERVISOR)
    district = Unit.objects.get(name=DISTRICT)
    today = timezone.localdate(now)
    outcome = imports.import_document(
        data=SPEECH_FILE.read_bytes(), filename=SPEECH_FILE.name, imported_by=supervisor,
        now=now - timedelta(days=31), area=district, allow_missing_date=True,
        title="在全区基层治理和重点工作推进会上的讲话",
    )  # fmt: skip
    if outcome.duplicates:
        _import_notice(supervisor=supervisor, district=district, now=now)  # a no-op once there
        return DemoLedger(speech=outcome.duplicates[0], created=False)
    (speech,) = outcome.created
    # Imported without a date (so no background job is queued), dated here, extracted inline.
    Speech.objects.filter(pk=speech.pk).update(delivered_on=today - timedelta(days=31))
    speech = imports.extract_speech(speech=Speech.objects.get(pk=speech.pk), now=now)

    accepted_at = now - timedelta(days=30)
    for plan in PLANS:
        directive = _candidate(speech, plan.phrase)
        if directive is None or directive.status != Directive.Status.PENDING:
            continue
        units = None
        if not directive.units.exists():
            units = list(Unit.objects.filter(name__in=plan.units))
            if not units:
                continue
        due: date | None = today + timedelta(days=plan.due_in) if plan.due_in is not None else None
        task = intake.accept_directive(
            directive=directive, actor=supervisor, now=accepted_at, units=units, due_on=due,
            drop_unmatched=True,
        )  # fmt: skip
        if plan.cadence:
            task = workflow.edit_task(
                task=task, edited_by=supervisor, now=accepted_at, title=task.title,
                target=task.target, due_on=task.due_on, expected_version=task.version,
                report_cadence=plan.cadence,
            )  # fmt: skip
        for share in task.assignments.select_related("unit", "task"):
            story = plan.stories.get(share.unit.name)
            if story:
                _play(story, share, supervisor, now)
    for phrase in REJECT_PHRASES:
        directive = _candidate(speech, phrase)
        if directive is not None and directive.status == Directive.Status.PENDING:
            review.reject_directive(directive=directive, actor=supervisor, now=accepted_at)
    _supervise_the_overdue(supervisor=supervisor, now=now)
    _import_notice(supervisor=supervisor, district=district, now=now)
    return DemoLedger(speech=Speech.objects.get(pk=speech.pk), created=True)


def _supervise_the_overdue(*, supervisor: User, now: datetime) -> None:
    """What the 督查室 did about the escalated item: a leader's 批示, a red 督办单, and last
    month's 督查通报 drafted and issued."""
    share = (
        Assignment.objects.select_related("task")
        .filter(unit__name="中共澜川区委组织部", task__due_on__lt=timezone.localdate(now))
        .first()
    )
    if share is None:
        return
    leader = User.objects.get(username=LEADER)
    instructions.write_instruction(
        task=share.task, assignment=share, author=leader, now=now - timedelta(days=2),
        text="请区委组织部本周内拿出整改方案，督查室跟踪问效。",
    )  # fmt: skip
    forms.issue_supervision_form(
        assignment=_fresh(share), issued_by=supervisor, level=SupervisionForm.Level.RED,
        requirements="对照区委部署抓紧办理，逾期原因和整改措施一并书面报告。",
        feedback=forms.form_defaults(_fresh(share)).feedback, now=now - timedelta(days=1),
    )  # fmt: skip
    this_month = timezone.localdate(now).replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    bulletin = bulletins.request_bulletin(
        user=supervisor, start=last_month, end=this_month - timedelta(days=1),
        label=f"{last_month.year}年{last_month.month}月", now=now - timedelta(hours=2),
    )  # fmt: skip
    # Drafted here rather than by the worker, so the first page already shows an issued one;
    # the queued build then finds it issued and leaves it.
    bulletins.build_bulletin(bulletin_id=bulletin.pk, now=now - timedelta(hours=2))
    bulletins.issue_bulletin(
        bulletin=Bulletin.objects.get(pk=bulletin.pk), user=supervisor, now=now - timedelta(hours=1)
    )


def _import_notice(*, supervisor: User, district: Unit, now: datetime) -> None:
    """A second document of another genre, a 通知 with no year in it, left for review."""
    outcome = imports.import_document(
        data=NOTICE_FILE.read_bytes(), filename=NOTICE_FILE.name, imported_by=supervisor,
        now=now - timedelta(days=1), area=district, allow_missing_date=True,
    )  # fmt: skip
    for notice in outcome.created:
        Speech.objects.filter(pk=notice.pk).update(
            delivered_on=timezone.localdate(now) - timedelta(days=1)
        )
        imports.extract_speech(speech=Speech.objects.get(pk=notice.pk), now=now)
