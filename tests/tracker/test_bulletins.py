"""督查通报: drafted from the ledger, previewed from the stored draft, issued with a number."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from docx import Document

from tests.tracker.documents_data import NOW, TODAY, WEEK_END, WEEK_START, build_week
from tracker.models import Bulletin, Instruction, Notification
from tracker.selectors_assessment import Scope
from tracker.services.assignments.base import WorkflowRefused
from tracker.services.documents import bulletins

pytestmark = pytest.mark.django_db

OVERVIEW = (
    "2026年第48周，纳入督查范围的重点任务共3项，分解到3个单位共5项。"
    "本期已完成3项，其中按时完成2项，按时完成率40.0%（应完成5项）。"
    "截至2026年11月29日，逾期未完成2项，无报送逾期。"
)


@pytest.fixture
def week(town_a, town_b, supervisor):
    return build_week(town_a=town_a, town_b=town_b, supervisor=supervisor)


def _draft(**overrides):
    fields = {
        "scope": Scope(start=WEEK_START, end=WEEK_END, today=TODAY),
        "label": "2026年第48周",
        "named_after_days": 7,
        "closing": bulletins.DEFAULT_CLOSING,
        "now": NOW,
    }
    return bulletins.draft(**{**fields, **overrides})


def _drafted(supervisor) -> Bulletin:
    bulletin = bulletins.request_bulletin(
        user=supervisor, start=WEEK_START, end=WEEK_END, label="2026年第48周", now=NOW
    )
    return bulletins.build_bulletin(bulletin_id=bulletin.pk, now=NOW)


def test_the_draft_says_the_figures_in_prose_and_ranks_units_within_their_kind(week):
    content = _draft().content
    assert content.title == "关于2026年第48周重点任务落实情况的通报"
    assert content.number == "督通〔2026〕　号"
    assert content.overview == OVERVIEW
    assert [
        (kind, [(line.rank, line.unit) for line in lines]) for kind, lines in content.rankings
    ] == [
        ("乡镇", [(1, "甲镇"), (2, "乙镇")]),
        ("街道", [(1, "城关街道")]),
    ]
    town_b = content.rankings[0][1][1]
    assert (town_b.total, town_b.done, town_b.on_time_rate, town_b.overdue) == (2, 0, "0.0%", 2)
    assert [(line.unit, line.task, line.due, line.days) for line in content.overdue] == [
        ("乙镇", "完成垃圾分类示范点建设", "2026年11月10日", 19),
        ("乙镇", "完成村级党群服务中心标准化建设", "2026年11月25日", 4),
    ]
    assert content.praised == ("城关街道",)
    assert content.named == ("乙镇（逾期2项，最长19天）",)


def test_a_higher_threshold_names_nobody_and_a_unit_kind_narrows_the_bulletin(week):
    assert _draft(named_after_days=30).content.named == ()
    street_only = _draft(
        scope=Scope(start=WEEK_START, end=WEEK_END, today=TODAY, unit_kind="street")
    )
    assert street_only.content.title == "关于2026年第48周街道重点任务落实情况的通报"
    assert [kind for kind, _ in street_only.content.rankings] == ["街道"]
    assert street_only.content.overdue == ()


def test_an_empty_period_says_so():
    content = _draft().content
    assert content.overview == "2026年第48周，纳入督查范围的任务共0项，本期无需通报的事项。"
    assert content.rankings == () and content.overdue == ()


def test_instructions_since_the_period_began_are_listed(week, leader):
    Instruction.objects.create(
        task=week.overdue_long.task, assignment=week.overdue_long, author=leader,
        text="请乙镇本周内拿出方案", written_at=NOW - timedelta(days=2),
    )  # fmt: skip
    Instruction.objects.create(
        task=week.overdue_long.task, author=leader, text="上月的批示",
        written_at=NOW - timedelta(days=30),
    )  # fmt: skip
    assert _draft().content.instructions == (
        "leader（2026年11月29日）：请乙镇本周内拿出方案（完成垃圾分类示范点建设，乙镇）",
    )


def test_the_worker_stores_the_draft_and_the_docx_is_built_from_it(week, supervisor):
    bulletin = _drafted(supervisor)
    assert bulletin.status == Bulletin.Status.DRAFT and bulletin.percent == 100
    assert bulletin.total_steps == bulletin.done_steps + 1 == 6
    content = bulletins.content_of(bulletin)
    assert content.overview == OVERVIEW
    assert bulletins.from_json(bulletins.to_json(bulletins.Draft(content, (1,)))).content == content
    document = Document(BytesIO(bulletins.docx_of(bulletin)))
    ranking_town, _, overdue = document.tables
    assert [c.text for c in ranking_town.rows[1].cells][:2] == ["1", "甲镇"]
    assert [c.text for c in overdue.rows[1].cells] == [
        "乙镇", "完成垃圾分类示范点建设", "2026年11月10日", "19",
    ]  # fmt: skip
    texts = [p.text for p in document.paragraphs]
    assert OVERVIEW in texts
    assert "本期逾期较长、予以通报的单位：乙镇（逾期2项，最长19天）。" in texts


def test_a_redelivered_build_of_a_draft_changes_nothing(week, supervisor):
    bulletin = _drafted(supervisor)
    bulletins.update_closing(bulletin=bulletin, user=supervisor, closing="新的结尾")
    again = bulletins.build_bulletin(bulletin_id=bulletin.pk, now=NOW + timedelta(hours=1))
    assert again.closing == "新的结尾" and again.drafted_at == NOW


def test_issuing_numbers_the_bulletin_keeps_its_file_and_notifies_the_units_in_it(
    week, supervisor, town_a_staff, town_b_staff
):
    from tests.factories import UserFactory

    street_staff = UserFactory(username="street_staff", role="unit_staff", unit=week.street)
    bulletin = _drafted(supervisor)
    bulletins.update_closing(bulletin=bulletin, user=supervisor, closing="第一段\n\n第二段")
    issued = bulletins.issue_bulletin(bulletin=bulletin, user=supervisor, now=NOW)
    assert (issued.number, issued.status, issued.issued_by) == (
        "督通〔2026〕1号",
        "issued",
        supervisor,
    )
    document = Document(BytesIO(issued.file.open("rb").read()))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[0] == "督通〔2026〕1号"
    assert texts[-4:] == ["第一段", "第二段", "区委督查室", "2026年12月1日"]
    assert bulletins.content_of(issued).number == "督通〔2026〕1号"
    notified = set(
        Notification.objects.filter(kind=Notification.Kind.BULLETIN).values_list(
            "recipient__username", flat=True
        )
    )
    assert notified == {"town_b_staff", "street_staff"}  # named and praised; 甲镇 is neither
    body = Notification.objects.filter(recipient=street_staff).first().body
    assert f"/bulletins/{issued.pk}/" in body
    with pytest.raises(WorkflowRefused) as twice:
        bulletins.issue_bulletin(bulletin=issued, user=supervisor, now=NOW)
    assert twice.value.messages == ["该通报已印发，编号为督通〔2026〕1号"]
    with pytest.raises(WorkflowRefused) as edit:
        bulletins.update_closing(bulletin=issued, user=supervisor, closing="改")
    assert edit.value.messages == [bulletins.NOT_A_DRAFT]


def test_a_queued_bulletin_cannot_be_issued_and_unit_staff_cannot_issue(
    week, supervisor, town_a_staff
):
    queued = bulletins.request_bulletin(
        user=supervisor, start=WEEK_START, end=WEEK_END, label="2026年第48周", now=NOW
    )
    with pytest.raises(WorkflowRefused) as refused:
        bulletins.issue_bulletin(bulletin=queued, user=supervisor, now=NOW)
    assert refused.value.messages == [bulletins.NOT_READY]
    drafted = bulletins.build_bulletin(bulletin_id=queued.pk, now=NOW)
    with pytest.raises(PermissionDenied):
        bulletins.issue_bulletin(bulletin=drafted, user=town_a_staff, now=NOW)
    with pytest.raises(PermissionDenied):
        bulletins.request_bulletin(
            user=town_a_staff, start=WEEK_START, end=WEEK_END, label="x", now=NOW
        )
    drafted.refresh_from_db()
    assert drafted.status == Bulletin.Status.DRAFT and drafted.number == ""


def test_the_weekly_schedule_drafts_last_week_once(week, django_capture_on_commit_callbacks):
    from tracker.tasks import draft_weekly_bulletin

    with django_capture_on_commit_callbacks(execute=False) as queued:
        first = draft_weekly_bulletin.run(today="2026-12-01")
        second = draft_weekly_bulletin.run(today="2026-12-02")
    assert first == second
    bulletin = Bulletin.objects.get()
    assert (bulletin.period_start, bulletin.period_end, bulletin.period_label) == (
        WEEK_START, WEEK_END, "2026年第48周",
    )  # fmt: skip
    assert bulletin.scheduled and bulletin.requested_by is None
    assert len(queued) == 1


def test_draft_bulletin_command_writes_the_draft_without_issuing(week, tmp_path):
    out = tmp_path / "通报.docx"
    call_command("draft_bulletin", "--from", "2026-11-23", "--to", "2026-11-29", "-o", str(out))
    document = Document(str(out))
    texts = [p.text for p in document.paragraphs if p.text]
    # not numbered: a draft; the number's year is the year it is drafted (the command's clock)
    assert texts[0] == f"督通〔{timezone.localdate().year}〕　号"
    assert texts[1] == "关于2026年11月23日至11月29日重点任务落实情况的通报"
    assert len(document.tables) == 3
    assert not Bulletin.objects.exists()


def test_draft_bulletin_command_refuses_a_reversed_range(tmp_path):
    with pytest.raises(CommandError, match="统计起始日不能晚于截止日"):
        call_command(
            "draft_bulletin",
            "--from",
            "2026-11-29",
            "--to",
            "2026-11-23",
            "-o",
            str(tmp_path / "x.docx"),
        )
