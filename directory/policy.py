"""The one place that answers "may this user do this action to this object".

Views and services ask here; nothing else decides. Objects are judged by the unit they
belong to: a Unit is its own unit, anything else carries a ``unit_id`` (an assignment,
a progress report) or answers ``unit_ids()`` (a task spread over several units).
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from directory.models import Unit, User

NOT_ALLOWED = "您没有权限执行此操作"
NOT_YOUR_UNIT = "该任务不属于本单位"
READ_ONLY_ROLE = "领导账号仅可查看，不能修改"


class Action(StrEnum):
    VIEW_DIRECTORY = "view_directory"
    MANAGE_DIRECTORY = "manage_directory"
    IMPORT_SPEECH = "import_speech"
    VIEW_SPEECH = "view_speech"
    REVIEW_DIRECTIVES = "review_directives"
    VIEW_DASHBOARD = "view_dashboard"
    VIEW_ASSIGNMENT = "view_assignment"
    REPORT_PROGRESS = "report_progress"
    REQUEST_EXTENSION = "request_extension"
    DECIDE_EXTENSION = "decide_extension"
    EDIT_TASK = "edit_task"
    REASSIGN = "reassign"
    CLOSE_ASSIGNMENT = "close_assignment"
    RETURN_ASSIGNMENT = "return_assignment"
    RECEIVE_ESCALATION = "receive_escalation"
    UPDATE_STATUS = "update_status"  # start work / mark complete, by the unit itself
    CHANGE_DUE_DATE = "change_due_date"
    EXPORT_LEDGER = "export_ledger"  # with a Unit: that unit's ledger; without: the whole ledger
    MANAGE_UNIT_CALENDAR = "manage_unit_calendar"  # see and reset a unit's iCal feed URL
    VIEW_WORKLIST = "view_worklist"  # the 督查室's 待办: what waits for a supervisor
    URGE = "urge"  # 催办 a unit's assignment
    ISSUE_DOCUMENTS = "issue_documents"  # 督办单 and 督查通报: draft, issue
    VIEW_DOCUMENTS = "view_documents"  # drafts of 通报, every issued 督办单
    VIEW_ASSESSMENT = "view_assessment"  # the 考核 ranking, open to every signed-in role
    WRITE_INSTRUCTION = "write_instruction"  # 领导批示: leaders only
    MANAGE_SCORE_WEIGHTS = "manage_score_weights"  # 考核权重: administrators only


READ_ACTIONS = frozenset(
    {
        Action.VIEW_DIRECTORY,
        Action.VIEW_SPEECH,
        Action.VIEW_DASHBOARD,
        Action.VIEW_ASSIGNMENT,
        Action.EXPORT_LEDGER,
        Action.VIEW_DOCUMENTS,
        Action.VIEW_ASSESSMENT,
    }
)
# Actions that belong to one role alone, whatever else the role may do.
ROLE_ONLY_ACTIONS = {
    Action.WRITE_INSTRUCTION: frozenset({User.Role.LEADER}),
    Action.MANAGE_SCORE_WEIGHTS: frozenset({User.Role.ADMIN}),
}
# What unit staff may do, always limited to objects of their own unit.
UNIT_STAFF_ACTIONS = frozenset(
    {
        Action.VIEW_ASSIGNMENT,
        Action.REPORT_PROGRESS,
        Action.REQUEST_EXTENSION,
        Action.UPDATE_STATUS,
        Action.EXPORT_LEDGER,
        Action.MANAGE_UNIT_CALENDAR,
    }
)
UNIT_LEADER_ACTIONS = UNIT_STAFF_ACTIONS | {Action.RECEIVE_ESCALATION}
# Actions with no object, open to unit members.
UNIT_MEMBER_GLOBAL_ACTIONS = frozenset({Action.VIEW_DIRECTORY, Action.VIEW_ASSESSMENT})


def _unit_ids_of(obj: object) -> set[int]:
    if isinstance(obj, Unit):
        return {obj.pk}
    if hasattr(obj, "unit_ids"):
        return set(obj.unit_ids())
    unit_id = getattr(obj, "unit_id", None)
    return {unit_id} if unit_id is not None else set()


def can(user: User, action: Action, obj: object | None = None) -> bool:
    """True when ``user`` may perform ``action`` (on ``obj`` when the action has one)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if action in ROLE_ONLY_ACTIONS:
        return user.role in ROLE_ONLY_ACTIONS[action]
    if user.is_superuser or user.role in (User.Role.ADMIN, User.Role.SUPERVISOR):
        return True
    if user.role == User.Role.LEADER:
        return action in READ_ACTIONS
    if user.role in User.UNIT_ROLES:
        if obj is None:
            return action in UNIT_MEMBER_GLOBAL_ACTIONS
        allowed = UNIT_LEADER_ACTIONS if user.role == User.Role.UNIT_LEADER else UNIT_STAFF_ACTIONS
        return action in allowed and user.unit_id in _unit_ids_of(obj)
    return False


def denial_message(user: User, action: Action, obj: object | None = None) -> str:
    """The Chinese reason shown when ``can`` says no."""
    if action in ROLE_ONLY_ACTIONS:
        return NOT_ALLOWED
    if user.is_authenticated and user.role == User.Role.LEADER and action not in READ_ACTIONS:
        return READ_ONLY_ROLE
    in_unit_role = user.is_authenticated and user.role in User.UNIT_ROLES
    if in_unit_role and obj is not None and user.unit_id not in _unit_ids_of(obj):
        return NOT_YOUR_UNIT
    return NOT_ALLOWED


def require(user: User, action: Action, obj: object | None = None) -> None:
    """Raise PermissionDenied with a Chinese message unless ``can`` allows it."""
    if not can(user, action, obj):
        raise PermissionDenied(denial_message(user, action, obj))


def is_admin(user: User) -> bool:
    return user.is_superuser or user.role == User.Role.ADMIN


def may_manage_account(actor: User, account: User) -> bool:
    """Change, deactivate or reset the password of ``account``: admins every account;
    supervisors every account but admins' and other supervisors' (their own included)."""
    if not can(actor, Action.MANAGE_DIRECTORY):
        return False
    if is_admin(actor):
        return True
    if account.pk == actor.pk:
        return True
    return not is_admin(account) and account.role != User.Role.SUPERVISOR


def may_grant_role(actor: User, role: str) -> bool:
    """Give an account ``role``: never above the actor's own (only admins make admins)."""
    return can(actor, Action.MANAGE_DIRECTORY) and (is_admin(actor) or role != User.Role.ADMIN)


def sees_own_unit_only(user: User) -> bool:
    """Unit staff and unit leaders see their own unit's work; everyone else sees every unit."""
    return user.role in User.UNIT_ROLES and not user.is_superuser


ALL_UNITS = "all"  # a unit scope: every unit's rows
NO_UNITS = "none"  # a unit scope: no rows at all


def unit_scope(user: User) -> int | str:
    """Whose rows ``user`` may see: NO_UNITS for an anonymous or inactive user, their own
    unit's id for unit members, ALL_UNITS for the others. The one visibility rule of every
    *_visible_to selector and of the calendar feeds; a value, so a prepared query can be
    kept per scope."""
    if not user.is_authenticated or not user.is_active:
        return NO_UNITS
    if sees_own_unit_only(user):
        return user.unit_id
    return ALL_UNITS


def sees_unit(user: User, unit_id: int) -> bool:
    """Whether ``user``'s scope keeps a row of ``unit_id`` (for one row already read)."""
    scope = unit_scope(user)
    return scope in (ALL_UNITS, unit_id)


def narrow_to_scope(
    queryset: QuerySet, scope: int | str, *, unit_field: str = "unit_id"
) -> QuerySet:
    """``queryset`` narrowed to the rows a ``unit_scope`` keeps."""
    if scope == NO_UNITS:
        return queryset.none()
    if scope == ALL_UNITS:
        return queryset
    return queryset.filter(**{unit_field: scope})


def scope_to_units(queryset: QuerySet, user: User, *, unit_field: str = "unit_id") -> QuerySet:
    """``queryset`` narrowed to what ``user`` may see (``unit_scope``)."""
    return narrow_to_scope(queryset, unit_scope(user), unit_field=unit_field)
