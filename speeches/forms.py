from django import forms
from django.conf import settings

from directory.models import Unit
from speeches.models import Speech

CHOOSE_ONE_SOURCE = "请上传一个文件，或粘贴讲话文本（二选一）"
FILE_TOO_LARGE = "文件过大：上限为 {limit} MB，请拆分或压缩后再上传"
AREA_KINDS = (Unit.Kind.DISTRICT, Unit.Kind.TOWNSHIP, Unit.Kind.STREET)


def _area_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="所属地区",
        queryset=Unit.objects.filter(kind__in=AREA_KINDS, is_active=True),
        required=False,
        empty_label="全部单位",
        help_text="讲话中的“各乡镇”“各村”在该地区的下级单位中展开",
    )


class SpeechImportForm(forms.Form):
    file = forms.FileField(
        label="讲话稿文件",
        required=False,
        help_text="支持 .txt（UTF-8、GBK/GB18030、UTF-16）、.docx 和带文字层的 .pdf",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.pdf"}),
    )
    text = forms.CharField(
        label="或粘贴讲话文本", required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    delivered_on = forms.DateField(
        label="讲话日期",
        required=False,
        help_text="“年底前”等相对时限据此推算；文件中未写明日期时可留空，导入后在审核页填写",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    title = forms.CharField(
        label="标题", max_length=200, required=False, help_text="留空则从文件中识别"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"] = _area_field()

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        limit = settings.LUOSHI_MAX_UPLOAD_MB
        if upload is not None and upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(FILE_TOO_LARGE.format(limit=limit))
        return upload

    def clean(self):
        cleaned = super().clean()
        has_file = bool(cleaned.get("file"))
        has_text = bool((cleaned.get("text") or "").strip())
        if has_file == has_text and not self.errors.get("file"):
            raise forms.ValidationError(CHOOSE_ONE_SOURCE)
        return cleaned


class SpeechEditForm(forms.ModelForm):
    class Meta:
        model = Speech
        fields = ["title", "kind", "speaker", "delivered_on", "area"]
        widgets = {"delivered_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"] = _area_field()
        self.fields["area"].initial = self.instance.area_id


class SpeechFactsForm(forms.ModelForm):
    """The document kind and the reference date, set from the review page."""

    class Meta:
        model = Speech
        fields = ["kind", "delivered_on"]
        labels = {"delivered_on": "文件日期"}
        help_texts = {"delivered_on": "“年底前”“三个月内”等相对时限据此推算"}
        widgets = {"delivered_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivered_on"].required = True
        self.fields["kind"].help_text = ""
