"""Extraction speed: bare jieba.lcut vs the full pipeline on the same text, in one process.

    .venv/bin/python bench/extraction.py [SPEECH_DIR] [--repeat N]

Reads every speech of the sample corpus (decoded and cleaned as the importer does, without
Django), times the first extraction (dictionary load included) and then both throughputs.
The last line holds the figures as key=value pairs.
"""

import argparse
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from speeches.importers import read_document  # noqa: E402  (pure Python, no Django)


def _corpus(folder: Path) -> list[str]:
    texts = []
    for path in sorted(folder.iterdir()):
        if path.is_file():
            texts.append(
                read_document(path.read_bytes(), path.name, max_bytes=1 << 62).cleaned_text
            )
    return texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT.parent / "shared/speeches")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = _corpus(args.folder)
    chars = sum(len(t) for t in texts)
    ref = date(2020, 1, 1)

    t0 = time.perf_counter()
    from speeches.extraction import extract  # the import and first load are part of the cost

    found = sum(len(extract(t, reference_date=ref)) for t in texts)
    first_run = time.perf_counter() - t0

    import jieba

    jieba.setLogLevel(60)
    jieba.lcut(texts[0][:100])  # load jieba's own dictionary outside the timing
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for t in texts:
            jieba.lcut(t)
    jieba_cps = chars * args.repeat / (time.perf_counter() - t0)

    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for t in texts:
            extract(t, reference_date=ref)
    pipeline_cps = chars * args.repeat / (time.perf_counter() - t0)

    print(f"corpus: {len(texts)} files, {chars} characters, {found} directives")
    print(f"first run (import + dictionary load + extraction): {first_run:.2f} s")
    print(f"bare jieba.lcut: {jieba_cps:,.0f} chars/s; pipeline: {pipeline_cps:,.0f} chars/s")
    print(
        f"files={len(texts)} chars={chars} directives={found} first_run_s={first_run:.3f} "
        f"jieba_cps={jieba_cps:.0f} pipeline_cps={pipeline_cps:.0f} "
        f"ratio={pipeline_cps / jieba_cps:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
