"""The task ledger (任务台账), one package, three rooms:

- ``rows``: which assignments the ledger holds and their row values (shared by every output);
- ``excel``: the .xlsx writer (streamed, constant memory);
- ``exports``: export jobs — request, build in the worker, retry, prune;
- ``printing``: the printable ledger, one row per task with its units.

Callers import the package (``from tracker.services import ledger``); the names below are its
public face.
"""

from tracker.services.ledger.excel import (
    DATE_FORMAT,
    EXCEL_CELL_LIMIT,
    PROGRESS_EVERY,
    sheet_title,
    write_ledger,
)
from tracker.services.ledger.exports import (
    BUILD_FAILED,
    BUILD_TASK,
    KEEP_EXPORTS_DAYS,
    STUCK_AFTER,
    build_export,
    export_filename,
    export_title,
    fail_abandoned_exports,
    may_retry,
    prune_exports,
    request_export,
    requeue_unstarted_exports,
    retry_export,
    unfinished_export,
)
from tracker.services.ledger.printing import (
    NO_DUE,
    PRINT_HEADERS,
    PRINT_MAX_ROWS,
    PRINT_MAX_UNITS,
    PrintLedger,
    PrintTask,
    PrintUnit,
    print_ledger,
)
from tracker.services.ledger.rows import (
    COLUMNS,
    HEADERS,
    NO_SOURCE,
    LedgerRow,
    ledger_assignments,
    ledger_rows,
    units_by_task,
)

__all__ = [
    "BUILD_FAILED",
    "BUILD_TASK",
    "COLUMNS",
    "DATE_FORMAT",
    "EXCEL_CELL_LIMIT",
    "HEADERS",
    "KEEP_EXPORTS_DAYS",
    "NO_DUE",
    "NO_SOURCE",
    "PRINT_HEADERS",
    "PRINT_MAX_ROWS",
    "PRINT_MAX_UNITS",
    "PROGRESS_EVERY",
    "STUCK_AFTER",
    "LedgerRow",
    "PrintLedger",
    "PrintTask",
    "PrintUnit",
    "build_export",
    "export_filename",
    "export_title",
    "fail_abandoned_exports",
    "ledger_assignments",
    "ledger_rows",
    "may_retry",
    "print_ledger",
    "prune_exports",
    "request_export",
    "requeue_unstarted_exports",
    "retry_export",
    "sheet_title",
    "unfinished_export",
    "units_by_task",
    "write_ledger",
]
