import pytest
from django.core.exceptions import PermissionDenied

from directory import policy
from directory.policy import Action


class OwnedByUnit:
    """Any object that belongs to one unit (an assignment, a progress report)."""

    def __init__(self, unit):
        self.unit_id = unit.pk


WRITE_ACTIONS = [a for a in Action if a not in policy.READ_ACTIONS]
SHARED_ACTIONS = [a for a in Action if a not in policy.ROLE_ONLY_ACTIONS]


@pytest.mark.django_db
@pytest.mark.parametrize("action", SHARED_ACTIONS)
def test_supervisor_and_admin_may_do_everything(supervisor, admin_user, town_a, action):
    for user in (supervisor, admin_user):
        assert policy.can(user, action, OwnedByUnit(town_a))
        assert policy.can(user, action)


@pytest.mark.django_db
@pytest.mark.parametrize("action", SHARED_ACTIONS)
def test_leader_reads_everything_and_changes_nothing(leader, town_a, action):
    expected = action in policy.READ_ACTIONS
    assert policy.can(leader, action, OwnedByUnit(town_a)) is expected
    if not expected:
        with pytest.raises(PermissionDenied, match=policy.READ_ONLY_ROLE):
            policy.require(leader, action, OwnedByUnit(town_a))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "own_unit_allowed"),
    [
        (Action.VIEW_ASSIGNMENT, True),
        (Action.REPORT_PROGRESS, True),
        (Action.REQUEST_EXTENSION, True),
        (Action.RECEIVE_ESCALATION, False),
        (Action.CLOSE_ASSIGNMENT, False),
        (Action.RETURN_ASSIGNMENT, False),
        (Action.DECIDE_EXTENSION, False),
        (Action.EDIT_TASK, False),
        (Action.REASSIGN, False),
        (Action.IMPORT_SPEECH, False),
        (Action.REVIEW_DIRECTIVES, False),
        (Action.VIEW_DASHBOARD, False),
        (Action.MANAGE_DIRECTORY, False),
    ],
)
def test_unit_staff_act_only_on_their_own_unit(
    town_a_staff, town_a, town_b, action, own_unit_allowed
):
    assert policy.can(town_a_staff, action, OwnedByUnit(town_a)) is own_unit_allowed
    assert policy.can(town_a_staff, action, OwnedByUnit(town_b)) is False


@pytest.mark.django_db
def test_other_units_object_is_refused_with_not_your_unit(town_a_staff, town_b):
    with pytest.raises(PermissionDenied, match=policy.NOT_YOUR_UNIT):
        policy.require(town_a_staff, Action.REPORT_PROGRESS, OwnedByUnit(town_b))


@pytest.mark.django_db
def test_unit_leader_also_receives_escalations_of_their_unit(town_a_leader, town_a, town_b):
    assert policy.can(town_a_leader, Action.RECEIVE_ESCALATION, OwnedByUnit(town_a))
    assert not policy.can(town_a_leader, Action.RECEIVE_ESCALATION, OwnedByUnit(town_b))
    assert policy.can(town_a_leader, Action.REPORT_PROGRESS, OwnedByUnit(town_a))
    assert not policy.can(town_a_leader, Action.CLOSE_ASSIGNMENT, OwnedByUnit(town_a))


@pytest.mark.django_db
def test_task_spread_over_units_is_visible_to_each_of_them(town_a_staff, town_a, town_b):
    class Task:
        def unit_ids(self):
            return [town_a.pk, town_b.pk]

    assert policy.can(town_a_staff, Action.VIEW_ASSIGNMENT, Task())


@pytest.mark.django_db
def test_deactivated_user_may_do_nothing(supervisor):
    supervisor.is_active = False
    assert not policy.can(supervisor, Action.VIEW_DASHBOARD)


@pytest.mark.django_db
def test_unit_member_sees_the_directory(town_a_staff):
    assert policy.can(town_a_staff, Action.VIEW_DIRECTORY)


@pytest.mark.django_db
def test_only_a_leader_writes_instructions(leader, supervisor, admin_user, town_a_staff, town_a):
    assert policy.can(leader, Action.WRITE_INSTRUCTION)
    for user in (supervisor, admin_user, town_a_staff):
        assert not policy.can(user, Action.WRITE_INSTRUCTION, OwnedByUnit(town_a))
        with pytest.raises(PermissionDenied, match=policy.NOT_ALLOWED):
            policy.require(user, Action.WRITE_INSTRUCTION)


@pytest.mark.django_db
def test_only_an_administrator_changes_the_score_weights(admin_user, supervisor, leader):
    assert policy.can(admin_user, Action.MANAGE_SCORE_WEIGHTS)
    assert not policy.can(supervisor, Action.MANAGE_SCORE_WEIGHTS)
    assert not policy.can(leader, Action.MANAGE_SCORE_WEIGHTS)


@pytest.mark.django_db
def test_every_role_sees_the_assessment_and_only_supervisors_issue_documents(
    town_a_staff, leader, supervisor
):
    assert policy.can(town_a_staff, Action.VIEW_ASSESSMENT)
    assert not policy.can(town_a_staff, Action.VIEW_DOCUMENTS)
    assert not policy.can(town_a_staff, Action.ISSUE_DOCUMENTS, OwnedByUnit(town_a_staff.unit))
    assert policy.can(leader, Action.VIEW_DOCUMENTS) and not policy.can(
        leader, Action.ISSUE_DOCUMENTS
    )
    assert policy.can(supervisor, Action.ISSUE_DOCUMENTS)
