"""Run every benchmark under bench/ and print each figure against its goal (`make bench`).

A benchmark is any bench/*.py that is not a helper (_*.py), this runner, the load test or a
fault script (those have their own make targets: `make load`, `make faults`). Each prints its
figures as key=value pairs on its last line. This runner prints one line per figure,

    NAME: FIGURE=VALUE goal=≤8 holds=yes|no

(a figure without a goal in GOALS is printed without one), and last

    benchmarks: N hold, M short

A goal whose figure a script did not print (it failed, timed out, or renamed the figure) is
short, not skipped: a benchmark cannot hold by not measuring. Goals live in one table, GOALS,
keyed "script:figure"; a goal's value may name another figure of the same script
("ledger_build_queries_300": the count must not grow with the rows).

    .venv/bin/python bench/run_all.py [--timeout 900] [name ...]
"""

import argparse
import operator
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SKIP_PREFIXES = ("_", "faults_", "run_all", "load")
SHOWN = {"<": "<", "<=": "≤", "==": "=", ">=": "≥", ">": ">"}
OPERATORS = {
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    ">=": operator.ge,
    ">": operator.gt,
}


@dataclass(frozen=True)
class Goal:
    op: str
    value: float | str | bool  # a number, True/False, or the name of a figure of the script
    why: str = ""

    def __str__(self) -> str:
        return f"{'' if self.op == '==' else SHOWN[self.op]}{self.value}"  # goal=0 means "= 0"


# One table: where a goal comes from is in its why (issue 18 states most of them).
GOALS: dict[str, Goal] = {
    # Ledger export (issue 18): ≤ 8 s for 30,000 rows in the worker, memory flat in the rows.
    "ledger:ledger_build_s": Goal("<=", 8, "30,000 rows in the worker"),
    "ledger:ledger_peak_growth": Goal("<=", 1.5, "peak memory at 30,000 rows / at 3,000"),
    "ledger:ledger_data_queries": Goal("==", "ledger_build_queries_300", "flat in the rows"),
    "ledger:ledger_writer_ratio": Goal(">=", 1.0, "the pinned writer is the faster one"),
    "ledger:ledger_cpu_ratio": Goal("<", 1.0, "rows + writer cost less CPU than before"),
    # 督查通报 and 考核 (issue 16): a month of 4,800 assignments, 2,000-odd overdue lines.
    "documents:figures_queries": Goal("<=", 4, "a period's figures in four queries"),
    "documents:docx_cpu_s": Goal("<=", 2, "the bulletin's .docx with every overdue line"),
    # Pages (issue 18): in-process CPU against the floor view measured in the same run.
    "pages:unit_page_x_floor": Goal("<=", 3, "unit page, 32 rows, staff / floor"),
    "pages:update_x_floor": Goal("<=", 2, "inline progress report / floor"),
    "pages:complete_x_floor": Goal("<=", 2, "inline completion / floor"),
    "pages:dashboard_x_floor": Goal("<=", 4, "dashboard, 300 units / floor"),
    "dashboard:queries_constant": Goal("==", True, "query count flat in the rows"),
    # Review page (issue 18): ≤ 500 ms at 1,500 candidates — measured at 1,500, not fewer.
    "review:page_ms": Goal("<=", 500, "review page"),
    "review:candidates": Goal(">=", 1500, "the page measured at 1,500 candidates"),
    # Load (`make load`, not run here; bench/load.py prints its own goal lines).
    "load:capacity_ratio": Goal(">=", 0.3, "Luoshi mix capacity / trivial view capacity"),
    "load:closed_p95_ms": Goal("<", 500, "closed loop, 50 users"),
    "load:closed_errors": Goal("==", 0, "no errors"),
    "load:lost_updates": Goal("==", 0, "every accepted update stored once"),
    "load:doubled_updates": Goal("==", 0, "every accepted update stored once"),
}


def benchmarks(names: list[str]) -> list[Path]:
    scripts = sorted(p for p in BENCH.glob("*.py") if not p.name.startswith(SKIP_PREFIXES))
    if names:
        scripts = [p for p in scripts if p.stem in names]
    return scripts


def parse_figures(line: str) -> dict[str, str]:
    pairs = [part.split("=", 1) for part in line.split() if "=" in part]
    return {key: value for key, value in pairs if key}


def _number(raw: str) -> float | bool | str:
    if raw in ("True", "False"):
        return raw == "True"
    try:
        return float(raw)
    except ValueError:
        return raw


def holds(goal: Goal, value: str, found: dict[str, str]) -> bool:
    """Whether ``value`` (as printed) meets ``goal``; a goal naming a missing figure fails."""
    target = goal.value
    if isinstance(target, str):
        if target not in found:
            return False
        target = _number(found[target])
    actual = _number(value)
    if isinstance(actual, str) or isinstance(target, str):
        return False
    try:
        return bool(OPERATORS[goal.op](actual, target))
    except TypeError:
        return False


def goal_lines(name: str, found: dict[str, str]) -> tuple[list[str], int, int]:
    """One line per figure of script ``name`` (then its goals it did not print); returns the
    lines and the counts of goals that hold and that are short."""
    lines, held, short = [], 0, 0
    for figure, value in found.items():
        goal = GOALS.get(f"{name}:{figure}")
        if goal is None:
            lines.append(f"{name}: {figure}={value}")
            continue
        ok = holds(goal, value, found)
        held, short = held + ok, short + (not ok)
        lines.append(f"{name}: {figure}={value} goal={goal} holds={'yes' if ok else 'no'}")
    for key, goal in GOALS.items():
        script, _, figure = key.partition(":")
        if script == name and figure not in found:
            short += 1
            lines.append(f"{name}: {figure}=missing goal={goal} holds=no")
    return lines, held, short


def run(script: Path, timeout: int) -> tuple[str, dict[str, str], float, str]:
    start = time.perf_counter()
    try:
        result = subprocess.run(
            [sys.executable, str(script)],
            cwd=BENCH.parent,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return "timeout", {}, time.perf_counter() - start, f"over {timeout} s"
    elapsed = time.perf_counter() - start
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    found = parse_figures(lines[-1]) if lines else {}
    if result.returncode != 0 or not found:
        tail = (result.stderr.strip().splitlines() or ["no key=value line"])[-1]
        return "failed", found, elapsed, tail[:200]
    return "ok", found, elapsed, ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="script stems to run (default: all)")
    parser.add_argument("--timeout", type=int, default=900, help="seconds per script")
    args = parser.parse_args()
    scripts = benchmarks(args.names)
    if not scripts:
        print("no benchmarks found under bench/")
        return 1
    results = []
    for script in scripts:
        print(f"== {script.name}", flush=True)
        outcome = run(script, args.timeout)
        results.append((script.stem, *outcome))
        status, found, elapsed, note = outcome
        print(f"   {status} in {elapsed:.1f} s {note}", flush=True)

    print("\nSummary")
    held = short = failed = 0
    for name, status, found, elapsed, note in results:
        if status != "ok":
            failed += 1
            print(f"{name}: {status} after {elapsed:.0f} s: {note}")
        lines, ok, missing = goal_lines(name, found)
        held, short = held + ok, short + missing
        print("\n".join(lines))
    if failed:
        print(f"scripts failed: {failed} of {len(results)}")
    print(f"benchmarks: {held} hold, {short} short")
    return 1 if failed or short else 0


if __name__ == "__main__":
    sys.exit(main())
