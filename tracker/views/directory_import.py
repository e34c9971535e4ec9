"""Upload the unit directory or user accounts from Excel/CSV; download the templates."""

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from directory import policy
from directory.policy import Action
from tracker.services import directory_import as importer

NO_FILE = "请选择要导入的文件"
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
    form = DirectoryImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        service = (
            importer.import_units
            if form.cleaned_data["kind"] == importer.KIND_UNITS
            else importer.import_users
        )
        try:
            result = service(data=upload.read(), filename=upload.name, actor=request.user)
        except importer.ImportRejected as exc:
            form.add_error("file", exc.message)
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
