"""考核: units ranked within their kind for a period, every score with its explanation; the
weights page (administrators) stores a new version of the weights."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from directory import policy
from directory.models import Unit
from directory.policy import Action
from tracker.forms_documents import AssessmentPeriodForm, WeightsForm
from tracker.models import ScoreWeights
from tracker.selectors_assessment import Scope
from tracker.services import assessment
from tracker.services.assignments import WorkflowRefused

WEIGHTS_SAVED = "考核权重已保存，新的权重即时生效"


def _period(form: AssessmentPeriodForm, today) -> tuple[assessment.Period, str]:
    """The period asked for (this month by default) and an error to show, if any."""
    if not form.is_valid():
        return assessment.period_of(assessment.MONTH, today), ""
    kind = form.cleaned_data.get("period") or assessment.MONTH
    day = form.cleaned_data.get("day") or today
    if kind == assessment.RANGE:
        try:
            return assessment.date_range(form.cleaned_data["start"], form.cleaned_data["end"]), ""
        except WorkflowRefused as refused:
            return assessment.period_of(assessment.MONTH, today), refused.messages[0]
    return assessment.period_of(kind, day), ""


@require_GET
def assessment_page(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, Action.VIEW_ASSESSMENT)
    today = timezone.localdate()
    form = AssessmentPeriodForm(request.GET or None)
    period, error = _period(form, today)
    weights, weights_row = assessment.current_weights()
    scope = Scope(start=period.start, end=period.end, today=today)
    kind_labels = dict(Unit.Kind.choices)
    rankings = [(kind_labels.get(r.kind, r.kind), r) for r in assessment.ranking(scope, weights)]
    context = {
        "form": form,
        "period": period,
        "error": error,
        "rankings": rankings,
        "weights": weights,
        "weights_row": weights_row,
        "weight_labels": assessment.weight_labels(),
        "own_unit_id": request.user.unit_id if request.user.is_unit_member else None,
        "may_edit_weights": policy.can(request.user, Action.MANAGE_SCORE_WEIGHTS),
    }
    return render(request, "tracker/assessment.html", context)


@require_http_methods(["GET", "POST"])
def score_weights(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, Action.MANAGE_SCORE_WEIGHTS)
    weights, _ = assessment.current_weights()
    form = WeightsForm(request.POST or None, initial_weights=weights)
    if request.method == "POST" and form.is_valid():
        try:
            assessment.save_weights(
                user=request.user, values=form.cleaned_data,
                note=form.cleaned_data.get("note", ""), now=timezone.now(),
            )  # fmt: skip
        except WorkflowRefused as refused:
            form.add_error(None, refused.messages[0])
        else:
            messages.success(request, WEIGHTS_SAVED)
            return redirect("tracker:score-weights")
    context = {
        "form": form,
        "history": ScoreWeights.objects.select_related("changed_by")[:50],
        "weight_labels": assessment.weight_labels(),
    }
    return render(request, "tracker/score_weights.html", context)
