"""Import throughput for the sample corpus (../shared/speeches).

Two figures: the importer library alone (bytes -> cleaned speeches, no database) and the full
import service (library + de-duplication + rows in PostgreSQL), each transaction rolled back so
every round imports the same files afresh and nothing is enqueued.

    .venv/bin/python bench/import_corpus.py [--rounds 20]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

from _support import ROOT, figures, setup_django

CORPUS = ROOT.parent / "shared" / "speeches"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    files = sorted(p for p in args.corpus.glob("*") if p.suffix in {".txt", ".docx", ".pdf"})
    if not files:
        print(f"no sample speeches under {args.corpus}", file=sys.stderr)
        return 1
    blobs = [(p.name, p.read_bytes()) for p in files]
    total_bytes = sum(len(b) for _, b in blobs)

    setup_django("import")
    from django.db import transaction
    from django.utils import timezone

    from speeches.importers import read_document
    from speeches.services import imports

    library_rounds = []
    chars = 0
    for _ in range(args.rounds):
        start = time.perf_counter()
        chars = sum(len(read_document(data, name).cleaned_text) for name, data in blobs)
        library_rounds.append(time.perf_counter() - start)

    service_rounds = []
    speeches = 0
    for _ in range(max(1, args.rounds // 4)):
        start = time.perf_counter()
        with transaction.atomic():
            speeches = 0
            for name, data in blobs:
                outcome = imports.import_document(
                    data=data,
                    filename=name,
                    imported_by=None,
                    now=timezone.now(),
                    allow_missing_date=True,
                )
                speeches += len(outcome.created)
            transaction.set_rollback(True)
        service_rounds.append(time.perf_counter() - start)

    library = statistics.median(library_rounds)
    service = statistics.median(service_rounds)
    print(f"corpus: {len(blobs)} files, {total_bytes / 1024:.0f} KiB, {chars} characters cleaned")
    print(f"library: median {library * 1000:.1f} ms per corpus pass ({args.rounds} rounds)")
    print(f"service: median {service * 1000:.1f} ms per corpus pass, {speeches} speeches stored")
    print(
        figures(
            import_files=len(blobs),
            import_library_files_per_s=len(blobs) / library,
            import_library_mb_per_s=total_bytes / 1e6 / library,
            import_service_files_per_s=len(blobs) / service,
            import_service_ms_per_file=service * 1000 / len(blobs),
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
