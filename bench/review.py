"""Review page speed: a ~90 KB speech with 150 candidates, rendered through the real view stack.

Prints, on its last line, the median server time (wall clock, and CPU time of this process,
which a busy shared machine disturbs less) and the query count of the full review page, of
the htmx workspace partial, and of one inline accept (row + progress line).

    .venv/bin/python bench/review.py
"""

import statistics
import sys
import time
from datetime import date
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _support import Stopwatch, figures, setup_django

RUNS = 15
CANDIDATES = 150
SENTENCE = "各乡镇、街道党（工）委要在年底前完成村级活动场所建设，确保按期完成。"


def main() -> None:
    setup_django("review", fresh=True)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from directory.models import Unit, User
    from speeches.models import Directive, Speech

    district = Unit.objects.create(name="基准区", kind=Unit.Kind.DISTRICT)
    towns = [
        Unit.objects.create(name=f"基准{i}镇", kind=Unit.Kind.TOWNSHIP, parent=district)
        for i in range(20)
    ]
    text = ("一、总体要求\n" + SENTENCE * 24 + "\n") * 36  # ~90 KB of UTF-8
    speech = Speech.objects.create(
        title="基准讲话",
        delivered_on=date(2024, 3, 5),
        text=text,
        content_hash="bench-review",
        state=Speech.State.READY,
        area=district,
        imported_at=timezone.now(),
    )
    step = len(text) // CANDIDATES
    directives = Directive.objects.bulk_create(
        Directive(
            speech=speech,
            ordinal=i + 1,
            start=i * step,
            end=i * step + len(SENTENCE),
            quote=text[i * step : i * step + len(SENTENCE)],
            task=f"完成第{i + 1}项任务",
            unit_mentions=["各乡镇、街道党（工）委"],
            unmatched_units=["某单位"] if i % 10 == 0 else [],
            confidence=0.5 + (i % 5) / 10,
            deadline=date(2024, 12, 31),
            deadline_text="年底前",
        )
        for i in range(CANDIDATES)
    )
    Through = Directive.units.through
    Through.objects.bulk_create(
        Through(directive_id=d.pk, unit_id=t.pk) for d in directives for t in towns
    )
    supervisor = User.objects.create_user("bench-supervisor", role=User.Role.SUPERVISOR)
    client = Client(HTTP_HOST="localhost")
    client.force_login(supervisor)
    page_url = reverse("speeches:speech-review", args=[speech.pk])

    def timed(call) -> tuple[float, float, int]:
        cpu = time.process_time()
        with CaptureQueriesContext(connection) as captured, Stopwatch() as watch:
            response = call()
        assert response.status_code == 200, response.status_code
        return watch.seconds * 1000, (time.process_time() - cpu) * 1000, len(captured)

    def measure(calls) -> tuple[float, float, int]:
        runs = [timed(call) for call in calls]
        return (
            statistics.median(r[0] for r in runs),
            statistics.median(r[1] for r in runs),
            runs[-1][2],
        )

    client.get(page_url)  # warm up templates and connections
    page_ms, page_cpu_ms, page_queries = measure([lambda: client.get(page_url)] * RUNS)
    size_kb = len(client.get(page_url).content) / 1024
    partial_ms, partial_cpu_ms, partial_queries = measure(
        [lambda: client.get(page_url, headers={"HX-Request": "1"})] * RUNS
    )
    accept_urls = [
        reverse("speeches:candidate-accept", args=[speech.pk, d.pk]) for d in directives[:RUNS]
    ]
    accept_ms, accept_cpu_ms, accept_queries = measure(
        [partial(client.post, url, headers={"HX-Request": "true"}) for url in accept_urls]
    )

    speech_kb = len(text.encode()) / 1024
    print(
        f"speech {speech_kb:.0f} KB UTF-8 ({len(text)} characters), {CANDIDATES} candidates "
        f"x {len(towns)} units each, page {size_kb:.0f} KB"
    )
    print(
        figures(
            speech_kb=speech_kb,
            candidates=CANDIDATES,
            page_ms=page_ms,
            page_cpu_ms=page_cpu_ms,
            page_queries=page_queries,
            workspace_ms=partial_ms,
            workspace_cpu_ms=partial_cpu_ms,
            workspace_queries=partial_queries,
            accept_ms=accept_ms,
            accept_cpu_ms=accept_cpu_ms,
            accept_queries=accept_queries,
        )
    )


if __name__ == "__main__":
    main()
