"""Import speeches into the database and run the extractor on them.

The importer library turns bytes into ImportedSpeech values; this module is the only place that
stores them. A file is imported whole or not at all (a collection of ten speeches included).
"""

import hashlib
import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction

from config.celery import enqueue_on_commit
from directory import policy
from directory.models import Unit, User
from directory.policy import Action
from directory.units import UnitDirectory
from speeches.extraction import extract
from speeches.extraction.kinds import DocumentKind, detect_kind
from speeches.extraction.model import Directive as ExtractedDirective
from speeches.importers import (
    ImportedDocument,
    ImportRejected,
    read_document,
    read_pasted_text,
)
from speeches.models import Directive, Speech

logger = logging.getLogger(__name__)

DATE_REQUIRED = "未能从文件中识别讲话日期，请填写讲话日期（相对时限如“年底前”据此推算）"
DUPLICATE_SPEECH = "该讲话稿已导入过：《{title}》（编号 {pk}），未重复导入"
DATE_NEEDED_FOR_EXTRACTION = "请先填写讲话日期，再提取任务"
REEXTRACT_CONFIRM = (
    "该文件已有候选任务：重新提取会保留已审核、已修改和手工添加的候选，只补充新发现的候选。"
    "请确认后再重新提取"
)
UNTITLED = "无标题文档"
KIND_INVALID = "请选择文种"
OPENING_TITLE_CHARS = 30
EXTRACTION_FAILED = "提取失败：{error}"


class DateRequired(ImportRejected):
    """The document names no delivery date and none was given."""


@dataclass
class ImportOutcome:
    created: list[Speech] = field(default_factory=list)
    duplicates: list[Speech] = field(default_factory=list)

    def duplicate_messages(self) -> list[str]:
        return [DUPLICATE_SPEECH.format(title=s.title, pk=s.pk) for s in self.duplicates]


def max_upload_bytes() -> int:
    return settings.LUOSHI_MAX_UPLOAD_MB * 1024 * 1024


def import_document(
    *,
    data: bytes,
    filename: str,
    imported_by: User | None,
    now: datetime,
    delivered_on: date | None = None,
    title: str = "",
    area: Unit | None = None,
    allow_missing_date: bool = False,
) -> ImportOutcome:
    """Store every speech of an uploaded file once (by content hash) with the original bytes;
    raise ImportRejected with a Chinese message and store nothing when the file is bad."""
    if imported_by is not None:
        policy.require(imported_by, Action.IMPORT_SPEECH)
    document = read_document(data, filename, max_bytes=max_upload_bytes())
    return _store_document(
        document,
        original=data,
        imported_by=imported_by,
        now=now,
        delivered_on=delivered_on,
        title=title,
        area=area,
        allow_missing_date=allow_missing_date,
    )


def import_pasted_text(
    *,
    text: str,
    imported_by: User | None,
    now: datetime,
    delivered_on: date | None = None,
    title: str = "",
    area: Unit | None = None,
    allow_missing_date: bool = False,
) -> ImportOutcome:
    """As import_document, for text pasted into a form."""
    if imported_by is not None:
        policy.require(imported_by, Action.IMPORT_SPEECH)
    document = read_pasted_text(text, max_chars=max_upload_bytes() // 2)
    return _store_document(
        document,
        original=text.encode("utf-8"),
        imported_by=imported_by,
        now=now,
        delivered_on=delivered_on,
        title=title,
        area=area,
        allow_missing_date=allow_missing_date,
    )


def _store_document(
    document: ImportedDocument,
    *,
    original: bytes,
    imported_by: User | None,
    now: datetime,
    delivered_on: date | None,
    title: str,
    area: Unit | None,
    allow_missing_date: bool,
) -> ImportOutcome:
    single = len(document.speeches) == 1
    # An explicit date overrides the document's for a single speech; in a collection it only
    # fills the speeches whose own date was not found.
    dated = [
        (s, delivered_on if (single and delivered_on) else (s.delivered_on or delivered_on))
        for s in document.speeches
    ]
    if not allow_missing_date and any(day is None for _, day in dated):
        raise DateRequired(DATE_REQUIRED)

    stored_name = _store_original(original, document.filename)
    for attempt in range(2):
        try:
            outcome = _create_speeches(
                document,
                dated,
                stored_name,
                imported_by=imported_by,
                now=now,
                title=title,
                area=area,
            )
        except IntegrityError:
            # A concurrent import of the same text won the race on content_hash; the second
            # attempt sees its rows and reports them as duplicates.
            if attempt:
                raise
            continue
        except Exception:
            default_storage.delete(stored_name)
            raise
        if not outcome.created:
            default_storage.delete(stored_name)
        return outcome
    raise AssertionError("unreachable")


@transaction.atomic
def _create_speeches(document, dated, stored_name, *, imported_by, now, title, area):
    single = len(document.speeches) == 1
    outcome = ImportOutcome()
    existing = {
        s.content_hash: s
        for s in Speech.objects.filter(content_hash__in=[s.content_hash for s, _ in dated])
    }
    for imported, day in dated:
        if imported.content_hash in existing:
            outcome.duplicates.append(existing[imported.content_hash])
            continue
        speech = Speech(
            title=(title if single and title else imported.title)
            or _title_from_opening(imported.text, imported.position),
            kind=detect_kind(imported.text).value,
            speaker=imported.speaker,
            delivered_on=day,
            text=imported.text,
            content_hash=imported.content_hash,
            source_name=document.filename,
            source_encoding=document.encoding,
            position=imported.position,
            area=area,
            imported_by=imported_by,
            imported_at=now,
        )
        speech.source_file.name = stored_name
        speech.full_clean(exclude=["content_hash", "source_file"])
        speech.save()
        outcome.created.append(speech)
        if day is not None:
            enqueue_on_commit("speeches.tasks.extract_directives", speech_id=speech.pk)
    return outcome


def provenance_fields(item: ExtractedDirective) -> dict:
    """The Directive columns of where an extracted directive's units and deadline were read."""
    fields = {}
    for name, source in (("units", item.units_source), ("deadline", item.deadline_source)):
        fields[f"{name}_source_kind"] = source.kind if source else ""
        fields[f"{name}_source_text"] = source.text[:200] if source else ""
    return fields


def _store_original(original: bytes, filename: str) -> str:
    digest = hashlib.sha256(original).hexdigest()[:16]
    safe_name = "".join(ch for ch in filename if ch.isalnum() or ch in "._-") or "speech.txt"
    return default_storage.save(f"speeches/{digest}-{safe_name[-80:]}", ContentFile(original))


def _title_from_opening(text: str, position: int) -> str:
    """A title from the text when it has no title line: its opening words, never the file name
    (a file name such as "新建文本文档.txt" says nothing about the document)."""
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    opening = re.split(r"[。！？；!?;]", first, maxsplit=1)[0].strip("，,：: \u3000")
    if len(opening) > OPENING_TITLE_CHARS:
        opening = opening[:OPENING_TITLE_CHARS] + "…"
    opening = opening or UNTITLED
    return opening if position == 1 else f"{opening}（第{position}篇）"


def update_speech(
    *,
    speech: Speech,
    edited_by: User,
    title: str,
    speaker: str,
    delivered_on: date | None,
    area: Unit | None,
    kind: str | None = None,
) -> Speech:
    """Change a speech's metadata; setting a missing delivery date starts the extraction.
    A changed kind is stored only: re-extraction is its own action (request_extraction)."""
    policy.require(edited_by, Action.IMPORT_SPEECH)
    with transaction.atomic():
        speech = Speech.objects.select_for_update().get(pk=speech.pk)
        speech.title, speech.speaker, speech.area = title, speaker, area
        if kind is not None:
            speech.kind = kind
        speech.full_clean(exclude=["content_hash", "source_file", "delivered_on"])
        speech.save(update_fields=["title", "speaker", "area", "kind"])
        return set_reference_date(speech=speech, edited_by=edited_by, delivered_on=delivered_on)


def set_document_facts(
    *, speech: Speech, edited_by: User, kind: str, delivered_on: date | None
) -> Speech:
    """Store the document kind and reference date set on the review page (a first date starts
    the extraction, as in set_reference_date; a changed kind alone re-extracts nothing)."""
    policy.require(edited_by, Action.IMPORT_SPEECH)
    if kind not in {k.value for k in DocumentKind}:
        raise ImportRejected(KIND_INVALID)
    with transaction.atomic():
        Speech.objects.filter(pk=speech.pk).update(kind=kind)
        return set_reference_date(speech=speech, edited_by=edited_by, delivered_on=delivered_on)


def set_reference_date(*, speech: Speech, edited_by: User, delivered_on: date | None) -> Speech:
    """Store the date relative deadlines resolve against; a document that had none and now has
    one is queued for extraction, so its candidates come with resolved deadlines."""
    policy.require(edited_by, Action.IMPORT_SPEECH)
    with transaction.atomic():
        speech = Speech.objects.select_for_update().get(pk=speech.pk)
        gained_date = speech.delivered_on is None and delivered_on is not None
        speech.delivered_on = delivered_on
        if gained_date and speech.state == Speech.State.IMPORTED:
            speech.extraction_error = ""
            enqueue_on_commit("speeches.tasks.extract_directives", speech_id=speech.pk)
        speech.save(update_fields=["delivered_on", "extraction_error"])
    return speech


def request_extraction(*, speech: Speech, requested_by: User, confirmed: bool = False) -> None:
    """Queue (again) the extraction of a speech that has a delivery date; a speech that has
    candidates already is re-extracted only once the reviewer confirmed it."""
    policy.require(requested_by, Action.IMPORT_SPEECH)
    if speech.needs_date:
        raise ImportRejected(DATE_NEEDED_FOR_EXTRACTION)
    if not confirmed and speech.directives.exists():
        raise ImportRejected(REEXTRACT_CONFIRM)
    with transaction.atomic():
        Speech.objects.filter(pk=speech.pk).exclude(state=Speech.State.EXTRACTING).update(
            state=Speech.State.IMPORTED, extraction_error=""
        )
        enqueue_on_commit("speeches.tasks.extract_directives", speech_id=speech.pk)


# A speech whose extraction was queued this long ago and has not started lost its message
# (the broker was down when it was sent, or lost it): the sweep queues it again.
UNSTARTED_AFTER = timedelta(minutes=10)


def requeue_unstarted_extractions(*, now: datetime) -> int:
    """Queue again the extraction of every dated speech still waiting for it; a message that
    arrives twice is harmless (the task skips a speech whose extraction already ran)."""
    waiting = Speech.objects.filter(
        state=Speech.State.IMPORTED,
        delivered_on__isnull=False,
        extraction_error="",
        imported_at__lt=now - UNSTARTED_AFTER,
    ).values_list("pk", flat=True)
    ids = list(waiting)
    with transaction.atomic():
        for speech_id in ids:
            enqueue_on_commit("speeches.tasks.extract_directives", speech_id=speech_id)
    return len(ids)


def extract_speech(*, speech: Speech, now: datetime) -> Speech:
    """Run the extractor and store its candidates. A re-run keeps the reviewer's work — every
    reviewed candidate and every one a reviewer edited, added, split or merged — replaces the
    untouched ones and adds only what lies outside the kept spans, so running twice (a
    redelivered task) leaves the same set."""
    if speech.needs_date:
        Speech.objects.filter(pk=speech.pk).update(
            state=Speech.State.IMPORTED, extraction_error=DATE_NEEDED_FOR_EXTRACTION
        )
        return Speech.objects.get(pk=speech.pk)
    Speech.objects.filter(pk=speech.pk).update(state=Speech.State.EXTRACTING, extraction_error="")
    directory = UnitDirectory.load()
    try:
        found = extract(
            speech.text,
            reference_date=speech.delivered_on,
            unit_names=directory.names(),
            kind=DocumentKind(speech.kind),
        )
    except Exception as exc:  # the library is pure; any failure is a bug to show, not to hide
        logger.exception("extraction failed for speech %s", speech.pk)
        Speech.objects.filter(pk=speech.pk).update(
            state=Speech.State.FAILED, extraction_error=EXTRACTION_FAILED.format(error=exc)[:500]
        )
        return Speech.objects.get(pk=speech.pk)

    with transaction.atomic():
        speech = Speech.objects.select_for_update().get(pk=speech.pk)  # serialise re-runs
        speech.directives.filter(status=Directive.Status.PENDING, touched_at=None).delete()
        reviewed_spans = list(speech.directives.values_list("start", "end"))
        next_ordinal = max(speech.directives.values_list("ordinal", flat=True), default=0) + 1
        candidates, matched_units = [], []
        for item in found:
            if any(start < item.end and item.start < end for start, end in reviewed_spans):
                continue
            resolution = directory.resolve(item.units, area=speech.area)
            candidates.append(
                Directive(
                    speech=speech,
                    ordinal=next_ordinal + len(candidates),
                    quote=item.quote,
                    start=item.start,
                    end=item.end,
                    section_path=list(item.section_path),
                    task=item.task,
                    unit_mentions=list(item.units),
                    unmatched_units=resolution.unmatched,
                    deadline_text=item.deadline_text or "",
                    deadline=item.deadline,
                    recurrence=item.recurrence or "",
                    target=item.target or "",
                    **provenance_fields(item),
                    confidence=round(min(max(item.confidence, 0.0), 1.0), 3),
                )
            )
            matched_units.append(resolution.units)
        Directive.objects.bulk_create(candidates)
        Through = Directive.units.through
        Through.objects.bulk_create(
            Through(directive_id=candidate.pk, unit_id=unit.pk)
            for candidate, units in zip(candidates, matched_units, strict=True)
            for unit in units
        )
        speech.state = Speech.State.READY
        speech.extracted_at = now
        speech.save(update_fields=["state", "extracted_at"])
    return speech
