"""Review page speed at 150 and 1,500 candidates, each tied to 20 townships, rendered through the
real view stack beside the floor (the cheapest signed-in view) measured in the same run.

For each size: the full review page, the htmx workspace partial (after merge/split/add), the
next page of rows (what "加载更多" / scrolling fetches) and one inline accept (row + progress
line), as the median CPU time of this process (PostgreSQL's own time is not in it) and wall
time, the page's size and query count. The last line carries the figures; the 1,500-candidate
page is the one with a goal (≤ 500 ms).

    .venv/bin/python bench/review.py
"""

import statistics
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _support import Stopwatch, cpu_ms, figures, setup_django, use_floor_urls

SIZES = (150, 1500)
RUNS = {150: 15, 1500: 7}
SENTENCE = "各乡镇、街道党（工）委要在年底前完成村级活动场所建设，确保按期完成。"
BLOCK = "一、总体要求\n" + SENTENCE * 24 + "\n"  # ~850 characters, 24 sentences
TOWNS = 20


def main() -> None:
    setup_django("review", floor=True)
    floor_path = use_floor_urls()
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
        for i in range(TOWNS)
    ]
    supervisor = User.objects.create_user("bench-supervisor", role=User.Role.SUPERVISOR)
    client = Client(HTTP_HOST="localhost")
    client.force_login(supervisor)
    hx = {"HX-Request": "true"}

    def speech_with(count: int) -> tuple[Speech, list[Directive]]:
        # One sentence in two carries a candidate: 36 blocks for 150 and 125 for 1,500.
        text = BLOCK * max(36, -(-count * 2 // 24))
        speech = Speech.objects.create(
            title=f"基准讲话（{count}）",
            delivered_on=date(2024, 3, 5),
            text=text,
            content_hash=f"bench-review-{count}",
            state=Speech.State.READY,
            area=district,
            imported_at=timezone.now(),
        )
        step = len(text) // count
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
                deadline_source_kind="sentence",
                deadline_source_text="年底前",
            )
            for i in range(count)
        )
        Through = Directive.units.through
        Through.objects.bulk_create(
            Through(directive_id=d.pk, unit_id=t.pk) for d in directives for t in towns
        )
        return speech, directives

    def wall_ms(call, runs: int) -> float:
        samples = []
        for _ in range(runs):
            with Stopwatch() as watch:
                response = call()
            assert response.status_code == 200, response.status_code
            samples.append(watch.seconds * 1000)
        return statistics.median(samples)

    def queries(call) -> int:
        with CaptureQueriesContext(connection) as captured:
            call()
        return len(captured)

    floor_cpu = cpu_ms(lambda: client.get(floor_path), runs=50)
    results: dict[str, float | int] = {"floor_cpu_ms": floor_cpu}
    for count in SIZES:
        speech, directives = speech_with(count)
        runs = RUNS[count]
        page_url = reverse("speeches:speech-review", args=[speech.pk])
        more_url = reverse("speeches:candidate-list", args=[speech.pk])
        more_url += f"?status=all&after={directives[49].start}-{directives[49].ordinal}"
        calls = {
            "page": lambda url=page_url: client.get(url),
            "workspace": lambda url=page_url: client.get(url, headers=hx),
            "more": lambda url=more_url: client.get(url, headers=hx),
        }
        size_kb = len(calls["page"]().content) / 1024
        for key, call in calls.items():
            results[f"{key}_{count}_cpu_ms"] = cpu_ms(call, runs=runs)
            results[f"{key}_{count}_ms"] = wall_ms(call, runs)
            results[f"{key}_{count}_queries"] = queries(call)
        accept_urls = iter(
            reverse("speeches:candidate-accept", args=[speech.pk, d.pk]) for d in directives
        )
        results[f"accept_{count}_cpu_ms"] = cpu_ms(
            lambda urls=accept_urls: client.post(next(urls), headers=hx), runs=runs, warmup=1
        )
        results[f"page_{count}_kb"] = size_kb
        results[f"page_{count}_x_floor"] = results[f"page_{count}_cpu_ms"] / floor_cpu
        print(
            f"{count} candidates x {TOWNS} units, text {len(speech.text)} characters: "
            f"page {results[f'page_{count}_cpu_ms']:.1f} ms CPU "
            f"({results[f'page_{count}_ms']:.1f} ms wall, {size_kb:.0f} KB, "
            f"{results[f'page_{count}_queries']} queries), "
            f"next page {results[f'more_{count}_cpu_ms']:.1f} ms, "
            f"accept {results[f'accept_{count}_cpu_ms']:.1f} ms; floor {floor_cpu:.2f} ms"
        )
    largest = max(SIZES)
    headline = {
        "candidates": largest,
        "page_ms": results[f"page_{largest}_cpu_ms"],  # in-process CPU, the figure with a goal
        "page_wall_ms": results[f"page_{largest}_ms"],
        "page_x_floor": results[f"page_{largest}_x_floor"],
    }
    print(figures(**headline, **results))


if __name__ == "__main__":
    main()
