from datetime import UTC, datetime

import pytest
from django.urls import reverse

from tests.factories import AssignmentFactory, SpeechFactory, TaskFactory
from tracker.services import assignments as services

NOW = datetime(2024, 6, 1, 2, 0, tzinfo=UTC)
SPEECH = (
    "一、总体要求\n今年是关键之年。\n"
    "二、重点任务\n各乡镇要在年底前完成<b>村级活动场所</b>建设。组织部门要加强督导。\n"
    "三、保障措施\n各单位要<script>alert('x')</script>抓好落实。\n"
)
QUOTE = "各乡镇要在年底前完成<b>村级活动场所</b>建设。"


@pytest.fixture
def task(town_a, town_b):
    speech = SpeechFactory(text=SPEECH, title="在全区工作会议上的讲话")
    start = SPEECH.index(QUOTE)
    task = TaskFactory(
        speech=speech, quote=QUOTE, quote_start=start, quote_end=start + len(QUOTE),
        title="完成村级活动场所建设", section_path=["二、重点任务"],
    )  # fmt: skip
    AssignmentFactory(task=task, unit=town_a)
    AssignmentFactory(task=task, unit=town_b, status="in_progress", progress=40)
    return task


@pytest.mark.django_db
def test_quote_is_highlighted_in_its_speech_and_html_shows_as_text(client, supervisor, task):
    client.force_login(supervisor)
    html = client.get(task.get_absolute_url()).content.decode()
    assert (
        '<mark class="quote">各乡镇要在年底前完成&lt;b&gt;村级活动场所&lt;/b&gt;建设。</mark>'
        in html
    )
    assert "<b>村级" not in html
    assert "<script>alert(&#x27;x&#x27;)" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "二、重点任务" in html  # the quote is shown within its surrounding text


@pytest.mark.django_db
def test_wrong_offsets_fall_back_to_finding_the_quote(client, supervisor, task):
    task.quote_start, task.quote_end = 0, 5
    task.save()
    client.force_login(supervisor)
    html = client.get(task.get_absolute_url()).content.decode()
    assert '<mark class="quote">各乡镇要在年底前' in html


@pytest.mark.django_db
def test_every_units_share_is_listed_for_the_supervisor(client, supervisor, task):
    client.force_login(supervisor)
    html = client.get(task.get_absolute_url()).content.decode()
    assert "甲镇" in html and "乙镇" in html
    assert "未开始" in html and "推进中" in html


@pytest.mark.django_db
def test_unit_staff_see_only_their_share_and_its_history(client, task, town_a_staff, supervisor):
    town_b_share = task.assignments.get(unit__name="乙镇")
    services.change_due_date(
        assignment=town_b_share, changed_by=supervisor, now=NOW,
        due_on=datetime(2025, 1, 31).date(), reason="乙镇特殊情况", expected_version=1,
    )  # fmt: skip
    client.force_login(town_a_staff)
    html = client.get(task.get_absolute_url()).content.decode()
    assert "甲镇" in html
    assert "乙镇" not in html
    assert "乙镇特殊情况" not in html


@pytest.mark.django_db
def test_another_unit_gets_404_for_a_task_it_has_no_share_in(client, district):
    from directory.models import User
    from tests.factories import UnitFactory, UserFactory

    stranger = UserFactory(username="stranger", role=User.Role.UNIT_STAFF,
                           unit=UnitFactory(name="丙镇"))  # fmt: skip
    task = TaskFactory()
    AssignmentFactory(task=task, unit=UnitFactory(name="丁镇"))
    client.force_login(stranger)
    assert client.get(task.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_history_timeline_shows_who_when_from_and_to(client, supervisor, task):
    services.edit_task(
        task=task, edited_by=supervisor, now=NOW, title="完成村级活动场所新建和改造",
        target="15个", due_on=task.due_on, expected_version=1,
    )  # fmt: skip
    client.force_login(supervisor)
    html = client.get(task.get_absolute_url()).content.decode()
    assert "修改任务" in html
    assert "量化目标：无 → 15个" in html
    assert "2024年6月1日 10:00" in html  # Asia/Shanghai
    assert str(supervisor) in html


@pytest.mark.django_db
def test_edit_form_through_htmx_and_stale_version(client, supervisor, task):
    client.force_login(supervisor)
    url = reverse("tracker:task-edit", args=[task.pk])
    data = {"title": "新标题", "target": "", "due_on": "2024-12-31", "version": 1}
    response = client.post(url, data, headers={"HX-Request": "true"})
    assert "任务已修改" in response.content.decode()
    response = client.post(url, {**data, "title": "另一人改的"}, headers={"HX-Request": "true"})
    assert services.STALE_VERSION in response.content.decode()
    task.refresh_from_db()
    assert task.title == "新标题"


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_task_and_assignment_pages_issue_a_fixed_number_of_queries(client, supervisor, task):
    from tests.factories import UnitFactory

    client.force_login(supervisor)
    share = task.assignments.first()
    services.report_progress(
        assignment=share, reported_by=supervisor, now=NOW, text="首次", progress=5,
        expected_version=share.version,
    )  # fmt: skip
    task_before = _count_queries(client, task.get_absolute_url())
    share_before = _count_queries(client, share.get_absolute_url())
    for n in range(5):
        AssignmentFactory(task=task, unit=UnitFactory(name=f"新增{n}镇"))
    for n in range(5):
        share.refresh_from_db()
        services.report_progress(
            assignment=share, reported_by=supervisor, now=NOW, text=f"第{n}次",
            progress=10 * (n + 1), expected_version=share.version,
        )  # fmt: skip
    assert _count_queries(client, task.get_absolute_url()) == task_before
    assert _count_queries(client, share.get_absolute_url()) == share_before


def _span(text, quote, start=None):
    from types import SimpleNamespace

    from tracker.views.tasks import source_span

    start = text.index(quote) if start is None else start
    task = SimpleNamespace(speech=SimpleNamespace(text=text), quote=quote,
                           quote_start=start, quote_end=start + len(quote))  # fmt: skip
    return source_span(task)


def test_a_short_speech_is_shown_whole_around_the_quote():
    span = _span("一、总体要求\n各乡镇要抓落实。\n二、保障", "各乡镇要抓落实。")
    assert (span.before, span.after) == ("一、总体要求\n", "\n二、保障")
    assert not span.cut_before and not span.cut_after


def test_a_long_speech_is_cut_at_line_breaks_near_the_quote():
    far = "很长的一段话。" * 60
    text = f"{far}\n前一行。\n各乡镇要抓落实。\n后一行。\n{far}"
    span = _span(text, "各乡镇要抓落实。")
    assert span.cut_before and span.cut_after
    assert (span.before, span.after) == ("前一行。\n", "\n后一行。")
    assert span.full_before + span.quote + span.full_after == text


def test_a_quote_not_in_the_speech_gives_no_span():
    assert _span("各乡镇要抓落实。", "组织部门要督导。", start=0) is None
