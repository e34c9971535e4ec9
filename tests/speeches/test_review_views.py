import re

import pytest
from django.urls import reverse

from directory.models import Unit
from speeches.models import Directive
from speeches.services import review
from speeches.views import review as views
from speeches.views.review_queue import PAGE_SIZE
from tests.factories import DirectiveFactory, SpeechFactory, UnitFactory
from tracker.models import Assignment, Task
from tracker.services import intake
from tracker.views import intake as intake_views

TEXT = (
    "一、加强基层组织建设\n"
    "各乡镇要在年底前完成村级活动场所建设。"
    "<script>alert(1)</script>组织部要在6月底前完成党员培训。"
    "会议强调了重要性。"
)
HX = {"HX-Request": "true"}


def fragment_span(text: str, fragment: str) -> dict:
    start = text.index(fragment)
    return {"start": start, "end": start + len(fragment)}


@pytest.fixture
def speech(district, town_a, town_b):
    return SpeechFactory(text=TEXT, area=district)


@pytest.fixture
def org(district):
    return UnitFactory(
        name="区委组织部", short_name="组织部", kind=Unit.Kind.DEPARTMENT, parent=district
    )


@pytest.fixture
def first(speech, town_a, town_b):
    return DirectiveFactory(
        speech=speech,
        **fragment_span(TEXT, "各乡镇要在年底前完成村级活动场所建设。"),
        unit_mentions=["各乡镇"],
        units=[town_a, town_b],
        confidence=0.92,
        deadline_text="年底前",
        deadline="2024-12-31",
    )


@pytest.fixture
def second(speech, org):
    return DirectiveFactory(
        speech=speech,
        **fragment_span(TEXT, "组织部要在6月底前完成党员培训。"),
        unit_mentions=["组织部"],
        units=[org],
        confidence=0.6,
    )


@pytest.fixture
def unmatched(speech):
    return DirectiveFactory(
        speech=speech,
        **fragment_span(TEXT, "会议强调了重要性。"),
        unit_mentions=["某委员会"],
        unmatched_units=["某委员会"],
        confidence=0.3,
    )


def url(name: str, directive: Directive) -> str:
    return reverse(f"speeches:candidate-{name}", args=[directive.speech_id, directive.pk])


def review_url(speech) -> str:
    return reverse("speeches:speech-review", args=[speech.pk])


@pytest.mark.django_db
def test_review_page_highlights_every_candidate_in_the_escaped_text(
    client, supervisor, speech, first, second, unmatched
):
    client.force_login(supervisor)
    response = client.get(review_url(speech))
    assert response.status_code == 200
    html = response.text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for candidate in (first, second, unmatched):
        assert f'data-ids="{candidate.pk}"' in html
        assert f'id="cand-{candidate.pk}"' in html
    # The text container holds exactly the speech text, so browser offsets match the server's.
    body = re.search(r'<div id="speech-text"[^>]*>(.*?)</div>', html, re.S).group(1)
    plain = re.sub(r"<[^>]+>", "", body).replace("&lt;", "<").replace("&gt;", ">")
    assert plain == TEXT
    assert "待审核 <strong>3</strong> 条" in html
    assert "2024年12月31日" in html and "（原文：年底前）" in html
    assert '某委员会<span class="flag">（未匹配）</span>' in html
    assert "未匹配到责任单位" in html
    assert 'src="/static/js/review.js"' in html
    assert "<script>" not in re.sub(r"<script src=[^>]+></script>", "", html)


@pytest.mark.django_db
def test_review_link_on_the_speech_page_points_to_the_review_queue(client, supervisor, speech):
    client.force_login(supervisor)
    response = client.get(speech.get_absolute_url())
    assert f'href="{review_url(speech)}"' in response.text


@pytest.mark.django_db
def test_accept_over_htmx_answers_with_the_row_and_the_progress_line_only(
    client, supervisor, first, second
):
    client.force_login(supervisor)
    response = client.post(url("accept", first), headers=HX)
    assert response.status_code == 200
    html = response.text.strip()
    assert html.startswith(f'<article id="cand-{first.pk}" class="candidate st-accepted"')
    assert '<p id="review-progress"' in html and 'hx-swap-oob="true"' in html
    assert "待审核 <strong>1</strong> 条 · 已采纳 <strong>1</strong> 条" in html
    assert intake_views.ACCEPTED.format(count=2) in html
    assert "<html" not in html and 'id="speech-text"' not in html
    task = Task.objects.get(directive=first)
    assert task.assignments.count() == 2


@pytest.mark.django_db
def test_accept_without_htmx_redirects_back_to_the_candidate(client, supervisor, first):
    client.force_login(supervisor)
    response = client.post(url("accept", first))
    assert response.status_code == 302
    assert response["Location"] == f"{review_url(first.speech)}#cand-{first.pk}"
    assert Task.objects.filter(directive=first).exists()


@pytest.mark.django_db
def test_accepting_a_candidate_without_units_shows_the_message_in_its_row(
    client, supervisor, unmatched
):
    client.force_login(supervisor)
    response = client.post(url("accept", unmatched), headers=HX)
    assert response.status_code == 200
    assert intake.NO_UNITS in response.text
    assert 'class="candidate st-pending"' in response.text
    assert not Task.objects.exists()


@pytest.mark.django_db
def test_edit_form_then_save_and_accept_with_chosen_units_and_lead(
    client, supervisor, unmatched, town_a, org
):
    client.force_login(supervisor)
    form = client.get(url("edit", unmatched), headers=HX)
    assert form.status_code == 200
    assert f'<label for="id_{unmatched.pk}_units">责任单位</label>' in form.text
    response = client.post(
        url("edit", unmatched),
        {
            "task": "开展专题宣讲",
            "units": [town_a.pk, org.pk],
            "lead_unit": org.pk,
            "unmatched_units": "",
            "deadline": "2024-09-30",
            "deadline_text": "9月底前",
            "recurrence": "",
            "target": "",
            "and_accept": "1",
        },
        headers=HX,
    )
    assert response.status_code == 200
    assert 'class="candidate st-accepted"' in response.text
    task = Task.objects.get(directive=unmatched)
    assert task.title == "开展专题宣讲"
    roles = dict(task.assignments.values_list("unit__name", "role"))
    assert roles == {"区委组织部": Assignment.Role.LEAD, "甲镇": Assignment.Role.COOPERATING}
    assert set(task.assignments.values_list("due_on", flat=True)) == {task.due_on}
    assert str(task.due_on) == "2024-09-30"


@pytest.mark.django_db
def test_invalid_edit_rerenders_the_bound_form_and_changes_nothing(client, supervisor, first):
    client.force_login(supervisor)
    response = client.post(
        url("edit", first), {"task": "", "deadline": "不是日期", "recurrence": "daily"}, headers=HX
    )
    assert response.status_code == 200
    assert "<form" in response.text and 'class="field has-error"' in response.text
    first.refresh_from_db()
    assert first.task == first.quote and first.units.count() == 2


@pytest.mark.django_db
def test_save_and_accept_without_units_keeps_the_edit_and_shows_why(client, supervisor, unmatched):
    client.force_login(supervisor)
    response = client.post(
        url("edit", unmatched),
        {"task": "改过的任务", "unmatched_units": "某委员会", "and_accept": "1"},
        headers=HX,
    )
    assert intake.NO_UNITS in response.text
    assert "<form" in response.text
    unmatched.refresh_from_db()
    assert (unmatched.task, unmatched.status) == ("改过的任务", "pending")
    assert not Task.objects.exists()


@pytest.mark.django_db
def test_reject_and_restore_over_htmx(client, supervisor, first):
    client.force_login(supervisor)
    response = client.post(url("reject", first), headers=HX)
    assert 'class="candidate st-rejected"' in response.text
    assert "已驳回 <strong>1</strong> 条" in response.text
    response = client.post(url("restore", first), headers=HX)
    assert 'class="candidate st-pending"' in response.text
    first.refresh_from_db()
    assert first.status == Directive.Status.PENDING


@pytest.mark.django_db
def test_merge_with_the_next_candidate_answers_with_the_workspace(
    client, supervisor, first, second
):
    client.force_login(supervisor)
    page = client.get(review_url(first.speech))
    assert f'name="other" value="{second.pk}"' in page.text
    response = client.post(url("merge", first), {"other": second.pk}, headers=HX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="review-workspace"')
    assert views.MERGED in response.text
    second.refresh_from_db()
    assert second.status == Directive.Status.MERGED
    assert f'id="cand-{second.pk}"' not in response.text


@pytest.mark.django_db
def test_split_answers_with_the_workspace_holding_both_parts(client, supervisor, first):
    client.force_login(supervisor)
    response = client.post(url("split", first), {"at": 4}, headers=HX)
    assert response.status_code == 200
    assert views.SPLIT in response.text
    left, right = first.speech.directives.order_by("start")
    assert (left.quote, right.quote) == ("各乡镇要", "在年底前完成村级活动场所建设。")
    response = client.post(url("split", left), {"at": 99}, headers=HX)
    assert review.SPLIT_OUTSIDE.format(last=3) in response.text
    assert first.speech.directives.count() == 2


@pytest.mark.django_db
def test_add_from_a_selection_stores_the_server_side_quote(client, supervisor, speech, org):
    client.force_login(supervisor)
    span = fragment_span(TEXT, "会议强调了重要性。")
    response = client.post(reverse("speeches:candidate-add", args=[speech.pk]), span, headers=HX)
    assert views.ADDED in response.text
    added = speech.directives.get()
    assert added.quote == "会议强调了重要性。"
    response = client.post(
        reverse("speeches:candidate-add", args=[speech.pk]),
        {"start": 3, "end": 99_999},
        headers=HX,
    )
    assert review.SPAN_INVALID in response.text
    assert speech.directives.count() == 1


@pytest.mark.django_db
def test_bulk_accept_over_htmx_reports_accepted_and_skipped(
    client, supervisor, speech, first, second, unmatched
):
    client.force_login(supervisor)
    unmatched.confidence = 0.95
    unmatched.save()
    response = client.post(
        reverse("speeches:candidate-bulk-accept", args=[speech.pk]),
        {"min_confidence": "0.9"},
        headers=HX,
    )
    assert intake_views.BULK_DONE.format(accepted=1) + intake_views.BULK_SKIPPED.format(
        skipped=1
    ) in (response.text)
    assert list(Task.objects.values_list("directive_id", flat=True)) == [first.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["leader", "town_a_staff", "town_b_staff"])
def test_non_reviewers_get_403_everywhere_and_nothing_changes(
    client, persona, request, speech, first, second
):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(review_url(speech)).status_code == 403
    assert client.get(url("edit", first), headers=HX).status_code == 403
    posts = [
        (url("accept", first), {}),
        (url("reject", first), {}),
        (url("edit", first), {"task": "x", "and_accept": "1"}),
        (url("split", first), {"at": 2}),
        (url("merge", first), {"other": second.pk}),
        (reverse("speeches:candidate-add", args=[speech.pk]), {"start": 0, "end": 4}),
        (reverse("speeches:candidate-bulk-accept", args=[speech.pk]), {"min_confidence": 0}),
    ]
    for target, data in posts:
        assert client.post(target, data, headers=HX).status_code == 403, target
    assert not Task.objects.exists()
    assert set(speech.directives.values_list("status", flat=True)) == {"pending"}
    assert speech.directives.count() == 2
    first.refresh_from_db()
    assert first.task == first.quote


@pytest.mark.django_db
def test_candidate_of_another_speech_in_the_url_is_404_and_changes_nothing(
    client, supervisor, first
):
    other_speech = SpeechFactory()
    client.force_login(supervisor)
    forged = reverse("speeches:candidate-accept", args=[other_speech.pk, first.pk])
    assert client.post(forged, headers=HX).status_code == 404
    forged_merge = url("merge", first)
    stranger = DirectiveFactory(speech=other_speech)
    assert client.post(forged_merge, {"other": stranger.pk}, headers=HX).status_code == 404
    assert client.get(reverse("speeches:speech-review", args=[999_999])).status_code == 404
    assert not Task.objects.exists()
    assert set(Directive.objects.values_list("status", flat=True)) == {"pending"}


@pytest.mark.django_db
def test_anonymous_user_is_sent_to_login(client, first):
    response = client.post(url("accept", first))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not Task.objects.exists()


@pytest.mark.django_db
def test_get_links_have_real_pages_behind_them(client, supervisor, first):
    client.force_login(supervisor)
    response = client.get(url("edit", first))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert f'<label for="id_{first.pk}_task">任务</label>' in page.text
    assert client.get(url("row", first)).status_code == 302


@pytest.mark.django_db
def test_review_page_queries_do_not_grow_with_candidates(
    client, supervisor, district, town_a, town_b, django_assert_max_num_queries
):
    sentence = "各乡镇要在年底前完成村级活动场所建设，确保按期完成。"
    text = ("一、总体要求\n" + sentence * 30 + "\n") * 100  # ~90 KB
    speech = SpeechFactory(text=text, area=district)
    step = len(text) // 150
    for i in range(150):
        DirectiveFactory(
            speech=speech,
            start=i * step,
            end=i * step + len(sentence),
            units=[town_a, town_b],
            unmatched_units=["某单位"] if i % 10 == 0 else [],
            confidence=0.5 + (i % 5) / 10,
        )
    speech.directives.filter(pk__in=speech.directives.values("pk")[:20]).update(
        status=Directive.Status.REJECTED
    )
    client.force_login(supervisor)
    with django_assert_max_num_queries(9):
        response = client.get(review_url(speech))
    assert response.status_code == 200
    assert response.text.count('class="candidate ') == PAGE_SIZE  # the rest load on scroll
    assert response.text.count('<mark class="cand ') == 150  # the text shows every candidate


@pytest.mark.django_db
def test_second_accept_from_a_stale_page_says_so_and_creates_nothing(client, supervisor, first):
    client.force_login(supervisor)
    client.post(url("accept", first), headers=HX)
    response = client.post(url("accept", first), headers=HX)
    assert intake.ALREADY_ACCEPTED in response.text
    assert Task.objects.count() == 1
    assert Assignment.objects.count() == 2
