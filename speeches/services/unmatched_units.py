"""Units a document names that the directory does not know ("县级各有关部门").

They are never dropped silently: before a candidate is accepted the reviewer maps each one to
a unit of the directory, creates the unit, or drops it knowingly (kept in ``dropped_units``).
"""

from datetime import datetime

from django.db import transaction

from directory import policy
from directory.models import Unit, User
from directory.policy import Action
from directory.units import UnitDirectory
from speeches.models import Directive
from speeches.services.review import ReviewRefused, _require_pending, locked_candidate

MAP, CREATE, DROP = "map", "create", "drop"
NOT_UNMATCHED = "“{name}”不是该候选的未匹配单位，请刷新后重试"
UNIT_NOT_FOUND = "单位名录中没有“{name}”，请从列表中选择单位，或点“新建单位”"
UNKNOWN_ACTION = "请选择对应、新建或舍弃"
MAPPED = "已将“{name}”对应到{unit}"
CREATED = "已新建单位“{name}”并列为责任单位"
DROPPED = "已舍弃“{name}”（不分派）"


@transaction.atomic
def resolve_unmatched_unit(
    *, directive: Directive, name: str, action: str, actor: User, now: datetime, unit_name: str = ""
) -> tuple[Directive, str]:
    """Settle one unmatched unit of a pending candidate; returns it and what was done."""
    policy.require(actor, Action.REVIEW_DIRECTIVES, directive)
    directive = locked_candidate(directive)
    _require_pending(directive, "修改")
    if name not in directive.unmatched_units:
        raise ReviewRefused(NOT_UNMATCHED.format(name=name))
    if action == MAP:
        unit = UnitDirectory.load().by_name.get(unit_name.strip())
        if unit is None:
            raise ReviewRefused(UNIT_NOT_FOUND.format(name=unit_name.strip()))
        directive.units.add(unit)
        outcome = MAPPED.format(name=name, unit=unit.name)
    elif action == CREATE:
        policy.require(actor, Action.MANAGE_DIRECTORY)
        unit = Unit.objects.filter(name=name).first()
        if unit is None:
            unit = Unit(name=name, kind=Unit.Kind.OTHER, parent=directive.speech.area)
            unit.full_clean()
            unit.save()
        directive.units.add(unit)
        outcome = CREATED.format(name=name)
    elif action == DROP:
        directive.dropped_units = [*directive.dropped_units, name]
        outcome = DROPPED.format(name=name)
    else:
        raise ReviewRefused(UNKNOWN_ACTION)
    directive.unmatched_units = [n for n in directive.unmatched_units if n != name]
    directive.touched_at = now
    directive.save(update_fields=["unmatched_units", "dropped_units", "touched_at"])
    return directive, outcome
