from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from speeches.forms import SpeechImportForm
from speeches.importers import ImportRejected
from speeches.models import Directive, Speech
from speeches.services import imports, uploads


class DirectiveInline(admin.TabularInline):
    model = Directive
    fields = ("ordinal", "task", "unit_mentions", "deadline", "recurrence", "confidence", "status")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Speech)
class SpeechAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "speaker", "delivered_on", "state", "position", "imported_at")
    list_filter = ("kind", "state", "delivered_on", "source_encoding")
    search_fields = ("title", "speaker", "text")
    readonly_fields = (
        "content_hash",
        "source_file",
        "source_name",
        "source_encoding",
        "position",
        "state",
        "extraction_error",
        "imported_by",
        "imported_at",
        "extracted_at",
    )
    fields = ("title", "kind", "speaker", "delivered_on", "area", *readonly_fields, "text")
    autocomplete_fields = ("area",)
    inlines = [DirectiveInline]
    change_list_template = "admin/speeches/speech/change_list.html"

    def has_add_permission(self, request):
        return False  # speeches enter through the import view, which cleans and de-duplicates

    def get_urls(self):
        urls = [
            path("import/", self.admin_site.admin_view(self.import_view), name="speeches_import"),
        ]
        return urls + super().get_urls()

    def import_view(self, request):
        form = SpeechImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            common = {
                "imported_by": request.user,
                "now": timezone.now(),
                "delivered_on": data["delivered_on"],
                "title": data["title"].strip(),
                "area": data["area"],
                "allow_missing_date": True,
            }
            if data["file"] and uploads.parses_in_worker(data["file"].name):
                # .docx and .pdf are read by the worker here too: store, queue, show progress.
                upload = uploads.accept_upload(
                    data=data["file"].read(),
                    filename=data["file"].name,
                    imported_by=request.user,
                    now=common["now"],
                    delivered_on=common["delivered_on"],
                    title=common["title"],
                    area=common["area"],
                )
                return redirect(reverse("speeches:upload-status", args=[upload.pk]))
            try:
                if data["file"]:
                    outcome = imports.import_document(
                        data=data["file"].read(), filename=data["file"].name, **common
                    )
                else:
                    outcome = imports.import_pasted_text(text=data["text"], **common)
            except ImportRejected as exc:
                form.add_error(None, exc.message)
            else:
                for message in outcome.duplicate_messages():
                    self.message_user(request, message, messages.WARNING)
                for speech in outcome.created:
                    self.message_user(request, f"已导入《{speech.title}》", messages.SUCCESS)
                return redirect(reverse("admin:speeches_speech_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": "导入讲话稿",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/speeches/speech/import.html", context)


@admin.register(Directive)
class DirectiveAdmin(admin.ModelAdmin):
    list_display = ("task", "speech", "deadline", "recurrence", "confidence", "status")
    list_filter = ("status", "recurrence")
    search_fields = ("task", "quote", "speech__title")
    list_select_related = ("speech",)
    autocomplete_fields = ("units",)
    readonly_fields = ("speech", "quote", "start", "end", "section_path", "unit_mentions")
