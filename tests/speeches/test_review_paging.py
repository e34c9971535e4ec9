"""The review page shows its candidates fifty at a time: filters by review state, the next page
on scroll, the page that holds a candidate the reviewer just added, split or merged."""

import re

import pytest
from django.urls import reverse

from speeches.models import Directive
from speeches.views import review_queue as queue
from tests.factories import DirectiveFactory, SpeechFactory

HX = {"HX-Request": "true"}
SENTENCE = "各乡镇要在年底前完成村级活动场所建设。"
COUNT = 120


@pytest.fixture
def speech(district, town_a):
    text = "一、总体要求\n" + SENTENCE * COUNT
    speech = SpeechFactory(text=text, area=district)
    offset = text.index(SENTENCE)
    for i in range(COUNT):
        start = offset + i * len(SENTENCE)
        DirectiveFactory(
            speech=speech, start=start, end=start + len(SENTENCE), units=[town_a], ordinal=i + 1
        )
    # every third candidate rejected, every fifth (not rejected) accepted
    for candidate in speech.directives.order_by("start"):
        if candidate.ordinal % 3 == 0:
            candidate.status = Directive.Status.REJECTED
        elif candidate.ordinal % 5 == 0:
            candidate.status = Directive.Status.ACCEPTED
        candidate.save()
    return speech


def ordinals(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'data-locate="\d+">#(\d+)</a>', html)]


def list_url(speech, **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("speeches:candidate-list", args=[speech.pk]) + (f"?{query}" if query else "")


@pytest.mark.django_db
def test_the_page_shows_the_first_fifty_in_text_order_and_a_sentinel_for_the_rest(
    client, supervisor, speech
):
    client.force_login(supervisor)
    html = client.get(reverse("speeches:speech-review", args=[speech.pk])).text
    assert ordinals(html) == list(range(1, queue.PAGE_SIZE + 1))
    assert 'hx-trigger="revealed, click"' in html
    assert f"加载更多（还有 {COUNT - queue.PAGE_SIZE} 条）" in html
    assert html.count('<mark class="cand ') == COUNT


def key_of(speech, ordinal: int) -> str:
    candidate = speech.directives.get(ordinal=ordinal)
    return f"{candidate.start}-{candidate.ordinal}"


@pytest.mark.django_db
def test_the_next_page_continues_where_the_first_ended(client, supervisor, speech):
    client.force_login(supervisor)
    first = client.get(reverse("speeches:speech-review", args=[speech.pk])).text
    assert f"after={key_of(speech, 50)}" in first
    second = client.get(list_url(speech, status="all", after=key_of(speech, 50)), headers=HX).text
    assert ordinals(second) == list(range(51, 101))
    last = client.get(list_url(speech, status="all", after=key_of(speech, 100)), headers=HX).text
    assert ordinals(last) == list(range(101, COUNT + 1))
    assert "加载更多" not in last
    assert "<html" not in last  # a fragment, appended in place of the sentinel


@pytest.mark.django_db
def test_rows_accepted_under_the_pending_filter_do_not_make_the_next_page_skip_any(
    client, supervisor, speech
):
    pending = [n for n in range(1, COUNT + 1) if n % 3 and n % 5]
    client.force_login(supervisor)
    html = client.get(list_url(speech, status="pending"), headers=HX).text
    assert ordinals(html) == pending[: queue.PAGE_SIZE]
    for ordinal in pending[:10]:  # the reviewer works down the first page
        client.post(
            reverse(
                "speeches:candidate-reject",
                args=[speech.pk, speech.directives.get(ordinal=ordinal).pk],
            ),
            headers=HX,
        )
    cursor = re.search(r"after=([\d-]+)", html).group(1)
    more = client.get(list_url(speech, status="pending", after=cursor), headers=HX).text
    assert ordinals(more) == pending[queue.PAGE_SIZE : 2 * queue.PAGE_SIZE]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "keep"),
    [
        ("pending", lambda n: n % 3 and n % 5),
        ("accepted", lambda n: n % 3 and not n % 5),
        ("rejected", lambda n: not n % 3),
    ],
)
def test_a_filter_lists_only_candidates_in_that_state(client, supervisor, speech, status, keep):
    client.force_login(supervisor)
    html = client.get(list_url(speech, status=status), headers=HX).text
    expected = [n for n in range(1, COUNT + 1) if keep(n)][: queue.PAGE_SIZE]
    assert ordinals(html) == expected
    assert html.lstrip().startswith('<section id="candidate-list"')
    assert 'class="active" aria-current="true">' + queue.FILTER_LABELS[status] in html


@pytest.mark.django_db
def test_the_filter_survives_a_full_page_load(client, supervisor, speech):
    client.force_login(supervisor)
    url = reverse("speeches:speech-review", args=[speech.pk])
    html = client.get(f"{url}?status=rejected").text
    assert ordinals(html) == [n for n in range(1, COUNT + 1) if not n % 3]
    # without htmx the list URL is the review page at that place
    cursor = key_of(speech, 30)
    response = client.get(list_url(speech, status="rejected", after=cursor))
    assert response.status_code == 302
    assert response["Location"] == f"{url}?status=rejected&after={cursor}"
    assert ordinals(client.get(response["Location"]).text)[0] == 33


@pytest.mark.django_db
def test_a_page_focused_on_a_late_candidate_offers_the_earlier_rows(client, supervisor, speech):
    late = speech.directives.get(ordinal=110)
    client.force_login(supervisor)
    url = reverse("speeches:speech-review", args=[speech.pk])
    html = client.get(f"{url}?focus={late.pk}").text
    assert ordinals(html) == list(range(101, COUNT + 1))
    assert "显示前面的候选" in html
    assert f"before={key_of(speech, 101)}" in html
    earlier = client.get(list_url(speech, status="all", before=key_of(speech, 101)), headers=HX)
    assert ordinals(earlier.text) == list(range(51, 101))
    assert f"before={key_of(speech, 51)}" in earlier.text and "加载更多" not in earlier.text


@pytest.mark.django_db
def test_the_merge_button_of_a_page_s_last_row_names_the_next_pending_beyond_the_page(
    client, supervisor, speech
):
    client.force_login(supervisor)
    html = client.get(reverse("speeches:speech-review", args=[speech.pk])).text
    row_49 = html[html.index(">#49</a>") : html.index(">#50</a>")]
    # 50 is accepted, 51 is rejected (51 = 3 x 17), 52 is the next pending one
    next_pending = speech.directives.get(ordinal=52)
    assert f'name="other" value="{next_pending.pk}"' in row_49


@pytest.mark.django_db
def test_highlighting_keeps_overlaps_and_leaves_the_text_between_unmarked(district):
    text = "甲乙丙丁戊己庚"
    speech = SpeechFactory(text=text, area=district)
    a = DirectiveFactory(speech=speech, start=1, end=4)
    b = DirectiveFactory(speech=speech, start=3, end=6)
    html = str(queue.highlighted_text(text, queue.spans_of(speech)))
    assert html == (
        f'甲<mark class="cand st-pending" data-ids="{a.pk}" id="span-{a.pk}">乙丙</mark>'
        f'<mark class="cand st-pending" data-ids="{a.pk} {b.pk}" id="span-{b.pk}">丁</mark>'
        f'<mark class="cand st-pending" data-ids="{b.pk}">戊己</mark>庚'
    )
    assert html.count("<mark") == 3  # one per stretch covered by the same candidates


@pytest.mark.django_db
def test_the_full_list_costs_a_fixed_number_of_queries(
    client, supervisor, speech, django_assert_max_num_queries
):
    client.force_login(supervisor)
    url = list_url(speech, status="all", after=key_of(speech, 50))
    with django_assert_max_num_queries(6):
        response = client.get(url, headers=HX)
    assert response.status_code == 200
