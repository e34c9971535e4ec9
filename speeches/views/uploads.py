"""The progress and result of an uploaded .docx or .pdf that the worker reads."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from directory import policy
from directory.policy import Action
from speeches.models import SpeechUpload
from speeches.services import uploads


@require_GET
@vary_on_headers("HX-Request")
def upload_status(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, Action.IMPORT_SPEECH)
    upload = get_object_or_404(SpeechUpload, pk=pk)
    context = {
        "upload": upload,
        "outcome": uploads.outcome_of(upload) if upload.state == SpeechUpload.State.DONE else None,
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "speeches/_upload_status.html", context)
    return render(request, "speeches/speech_upload.html", context)
