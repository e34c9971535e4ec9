"""Extraction speed: bare jieba.lcut vs the full pipeline on the same texts, in one process.

    .venv/bin/python bench/extraction.py [FOLDER ...] [--rounds N]

Reads every document of each folder (default: the sample speeches and the genres set of
../shared/eval, decoded and cleaned as the importer does, without Django), times the first
extraction (dictionary load included), then runs interleaved rounds: one round of bare
``jieba.lcut`` over the corpus, then one round of the pipeline with its clause cache emptied
(cold, as for a document never seen), so that both see the same machine load. The ratio is
pipeline speed over jieba speed per round; the median and the spread (min–max) are printed.
Times are this process's CPU time, so that other work on a shared machine does not enter.
The last line holds the figures as key=value pairs.
"""

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from speeches.importers import read_document  # noqa: E402  (pure Python, no Django)


def _shared() -> Path:
    for candidate in (ROOT.parent / "shared", ROOT.parent.parent / "shared"):
        if candidate.is_dir():
            return candidate
    return ROOT.parent / "shared"


def _corpus(folder: Path) -> list[str]:
    texts = []
    for path in sorted(folder.iterdir()):
        if path.is_file():
            texts.append(
                read_document(path.read_bytes(), path.name, max_bytes=1 << 62).cleaned_text
            )
    return texts


def _bench(name: str, texts: list[str], rounds: int, extract, clear_cache) -> dict:
    import jieba

    chars = sum(len(t) for t in texts)
    ref = date(2020, 1, 1)
    found = sum(len(extract(t, reference_date=ref)) for t in texts)
    ratios, jieba_speeds, pipeline_speeds = [], [], []
    for _ in range(rounds):
        t0 = time.process_time()
        for t in texts:
            jieba.lcut(t)
        jieba_cps = chars / (time.process_time() - t0)
        clear_cache()
        t0 = time.process_time()
        for t in texts:
            extract(t, reference_date=ref)
        pipeline_cps = chars / (time.process_time() - t0)
        jieba_speeds.append(jieba_cps)
        pipeline_speeds.append(pipeline_cps)
        ratios.append(pipeline_cps / jieba_cps)
    figures = {
        "files": len(texts),
        "chars": chars,
        "directives": found,
        "jieba_cps": statistics.median(jieba_speeds),
        "pipeline_cps": statistics.median(pipeline_speeds),
        "ratio": statistics.median(ratios),
        "ratio_min": min(ratios),
        "ratio_max": max(ratios),
    }
    print(
        f"{name}: {len(texts)} files, {chars} characters, {found} directives; "
        f"bare jieba.lcut {figures['jieba_cps']:,.0f} chars/s, "
        f"pipeline (cold clause cache) {figures['pipeline_cps']:,.0f} chars/s; "
        f"ratio {figures['ratio']:.3f} (min {min(ratios):.3f}, max {max(ratios):.3f}, "
        f"{rounds} interleaved rounds)"
    )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    shared = _shared()
    parser.add_argument(
        "folders",
        nargs="*",
        type=Path,
        default=[shared / "speeches", shared / "eval/genres/texts"],
    )
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    corpora = [
        (folder.name if folder.name != "texts" else folder.parent.name, _corpus(folder))
        for folder in args.folders
    ]

    t0 = time.perf_counter()
    from speeches.extraction import extract  # the import and first load are part of the cost
    from speeches.extraction.tokenizer import clear_clause_cache

    extract(corpora[0][1][0], reference_date=date(2020, 1, 1))
    first_run = time.perf_counter() - t0
    print(f"first run (import + dictionary load + one extraction): {first_run:.2f} s")

    import jieba

    jieba.setLogLevel(60)
    jieba.lcut(corpora[0][1][0][:100])  # load jieba's own dictionary outside the timing
    pairs = [f"first_run_s={first_run:.3f}"]
    for name, texts in corpora:
        figures = _bench(name, texts, args.rounds, extract, clear_clause_cache)
        pairs += [
            f"{name}_{key}={value:.3f}" if isinstance(value, float) else f"{name}_{key}={value}"
            for key, value in figures.items()
        ]
    print(" ".join(pairs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
