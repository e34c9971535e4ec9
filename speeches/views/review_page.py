"""The review page's own small endpoints: the next page of candidate rows (infinite scroll, and
the state filters) and the document facts (kind, reference date) set from the page."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRefresh

from directory import policy
from directory.policy import Action
from speeches.forms import SpeechFactsForm
from speeches.importers import ImportRejected
from speeches.models import Speech
from speeches.services import imports
from speeches.views import review_queue as queue

TEMPLATE = "speeches/speech_review.html"
NEEDS_DATE = (
    "文中没有识别出日期，“年底前”“三个月内”等时限无从推算，所以还没有提取候选任务。"
    "请填写文件日期，保存后即开始提取。"
)
WAITING = "正在提取候选任务，完成后本页自动显示。"
PAGE_MESSAGES = {"needs_date_message": NEEDS_DATE, "waiting_message": WAITING}
FACTS_SAVED = "已保存文种和日期"
KIND_CHANGED = "文种已改为“{label}”；如需按新文种的规则重新提取，请到讲话稿页点“重新提取任务”"
DATE_GIVEN = "日期已保存，正在提取候选任务"
FACTS_INVALID = "请选择文种并填写日期"
DATE_CHANGED = (
    "日期已改；已有候选任务的时限仍按原日期推算，如需按新日期重算，请到讲话稿页点“重新提取任务”"
)


@require_GET
@vary_on_headers("HX-Request")
def candidate_list(request: HttpRequest, pk: int) -> HttpResponse:
    """A page of rows for htmx: the whole list under a filter, or the rows after (``after``) or
    before (``before``) a cursor; without htmx, the review page at that place."""
    policy.require(request.user, Action.REVIEW_DIRECTIVES)
    speech = get_object_or_404(Speech, pk=pk)
    status = queue.clean_filter(request.GET.get("status"))
    after = queue.parse_key(request.GET.get("after"))
    before = queue.parse_key(request.GET.get("before"))
    if not request.htmx or request.htmx.history_restore_request:
        url = reverse("speeches:speech-review", args=[pk])
        cursor = {k: request.GET[k] for k in ("after", "before") if k in request.GET}
        return redirect(f"{url}?{urlencode({'status': status, **cursor})}")
    page = queue.candidate_page(
        speech, queue.spans_of(speech), status=status, after=after, before=before
    )
    side = "after" if after else "before" if before else ""
    context = {"speech": speech, "page": page, "side": side, **PAGE_MESSAGES}
    if not side:  # a filter was chosen: the list with its tabs
        context["filters"] = queue.filter_links(speech.pk, status)
        return render(request, f"{TEMPLATE}#candidate-list", context)
    return render(request, f"{TEMPLATE}#candidate-page", context)


@require_POST
def speech_facts(request: HttpRequest, pk: int) -> HttpResponse:
    """Set the kind and the reference date; a first date starts the extraction and reloads the
    page, which then waits for the candidates."""
    policy.require(request.user, Action.REVIEW_DIRECTIVES)
    speech = get_object_or_404(Speech, pk=pk)
    form = SpeechFactsForm(request.POST, instance=Speech.objects.get(pk=pk))
    message = error = ""
    if form.is_valid():
        try:
            updated = imports.set_document_facts(
                speech=speech,
                edited_by=request.user,
                kind=form.cleaned_data["kind"],
                delivered_on=form.cleaned_data["delivered_on"],
            )
        except ImportRejected as refused:
            error = refused.message
        else:
            if speech.needs_date and not updated.needs_date:
                message = DATE_GIVEN
            elif updated.delivered_on != speech.delivered_on:
                message = DATE_CHANGED
            elif updated.kind != speech.kind:
                message = KIND_CHANGED.format(label=updated.get_kind_display())
            else:
                message = FACTS_SAVED
            if not request.htmx or message == DATE_GIVEN:
                messages.success(request, message)
                if request.htmx:  # the whole page changes: it now waits for the extraction
                    return HttpResponseClientRefresh()
                return redirect("speeches:speech-review", pk)
            speech, form = updated, SpeechFactsForm(instance=updated)
    if not request.htmx:
        messages.error(request, error or FACTS_INVALID)
        return redirect("speeches:speech-review", pk)
    context = {
        "speech": speech,
        "facts_form": form,
        "facts_message": message,
        "facts_error": error,
        **PAGE_MESSAGES,
    }
    return render(request, f"{TEMPLATE}#speech-facts", context)
