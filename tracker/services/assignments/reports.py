"""Progress reports with evidence files."""

import secrets
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction

from directory.models import User
from directory.policy import Action
from tracker.models import Assignment, Evidence, HistoryEntry, ProgressReport
from tracker.services import evidence as evidence_checks
from tracker.services import history
from tracker.services.assignments.base import (
    AUTO_STARTED_NOTE,
    PROGRESS_DECREASE,
    PROGRESS_OUT_OF_RANGE,
    REPORT_NOT_OPEN,
    REPORT_TEXT_REQUIRED,
    S,
    WorkflowRefused,
    lock_for_write,
    save_bumped,
)


@transaction.atomic
def report_progress(
    *,
    assignment: Assignment,
    reported_by: User,
    now: datetime,
    text: str,
    progress: int,
    expected_version: int,
    files=(),
    confirm_decrease: bool = False,
) -> ProgressReport:
    """File a progress report with its evidence, all or nothing; a report starts a 未开始 one."""
    locked = lock_for_write(
        assignment, actor=reported_by, action=Action.REPORT_PROGRESS,
        expected_version=expected_version, related=("unit",),
    )  # fmt: skip
    text = (text or "").strip()
    if not text:
        raise WorkflowRefused(REPORT_TEXT_REQUIRED)
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        raise WorkflowRefused(PROGRESS_OUT_OF_RANGE)
    if locked.status not in Assignment.OPEN_STATUSES:
        raise WorkflowRefused(REPORT_NOT_OPEN)
    # Progress going down is allowed (a wrong figure last time) but never silently.
    if progress < locked.progress and not confirm_decrease:
        raise WorkflowRefused(PROGRESS_DECREASE.format(current=locked.progress))
    checked = check_evidence(files)
    stored: list[str] = []
    try:
        report = store_report(
            locked, author=reported_by, text=text, progress=progress, checked=checked,
            now=now, stored=stored,
        )  # fmt: skip
        old_status, old_progress = locked.get_status_display(), locked.progress
        fields = ["progress"]
        locked.progress = progress
        if locked.status == S.PENDING:
            locked.status = S.IN_PROGRESS
            fields.append("status")
        save_bumped(locked, now=now, fields=fields)
        if "status" in fields:
            history.record(
                assignment=locked, kind=HistoryEntry.Kind.STATUS,
                actor=reported_by, at=now, old=old_status, new=locked.get_status_display(),
                note=AUTO_STARTED_NOTE,
            )  # fmt: skip
        history.record(
            assignment=locked, kind=HistoryEntry.Kind.PROGRESS,
            actor=reported_by, at=now, old=f"{old_progress}%", new=f"{progress}%",
            note=text[:200],
        )  # fmt: skip
    except Exception:
        remove_files(stored)
        raise
    return report


def check_evidence(files) -> list:
    """The uploaded files, checked; a bad one refuses the whole report."""
    try:
        return evidence_checks.check_files(files, max_bytes=evidence_checks.max_evidence_bytes())
    except evidence_checks.EvidenceRejected as exc:
        raise WorkflowRefused(str(exc)) from None


def remove_files(stored: list[str]) -> None:
    """The rows roll back with the transaction; the files must be removed by hand."""
    storage = Evidence._meta.get_field("file").storage
    for name in stored:
        storage.delete(name)


def store_report(
    locked: Assignment,
    *,
    author: User,
    text: str,
    progress: int,
    checked,
    now: datetime,
    stored: list[str],
) -> ProgressReport:
    """Create the report row and its evidence files; ``stored`` collects the file names so a
    caller whose transaction fails can remove them."""
    report = ProgressReport.objects.create(
        assignment=locked, author=author, text=text, progress=progress, created_at=now
    )
    for item in checked:
        extension = item.name.rsplit(".", 1)[-1].lower()
        # On disk a random name: the user's file name is only ever shown, never a path.
        evidence = Evidence(
            report=report,
            original_name=item.name,
            content_type=item.content_type,
            size=len(item.data),
        )
        evidence.file.save(f"{secrets.token_hex(16)}.{extension}", ContentFile(item.data),
                           save=False)  # fmt: skip
        stored.append(evidence.file.name)
        evidence.save()
    return report
