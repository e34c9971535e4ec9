"""领导批示 on a task, for all its units or one of them (leaders only); back to the task page."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from directory import policy
from directory.policy import Action
from tracker import selectors
from tracker.forms_documents import InstructionForm
from tracker.services import instructions
from tracker.services.assignments import WorkflowRefused

INSTRUCTION_SAVED = "批示已发出，相关单位已收到通知"


@require_POST
def task_instruction(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(selectors.tasks_visible_to(request.user), pk=pk)
    policy.require(request.user, Action.WRITE_INSTRUCTION)
    form = InstructionForm(request.POST, task=task)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect(task)
    assignment = None
    if form.cleaned_data["assignment"]:
        assignment = task.assignments.get(pk=form.cleaned_data["assignment"])
    try:
        instructions.write_instruction(
            task=task, assignment=assignment, author=request.user, now=timezone.now(),
            text=form.cleaned_data["text"], due_on=form.cleaned_data["due_on"],
            submission_key=form.cleaned_data["submission_key"],
        )  # fmt: skip
    except WorkflowRefused as refused:
        messages.error(request, refused.messages[0])
    else:
        messages.success(request, INSTRUCTION_SAVED)
    return redirect(task)
