"""The 领导批示 blocks of the task page and the unit page."""

from django import template

from directory import policy
from directory.policy import Action
from tracker.forms_documents import InstructionForm
from tracker.selectors_documents import task_instructions as instructions_of_task
from tracker.selectors_documents import unit_instructions

register = template.Library()


@register.inclusion_tag("tracker/_instructions.html", takes_context=True)
def task_instructions(context, task):
    """The task's 批示, newest first, and the form for a leader."""
    user = context["user"]
    items = instructions_of_task(task)
    form = InstructionForm(task=task) if policy.can(user, Action.WRITE_INSTRUCTION) else None
    return {"instructions": items, "form": form, "task": task, "show_task": False}


@register.inclusion_tag("tracker/_instructions.html", takes_context=True)
def unit_instruction_list(context, unit):
    """The 批示 concerning a unit (its assignments, or tasks it shares)."""
    return {"instructions": unit_instructions(unit), "form": None, "show_task": True}
