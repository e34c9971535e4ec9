"""bench/run_all.py: every figure against its goal, missing figures short, unknown ones shown."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import run_all


def test_each_figure_is_printed_against_its_goal_and_a_missing_goal_figure_is_short(monkeypatch):
    monkeypatch.setattr(
        run_all,
        "GOALS",
        {
            "demo:build_s": run_all.Goal("<=", 8),
            "demo:queries": run_all.Goal("==", "queries_small"),
            "demo:flat": run_all.Goal("==", True),
            "demo:peak_growth": run_all.Goal("<=", 1.5),
            "other:build_s": run_all.Goal("<=", 1),
        },
    )
    found = run_all.parse_figures("build_s=9.9 queries=8 queries_small=8 flat=True new_figure=3")
    lines, held, short = run_all.goal_lines("demo", found)
    assert lines == [
        "demo: build_s=9.9 goal=≤8 holds=no",
        "demo: queries=8 goal=queries_small holds=yes",
        "demo: queries_small=8",
        "demo: flat=True goal=True holds=yes",
        "demo: new_figure=3",  # another engineer's new figure: shown, no goal
        "demo: peak_growth=missing goal=≤1.5 holds=no",  # not measured is not held
    ]
    assert (held, short) == (2, 2)


def test_a_text_value_never_holds_a_numeric_goal():
    assert not run_all.holds(run_all.Goal("<=", 8), "n/a", {})
    assert not run_all.holds(run_all.Goal("==", "absent"), "3", {})
