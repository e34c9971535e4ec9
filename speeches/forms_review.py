"""Forms of the review page: they parse input; the rules live in speeches.services.review."""

from django import forms

from directory.models import Unit
from speeches.models import Directive

DEFAULT_BULK_THRESHOLD = 0.8


def _active_units():
    return Unit.objects.filter(is_active=True).order_by("sort_order", "name")


class DirectiveEditForm(forms.Form):
    task = forms.CharField(label="任务", widget=forms.Textarea(attrs={"rows": 3}))
    units = forms.ModelMultipleChoiceField(
        label="责任单位",
        queryset=_active_units(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="按住 Ctrl（手机上直接点选）可多选",
    )
    lead_unit = forms.ModelChoiceField(
        label="牵头单位（采纳时生效）",
        queryset=_active_units(),
        required=False,
        empty_label="自动（原文点名在先或标明“牵头”的单位）",
    )
    unmatched_units = forms.CharField(
        label="未匹配的单位",
        required=False,
        help_text="原文提到但名录中没有的单位，用顿号分隔；选好责任单位后可清空",
    )
    deadline = forms.DateField(
        label="完成时限", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    deadline_text = forms.CharField(label="时限原文", max_length=100, required=False)
    recurrence = forms.ChoiceField(
        label="周期",
        choices=[("", "不重复"), *Directive.Recurrence.choices],
        required=False,
    )
    target = forms.CharField(label="量化目标", max_length=100, required=False)

    def __init__(self, *args, prefix_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if prefix_id is not None:
            self.auto_id = f"id_{prefix_id}_%s"

    @classmethod
    def for_directive(cls, directive: Directive) -> "DirectiveEditForm":
        return cls(
            prefix_id=directive.pk,
            initial={
                "task": directive.task,
                "units": list(directive.units.all()),
                "unmatched_units": "、".join(directive.unmatched_units),
                "deadline": directive.deadline,
                "deadline_text": directive.deadline_text,
                "recurrence": directive.recurrence,
                "target": directive.target,
            },
        )

    def clean_unmatched_units(self) -> list[str]:
        raw = self.cleaned_data["unmatched_units"].replace(",", "、").replace("，", "、")
        return [name.strip() for name in raw.split("、") if name.strip()]


class SplitForm(forms.Form):
    at = forms.IntegerField(label="拆分位置（原文第几个字之后）", min_value=1)


class MergeForm(forms.Form):
    other = forms.IntegerField(label="与哪条候选合并", min_value=1)


class SpanForm(forms.Form):
    start = forms.IntegerField(label="起始位置", min_value=0)
    end = forms.IntegerField(label="结束位置", min_value=0)


class BulkAcceptForm(forms.Form):
    min_confidence = forms.FloatField(
        label="置信度不低于",
        min_value=0,
        max_value=1,
        initial=DEFAULT_BULK_THRESHOLD,
        widget=forms.NumberInput(attrs={"step": "0.05", "min": "0", "max": "1"}),
    )
