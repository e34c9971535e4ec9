"""Upload the unit directory or user accounts from Excel/CSV; download the templates."""

import base64

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from directory import imports as importer
from directory import policy
from directory.policy import Action

NO_FILE = "请选择要导入的文件"
NOTHING_PENDING = "没有待确认的导入，请重新上传文件"
PENDING_KEY = "directory_import_pending"
FILE_TOO_LARGE = "文件超过 {mb} MB，请拆分后导入"
MAX_FILE_MB = 5


class DirectoryImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="导入内容",
        choices=tuple(importer.KIND_LABELS.items()),
        initial=importer.KIND_UNITS,
    )
    file = forms.FileField(
        label="文件（.xlsx 或 .csv）",
        error_messages={"required": NO_FILE},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_MB * 1024 * 1024:
            raise forms.ValidationError(FILE_TOO_LARGE.format(mb=MAX_FILE_MB))
        return upload


@never_cache  # the result page may show generated passwords: never keep it in a cache
@require_http_methods(["GET", "POST"])
def directory_import(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, Action.MANAGE_DIRECTORY)
    confirming = request.method == "POST" and "confirm" in request.POST
    form = DirectoryImportForm(
        None if confirming else request.POST or None, None if confirming else request.FILES or None
    )
    result = None
    if confirming:
        result = _confirm_users(request)
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            if form.cleaned_data["kind"] == importer.KIND_UNITS:
                result = importer.import_units(data=data, filename=upload.name, actor=request.user)
            else:
                result = importer.import_users(
                    data=data, filename=upload.name, actor=request.user, now=timezone.now()
                )
        except importer.ImportRejected as exc:
            form.add_error("file", exc.message)
        if result is not None and result.needs_confirmation:
            # The file waits in the session (at most MAX_FILE_MB) for the confirming POST.
            request.session[PENDING_KEY] = {
                "name": upload.name,
                "data": base64.b64encode(data).decode("ascii"),
            }
    context = {
        "form": form,
        "result": result,
        "unit_columns": importer.UNIT_COLUMNS,
        "user_columns": importer.USER_COLUMNS,
    }
    template = "tracker/directory_import.html"
    if request.htmx:
        template += "#import-result"
    return render(request, template, context)


def _confirm_users(request: HttpRequest) -> importer.ImportResult:
    """Apply the pending user file if its changes are still the ones the importer saw."""
    pending = request.session.get(PENDING_KEY)
    if not pending:
        return importer.ImportResult(kind=importer.KIND_USERS, errors=[NOTHING_PENDING])
    result = importer.import_users(
        data=base64.b64decode(pending["data"]),
        filename=pending["name"],
        actor=request.user,
        now=timezone.now(),
        confirm=request.POST.get("confirm", ""),
    )
    if not result.needs_confirmation:
        request.session.pop(PENDING_KEY, None)
    return result


@require_GET
def directory_import_template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    policy.require(request.user, Action.MANAGE_DIRECTORY)
    if kind not in importer.KIND_LABELS or fmt not in ("xlsx", "csv"):
        raise Http404("没有这种模板")
    if fmt == "xlsx":
        body = importer.template_workbook(kind)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = importer.template_csv(kind)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    filename = f"{importer.KIND_LABELS[kind]}导入模板.{fmt}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
