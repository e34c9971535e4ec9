from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRefresh

from directory import policy
from directory.policy import Action
from speeches import selectors
from speeches.forms import SpeechEditForm, SpeechImportForm
from speeches.importers import ImportRejected
from speeches.models import Speech
from speeches.services import imports, uploads

IMPORTED = "已导入 {count} 篇讲话稿，正在提取任务"
IMPORTED_WITHOUT_DATE = (
    "已导入《{title}》，但文中没有识别出日期：请在审核页填写日期，填写后开始提取任务"
)
EXTRACTION_QUEUED = "已重新开始提取任务"
SPEECH_SAVED = "讲话稿信息已保存"


@require_GET
def speech_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, Action.VIEW_SPEECH)
    context = {
        "speeches": selectors.speeches_with_counts(),
        "may_import": policy.can(request.user, Action.IMPORT_SPEECH),
    }
    return render(request, "speeches/speech_list.html", context)


@require_http_methods(["GET", "POST"])
def speech_import(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, Action.IMPORT_SPEECH)
    form = SpeechImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "imported_by": request.user,
            "now": timezone.now(),
            "delivered_on": data["delivered_on"],
            "title": data["title"].strip(),
            "area": data["area"],
            # A document without a date is stored anyway; its review page asks for the date.
            "allow_missing_date": True,
        }
        if data["file"] and uploads.parses_in_worker(data["file"].name):
            # .docx and .pdf are read by the worker: store, queue, show the progress.
            upload = uploads.accept_upload(
                data=data["file"].read(),
                filename=data["file"].name,
                imported_by=request.user,
                now=common["now"],
                delivered_on=common["delivered_on"],
                title=common["title"],
                area=common["area"],
            )
            if not request.htmx:
                return redirect("speeches:upload-status", upload.pk)
            return render(request, "speeches/_upload_status.html", {"upload": upload})
        try:
            if data["file"]:
                outcome = imports.import_document(
                    data=data["file"].read(), filename=data["file"].name, **common
                )
            else:
                outcome = imports.import_pasted_text(text=data["text"], **common)
        except ImportRejected as exc:
            form.add_error(None, exc.message)
        if outcome is not None and not request.htmx:
            for message in outcome.duplicate_messages():
                messages.warning(request, message)
            undated = [speech for speech in outcome.created if speech.needs_date]
            for speech in undated:
                messages.warning(request, IMPORTED_WITHOUT_DATE.format(title=speech.title))
            if len(outcome.created) > len(undated):
                dated = len(outcome.created) - len(undated)
                messages.success(request, IMPORTED.format(count=dated))
            if len(outcome.created) == 1:
                first = outcome.created[0]
                return redirect("speeches:speech-review", first.pk) if undated else redirect(first)
            if outcome.created:
                return redirect("speeches:speech-list")
            return redirect("speeches:speech-list")
    context = {"form": form, "outcome": outcome}
    template = "speeches/speech_import.html"
    if request.htmx:
        template += "#import-panel"
    return render(request, template, context)


def _detail_context(request: HttpRequest, speech: Speech, edit_form: SpeechEditForm) -> dict:
    return {
        "speech": speech,
        "paragraphs": [line for line in speech.text.split("\n") if line.strip()],
        "edit_form": edit_form,
        "may_edit": policy.can(request.user, Action.IMPORT_SPEECH),
        "may_review": policy.can(request.user, Action.REVIEW_DIRECTIVES),
    }


@require_GET
def speech_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, Action.VIEW_SPEECH)
    speech = get_object_or_404(selectors.speeches_with_counts(), pk=pk)
    context = _detail_context(request, speech, SpeechEditForm(instance=speech))
    return render(request, "speeches/speech_detail.html", context)


@require_GET
@vary_on_headers("HX-Request")
def speech_state(request: HttpRequest, pk: int) -> HttpResponse:
    """The state badge, polled by htmx while extraction runs."""
    policy.require(request.user, Action.VIEW_SPEECH)
    speech = get_object_or_404(selectors.speeches_with_counts(), pk=pk)
    if not request.htmx or request.htmx.history_restore_request:
        return redirect(speech)
    if "reload" in request.GET and not speech.is_waiting_for_extraction:
        return HttpResponseClientRefresh()  # the review page that waited shows the candidates
    return render(request, "speeches/speech_detail.html#speech-state", {"speech": speech})


@require_POST
def speech_edit(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, Action.IMPORT_SPEECH)
    speech = get_object_or_404(selectors.speeches_with_counts(), pk=pk)
    form = SpeechEditForm(request.POST, instance=speech)
    if form.is_valid():
        data = form.cleaned_data
        imports.update_speech(
            speech=speech,
            edited_by=request.user,
            title=data["title"],
            speaker=data["speaker"],
            delivered_on=data["delivered_on"],
            area=data["area"],
            kind=data["kind"],
        )
        messages.success(request, SPEECH_SAVED)
        return redirect(speech)
    speech.refresh_from_db()  # the bound form changed the instance; show what is stored
    return render(request, "speeches/speech_detail.html", _detail_context(request, speech, form))


@require_POST
def speech_extract(request: HttpRequest, pk: int) -> HttpResponse:
    speech = get_object_or_404(Speech, pk=pk)
    try:
        imports.request_extraction(
            speech=speech, requested_by=request.user, confirmed=request.POST.get("confirm") == "1"
        )
    except ImportRejected as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, EXTRACTION_QUEUED)
    return redirect(speech)


@require_GET
def speech_source(request: HttpRequest, pk: int) -> FileResponse:
    """The original upload, byte for byte, to users who may see speeches."""
    policy.require(request.user, Action.VIEW_SPEECH)
    speech = get_object_or_404(Speech, pk=pk)
    if not speech.source_file:
        raise Http404
    return FileResponse(
        speech.source_file.open("rb"), as_attachment=True, filename=speech.source_name
    )
