"""Run every benchmark under bench/ and print one summary (`make bench`).

A benchmark is any bench/*.py that is not a helper (_*.py), this runner, the load test or a
fault script (those have their own make targets: `make load`, `make faults`). Each prints its
figures as key=value pairs on its last line; a script that fails or times out is reported, and
the others still run.

    .venv/bin/python bench/run_all.py [--timeout 900] [name ...]
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SKIP_PREFIXES = ("_", "faults_", "run_all", "load")


def benchmarks(names: list[str]) -> list[Path]:
    scripts = sorted(p for p in BENCH.glob("*.py") if not p.name.startswith(SKIP_PREFIXES))
    if names:
        scripts = [p for p in scripts if p.stem in names]
    return scripts


def parse_figures(line: str) -> dict[str, str]:
    pairs = [part.split("=", 1) for part in line.split() if "=" in part]
    return {key: value for key, value in pairs if key}


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
    width = max(len(name) for name, *_ in results)
    for name, status, found, elapsed, note in results:
        shown = " ".join(f"{k}={v}" for k, v in found.items()) or note
        print(f"  {name:<{width}}  {status:<7} {elapsed:6.1f}s  {shown}")
    failed = sum(1 for _, status, *_ in results if status != "ok")
    print(f"benchmarks={len(results)} ok={len(results) - failed} failed={failed}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
