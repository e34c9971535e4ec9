"""Forms for the assignment and task pages: they parse input; the services decide."""

from django import forms

from directory.models import Unit
from tracker.models import REPORT_CADENCES
from tracker.services.assignments import (
    PROGRESS_OUT_OF_RANGE,
    REPORT_TEXT_REQUIRED,
    UNKNOWN_TRANSITION,
    Transition,
)

VERSION_MISSING = "页面已过期，请刷新后重试"
FILE_REQUIRED_NAME = "请选择文件"


class VersionedForm(forms.Form):
    """Every write carries the version of the row the user saw."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages=dict.fromkeys(("required", "invalid", "min_value"), VERSION_MISSING),
    )


def error_text(form: forms.Form) -> str:
    """A refused form's messages on one line, as an action's single error shows them."""
    return "; ".join(str(e) for errors in form.errors.values() for e in errors)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


EVIDENCE_ACCEPT = ".pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png,.zip"


class TransitionForm(VersionedForm):
    transition = forms.ChoiceField(
        choices=[(t.value, t.value) for t in Transition],
        error_messages={"required": UNKNOWN_TRANSITION, "invalid_choice": UNKNOWN_TRANSITION},
    )
    # 退回理由, or for 标记完成 the final report (办结情况) with optional evidence.
    reason = forms.CharField(label="理由", required=False, max_length=5000)
    files = MultipleFileField(
        label="佐证材料（可选，可多选）",
        required=False,
        widget=MultipleFileInput(attrs={"accept": EVIDENCE_ACCEPT}),
    )


class ProgressReportForm(VersionedForm):
    text = forms.CharField(
        label="进展情况",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": REPORT_TEXT_REQUIRED},
    )
    progress = forms.IntegerField(
        label="进度（%）",
        min_value=0,
        max_value=100,
        error_messages={
            "required": "请填写进度",
            **dict.fromkeys(("invalid", "min_value", "max_value"), PROGRESS_OUT_OF_RANGE),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
    )
    confirm_decrease = forms.BooleanField(label="确认下调进度", required=False)
    files = MultipleFileField(
        label="佐证材料（可多选）",
        required=False,
        widget=MultipleFileInput(
            attrs={"accept": ".pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png,.zip"}
        ),
    )


class DateInput(forms.DateInput):
    input_type = "date"


class ExtensionRequestForm(VersionedForm):
    new_due_on = forms.DateField(
        label="申请延至",
        widget=DateInput,
        error_messages={"required": "请填写申请延至的日期", "invalid": "日期格式不正确"},
    )
    reason = forms.CharField(
        label="延期理由",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写延期理由"},
    )


class ExtensionDecisionForm(VersionedForm):
    extension = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="审批结果",
        choices=[("approve", "同意"), ("refuse", "不同意")],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择同意或不同意"},
    )
    note = forms.CharField(
        label="审批意见",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DueDateForm(VersionedForm):
    due_on = forms.DateField(
        label="新的完成时限",
        widget=DateInput,
        error_messages={"required": "请填写新的完成时限", "invalid": "日期格式不正确"},
    )
    reason = forms.CharField(label="调整说明", required=False, max_length=1000)


class ReassignForm(VersionedForm):
    unit = forms.ModelChoiceField(
        label="改派给",
        queryset=Unit.objects.filter(is_active=True).order_by("sort_order", "name"),
        error_messages={"required": "请选择单位", "invalid_choice": "所选单位不存在"},
    )
    reason = forms.CharField(label="改派说明", required=False, max_length=1000)


class TaskEditForm(VersionedForm):
    title = forms.CharField(
        label="任务内容",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "任务内容不能为空"},
    )
    target = forms.CharField(label="量化目标", required=False, max_length=100)
    due_on = forms.DateField(
        label="完成时限",
        required=False,
        widget=DateInput,
        error_messages={"invalid": "日期格式不正确"},
    )
    units = forms.ModelMultipleChoiceField(
        label="责任单位",
        required=False,
        queryset=Unit.objects.filter(is_active=True).order_by("sort_order", "name"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        error_messages={"invalid_choice": "所选单位不存在"},
    )
    report_cadence = forms.ChoiceField(
        label="报送周期",
        required=False,
        choices=[("", "不要求定期报送"), *REPORT_CADENCES],
    )


class UrgeForm(forms.Form):
    message = forms.CharField(
        label="催办内容",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写催办内容"},
    )
