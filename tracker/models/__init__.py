"""tracker's models, one module per seam; imported from here as ``tracker.models``."""

from tracker.models.documents import (
    Bulletin,
    DocumentCounter,
    Instruction,
    ScoreWeights,
    SupervisionForm,
)
from tracker.models.notices import CalendarFeed, Notification, ReminderScan
from tracker.models.outputs import LedgerExport
from tracker.models.work import (
    REPORT_CADENCES,
    Assignment,
    Evidence,
    ExtensionRequest,
    HistoryEntry,
    ProgressReport,
    Task,
)

__all__ = [
    "REPORT_CADENCES",
    "Assignment",
    "Bulletin",
    "CalendarFeed",
    "DocumentCounter",
    "Evidence",
    "ExtensionRequest",
    "HistoryEntry",
    "Instruction",
    "LedgerExport",
    "Notification",
    "ProgressReport",
    "ReminderScan",
    "ScoreWeights",
    "SupervisionForm",
    "Task",
]
