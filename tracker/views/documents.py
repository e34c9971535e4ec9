"""督办单 (issue, download, print) and 督查通报 (request, watch the draft, edit, issue, download).

Objects are found through scoped selectors (another unit's: 404); the services ask the policy
(visible but not allowed: 403) and refuse bad input with a Chinese message.
"""

from django.contrib import messages
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRefresh

from directory import policy
from directory.policy import Action
from tracker import selectors, selectors_documents
from tracker.forms_documents import BulletinRequestForm, ClosingForm, SupervisionFormForm
from tracker.models import Bulletin
from tracker.services.assignments import WorkflowRefused
from tracker.services.documents import bulletin as document
from tracker.services.documents import bulletins, forms

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORM_ISSUED = "督办单 {number} 已下发"
BULLETIN_REQUESTED = "通报正在起草，完成后可预览"
CLOSING_SAVED = "结尾段落已保存"
BULLETIN_ISSUED = "通报 {number} 已印发，已通知通报中的单位"
DRAFT_NOT_READY = "通报尚未起草完成"


# --- 督办单 ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def assignment_forms(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        selectors.assignments_visible_to(request.user).select_related("task__speech"), pk=pk
    )
    may_issue = policy.can(request.user, Action.ISSUE_DOCUMENTS, assignment)
    defaults = forms.form_defaults(assignment)
    form = SupervisionFormForm(
        request.POST or None,
        initial={
            "level": defaults.level,
            "requirements": defaults.requirements,
            "feedback": defaults.feedback,
        },
    )
    if request.method == "POST":
        policy.require(request.user, Action.ISSUE_DOCUMENTS, assignment)
        if form.is_valid():
            try:
                issued = forms.issue_supervision_form(
                    assignment=assignment, issued_by=request.user, now=timezone.now(),
                    **form.cleaned_data,
                )  # fmt: skip
            except WorkflowRefused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, FORM_ISSUED.format(number=issued.number))
                return redirect("tracker:assignment-forms", assignment.pk)
    context = {
        "assignment": assignment,
        "task": assignment.task,
        "issued": selectors_documents.forms_visible_to(request.user).filter(assignment=assignment),
        "form": form if may_issue else None,
    }
    return render(request, "tracker/supervision_forms.html", context)


def _visible_form(request: HttpRequest, pk: int):
    return get_object_or_404(selectors_documents.forms_visible_to(request.user), pk=pk)


@require_GET
def supervision_form_download(request: HttpRequest, pk: int) -> FileResponse:
    issued = _visible_form(request, pk)
    return FileResponse(
        issued.file.open("rb"), as_attachment=True, filename=forms.form_filename(issued),
        content_type=DOCX,
    )  # fmt: skip


@require_GET
def supervision_form_print(request: HttpRequest, pk: int) -> HttpResponse:
    issued = _visible_form(request, pk)
    context = {"issued": issued, "content": forms.stored_content(issued)}
    return render(request, "tracker/supervision_form_print.html", context)


# --- 督查通报 --------------------------------------------------------------------------------


@require_GET
def bulletin_list(request: HttpRequest) -> HttpResponse:
    may_issue = policy.can(request.user, Action.ISSUE_DOCUMENTS)
    context = {
        "bulletins": selectors_documents.bulletins_visible_to(request.user)[:100],
        "form": BulletinRequestForm() if may_issue else None,
    }
    return render(request, "tracker/bulletin_list.html", context)


@require_POST
def bulletin_new(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, Action.ISSUE_DOCUMENTS)
    form = BulletinRequestForm(request.POST)
    now = timezone.now()
    if form.is_valid():
        try:
            period = form.period_for(timezone.localdate(now))
            bulletin = bulletins.request_bulletin(
                user=request.user, start=period.start, end=period.end, label=period.label,
                now=now, speech=form.cleaned_data["speech"],
                unit_kind=form.cleaned_data["unit_kind"],
                named_after_days=form.cleaned_data["named_after_days"],
                submission_key=form.cleaned_data["submission_key"],
            )  # fmt: skip
        except WorkflowRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.info(request, BULLETIN_REQUESTED)
            return redirect(bulletin)
    context = {
        "bulletins": selectors_documents.bulletins_visible_to(request.user)[:100],
        "form": form,
    }
    return render(request, "tracker/bulletin_list.html", context)


def _visible_bulletin(request: HttpRequest, pk: int) -> Bulletin:
    return get_object_or_404(selectors_documents.bulletins_visible_to(request.user), pk=pk)


def _bulletin_context(request: HttpRequest, bulletin: Bulletin, **extra) -> dict:
    may_issue = policy.can(request.user, Action.ISSUE_DOCUMENTS)
    editable = may_issue and bulletin.status == Bulletin.Status.DRAFT
    content = bulletins.content_of(bulletin)
    return {
        "bulletin": bulletin,
        "content": content,
        "headings": document.section_headings(content) if content else {},
        "praise_lines": document.praise_lines(content) if content else [],
        "closing_lines": document.closing_paragraphs(content) if content else [],
        "may_issue": may_issue,
        "may_retry": may_issue and bulletins.may_retry(bulletin, now=timezone.now()),
        "closing_form": ClosingForm(initial={"closing": bulletin.closing}) if editable else None,
        "filename": bulletins.filename(bulletin),
        **extra,
    }


@require_GET
@vary_on_headers("HX-Request")
def bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _visible_bulletin(request, pk)
    template = "tracker/bulletin_detail.html"
    if request.htmx and not request.htmx.history_restore_request:
        if bulletin.status not in (Bulletin.Status.QUEUED, Bulletin.Status.RUNNING):
            # the polling panel is done: reload the page, which now shows the preview
            return HttpResponseClientRefresh()
        template += "#bulletin-status"
    return render(request, template, _bulletin_context(request, bulletin))


@require_POST
def bulletin_closing(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _visible_bulletin(request, pk)
    form = ClosingForm(request.POST)
    if form.is_valid():
        try:
            bulletins.update_closing(
                bulletin=bulletin, user=request.user, closing=form.cleaned_data["closing"]
            )
        except WorkflowRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, CLOSING_SAVED)
    return redirect(bulletin)


@require_POST
def bulletin_issue(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _visible_bulletin(request, pk)
    try:
        bulletin = bulletins.issue_bulletin(
            bulletin=bulletin, user=request.user, now=timezone.now()
        )
    except WorkflowRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, BULLETIN_ISSUED.format(number=bulletin.number))
    return redirect(bulletin)


@require_POST
def bulletin_retry(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = bulletins.retry_bulletin(
        bulletin=_visible_bulletin(request, pk), user=request.user, now=timezone.now()
    )
    return redirect(bulletin)


@require_GET
def bulletin_download(request: HttpRequest, pk: int) -> FileResponse:
    bulletin = _visible_bulletin(request, pk)
    if bulletin.status == Bulletin.Status.ISSUED and bulletin.file:
        handle = bulletin.file.open("rb")
    elif bulletin.status == Bulletin.Status.DRAFT:
        handle = ContentFile(bulletins.docx_of(bulletin))  # the draft as it reads now
    else:
        raise Http404(DRAFT_NOT_READY)
    return FileResponse(
        handle, as_attachment=True, filename=bulletins.filename(bulletin), content_type=DOCX
    )
