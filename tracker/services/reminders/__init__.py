"""Deadline reminders, weekly digests and recurring assignments.

rules (pure: which reminders are due), messages (their Chinese text), scan (create each once),
delivery (email, each once), digest (weekly summaries), recurring (next periods).
"""

from tracker.services.reminders.delivery import deliver_pending_email
from tracker.services.reminders.scan import ScanResult, scan_deadlines, scan_if_missed

__all__ = ["ScanResult", "deliver_pending_email", "scan_deadlines", "scan_if_missed"]
