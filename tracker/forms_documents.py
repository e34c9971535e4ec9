"""Forms for 督办单, 督查通报, 考核权重 and 领导批示: they parse input; the services decide."""

from django import forms

from directory.models import Unit
from speeches.models import Speech
from tracker.models import SupervisionForm
from tracker.services import assessment, submissions
from tracker.services.documents import bulletins

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SubmittedOnce(forms.Form):
    """A form whose submission creates a record: shown with a new key, it counts once however
    often it is sent (``services.submissions``); a form shown again after an error keeps it."""

    submission_key = forms.RegexField(
        submissions.KEY_PATTERN, required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", submissions.new_key())


class SupervisionFormForm(SubmittedOnce):
    level = forms.ChoiceField(label="督办等级", choices=SupervisionForm.Level.choices)
    requirements = forms.CharField(
        label="办理要求", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写办理要求"},
    )  # fmt: skip
    feedback = forms.CharField(
        label="反馈要求", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写反馈要求"},
    )  # fmt: skip


class BulletinRequestForm(SubmittedOnce):
    period = forms.ChoiceField(label="统计期间", choices=assessment.PERIOD_KINDS, initial="week")
    day = forms.DateField(
        label="期间内的任一天", required=False, widget=DATE_INPUT,
        help_text="按周、按月、按季度时：该日所在的周、月或季度；不填则为上一周期",
    )  # fmt: skip
    start = forms.DateField(label="起始日", required=False, widget=DATE_INPUT)
    end = forms.DateField(label="截止日", required=False, widget=DATE_INPUT)
    speech = forms.ModelChoiceField(
        label="限定文件", queryset=Speech.objects.order_by("-delivered_on", "-pk"), required=False,
        empty_label="全部文件",
    )  # fmt: skip
    unit_kind = forms.ChoiceField(
        label="限定单位类别", choices=[("", "全部单位"), *Unit.Kind.choices], required=False
    )
    named_after_days = forms.IntegerField(
        label="逾期达到几天予以通报", min_value=1, max_value=365,
        initial=bulletins.DEFAULT_NAMED_AFTER_DAYS,
        error_messages={"invalid": bulletins.NAMED_AFTER_INVALID,
                        "min_value": bulletins.NAMED_AFTER_INVALID,
                        "max_value": bulletins.NAMED_AFTER_INVALID},
    )  # fmt: skip

    def period_for(self, today) -> assessment.Period:
        """The period asked for; a range is checked by the service (Chinese message)."""
        data = self.cleaned_data
        if data["period"] == assessment.RANGE:
            return assessment.date_range(data.get("start"), data.get("end"))
        if data.get("day"):
            return assessment.period_of(data["period"], data["day"])
        return assessment.previous_period(data["period"], today)


class ClosingForm(forms.Form):
    closing = forms.CharField(
        label="结尾段落（每行一段）", max_length=5000, required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )  # fmt: skip


class AssessmentPeriodForm(forms.Form):
    period = forms.ChoiceField(label="考核期间", choices=assessment.PERIOD_KINDS, required=False)
    day = forms.DateField(label="期间内的任一天", required=False, widget=DATE_INPUT)
    start = forms.DateField(label="起始日", required=False, widget=DATE_INPUT)
    end = forms.DateField(label="截止日", required=False, widget=DATE_INPUT)


class WeightsForm(forms.Form):
    note = forms.CharField(label="修改说明", max_length=200, required=False)

    def __init__(self, *args, initial_weights=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in assessment.weight_labels().items():
            self.fields[name] = forms.DecimalField(
                label=label, min_value=0,
                initial=getattr(initial_weights, name, None),
                error_messages={
                    "required": assessment.WEIGHT_INVALID.format(label=label),
                    "invalid": assessment.WEIGHT_INVALID.format(label=label),
                    "min_value": assessment.WEIGHT_INVALID.format(label=label),
                },
            )  # fmt: skip
        self.order_fields([*assessment.weight_labels(), "note"])


class InstructionForm(SubmittedOnce):
    text = forms.CharField(
        label="批示内容", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写批示内容"},
    )  # fmt: skip
    assignment = forms.TypedChoiceField(
        label="批示对象", coerce=int, required=False, empty_value=None
    )
    due_on = forms.DateField(
        label="要求完成时限（可不填；只能设定或提前）", required=False, widget=DATE_INPUT
    )

    def __init__(self, *args, task, **kwargs):
        super().__init__(*args, **kwargs)
        shares = task.assignments.select_related("unit").order_by("unit__sort_order", "unit__name")
        self.fields["assignment"].choices = [("", "全部责任单位")] + [
            (share.pk, f"{share.unit.name}（{share.get_role_display()}）") for share in shares
        ]
