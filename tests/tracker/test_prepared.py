"""Prepared queries give the ORM's rows, compile once per input, never keep rows; the views'
prepared lookups keep the visibility rule of the scoped selectors."""

from datetime import UTC, date, datetime

import pytest
from django.db.models import Count, Q

from directory import policy
from tests.factories import AssignmentFactory, TaskFactory, UnitFactory
from tests.tracker.dashboard_data import TODAY, build_ledger
from tracker import selectors, selectors_dashboard
from tracker.filters import AssignmentFilters
from tracker.models import Assignment, Instruction
from tracker.prepared import Prepared
from tracker.selectors_documents import unit_instructions

pytestmark = pytest.mark.django_db


def _counts(unit: int):
    return (
        Assignment.objects.filter(unit_id=unit)
        .order_by()
        .values("unit_id")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(status="done")))
    )


def test_rows_are_the_orms_rows_with_converters_and_names(town_a):
    AssignmentFactory(unit=town_a, status="done")
    AssignmentFactory(unit=town_a)
    prepared = Prepared(_counts, dicts=True)
    assert (
        prepared(unit=town_a.pk)
        == list(_counts(town_a.pk))
        == [{"unit_id": town_a.pk, "total": 2, "done": 1}]
    )
    rows = Prepared(lambda unit: _counts(unit).values_list("unit_id", "total"))(unit=town_a.pk)
    assert rows == [(town_a.pk, 2)]


def _record_compiles(prepared: Prepared, monkeypatch) -> list[dict]:
    """The inputs of every compile ``prepared`` does from now on."""
    compiled = []
    compile_once = prepared.compile
    monkeypatch.setattr(
        prepared,
        "compile",
        lambda alias, **inputs: compiled.append(inputs) or compile_once(alias, **inputs),
    )
    return compiled


def test_no_row_gives_no_row(town_a):
    assert Prepared(_counts, dicts=True)(unit=town_a.pk) == []


def test_sql_is_kept_per_input_and_rows_are_read_each_time(town_a, town_b, monkeypatch):
    prepared = Prepared(_counts, dicts=True)
    compiled = _record_compiles(prepared, monkeypatch)
    AssignmentFactory(unit=town_a)
    assert prepared(unit=town_a.pk)[0]["total"] == 1
    AssignmentFactory(unit=town_a)
    assert prepared(unit=town_a.pk)[0]["total"] == 2  # the SQL is kept, never the rows
    assert prepared(unit=town_b.pk) == []
    assert compiled == [{"unit": town_a.pk}, {"unit": town_b.pk}]


def test_the_oldest_input_is_dropped_beyond_maxsize(town_a, town_b):
    prepared = Prepared(_counts, dicts=True, maxsize=1)
    prepared(unit=town_a.pk)
    prepared(unit=town_b.pk)
    assert [key[1:] for key in prepared._compiled] == [(("unit", town_b.pk),)]


@pytest.mark.parametrize(
    "query", [{}, {"state": "overdue"}, {"q": "甲镇"}, {"due": "week"}, {"kind": "street"}]
)
def test_dashboard_rows_equal_the_orm_counts_for_every_scope(
    query, town_a, town_b, leader, town_a_staff
):
    build_ledger(town_a, town_b)
    filters = AssignmentFilters.from_querydict(query)
    for user in (leader, town_a_staff):
        scoped = filters.apply(selectors.assignments_visible_to(user), TODAY)
        expected = selectors_dashboard.unit_rows(assignments=scoped, today=TODAY)
        got = selectors_dashboard.dashboard_rows(user=user, filters=filters, today=TODAY)
        assert sorted(got, key=lambda r: r.unit_id) == sorted(expected, key=lambda r: r.unit_id)
    staff_rows = selectors_dashboard.dashboard_rows(user=town_a_staff, filters=filters, today=TODAY)
    assert {r.unit_id for r in staff_rows} <= {town_a.pk}


def test_a_unit_and_its_rows_are_found_only_within_the_users_scope(
    town_a, town_b, town_a_staff, town_b_staff, supervisor
):
    share = AssignmentFactory(unit=town_a)
    assert selectors.visible_unit(town_a_staff, town_a.pk) == town_a
    assert selectors.visible_unit(supervisor, town_a.pk).name == town_a.name
    assert selectors.visible_unit(town_b_staff, town_a.pk) is None
    assert selectors.visible_unit(supervisor, 10**9) is None
    row = selectors_dashboard.visible_page_row
    assert row(town_a_staff, unit_id=town_a.pk, pk=share.pk).pk == share.pk
    assert row(town_b_staff, unit_id=town_a.pk, pk=share.pk) is None
    assert row(supervisor, unit_id=town_b.pk, pk=share.pk) is None  # not that unit's
    town_a_staff.is_active = False
    assert not policy.sees_unit(town_a_staff, town_a.pk)
    assert row(town_a_staff, unit_id=town_a.pk, pk=share.pk) is None


def test_a_units_instructions_are_its_own_and_its_shared_tasks_newest_first(town_a, town_b, leader):
    shared = TaskFactory(title="共同任务")
    own_a = AssignmentFactory(task=shared, unit=town_a)
    own_b = AssignmentFactory(task=shared, unit=town_b)
    other = AssignmentFactory(unit=town_b)

    def write(text, task, assignment, hour):
        Instruction.objects.create(
            task=task, assignment=assignment, author=leader, text=text,
            written_at=datetime(2026, 12, 1, hour, tzinfo=UTC), due_on=date(2026, 12, 9),
        )  # fmt: skip

    write("给全部单位", shared, None, 1)
    write("给甲镇", shared, own_a, 2)
    write("给乙镇", shared, own_b, 3)
    write("乙镇另一任务", other.task, None, 4)
    lines = unit_instructions(town_a)
    assert [(i.text, i.unit_name) for i in lines] == [("给甲镇", town_a.name), ("给全部单位", None)]
    assert lines[0].task_url == shared.get_absolute_url()
    assert lines[0].author == str(leader)
    assert [i.text for i in unit_instructions(UnitFactory())] == []


def test_the_top_bar_shows_each_role_its_links(client, town_a_staff, supervisor):
    client.force_login(town_a_staff)
    staff_page = client.get("/units/").content.decode()
    client.force_login(supervisor)
    supervisor_page = client.get("/units/").content.decode()
    assert 'href="/worklist/">待办' not in staff_page
    assert 'href="/worklist/">待办' in supervisor_page
    assert ">我的任务</a>" in staff_page and ">我的任务</a>" not in supervisor_page


def test_the_counts_come_in_the_order_of_the_unit_rows_fields():
    from dataclasses import fields

    query = selectors_dashboard._unit_counts(Assignment.objects.all(), TODAY).query
    counted = [f.name for f in fields(selectors_dashboard.UnitRow)][
        5 : 5 + len(query.annotation_select)
    ]
    assert (*query.values_select, *query.annotation_select) == ("unit_id", *counted)
    assert counted[-1] == "on_time"


def test_a_converter_that_changes_the_value_is_applied(town_a):
    from django.db.models import Avg

    AssignmentFactory(unit=town_a, progress=10)
    AssignmentFactory(unit=town_a, progress=25)

    def average(unit):
        return (
            Assignment.objects.filter(unit_id=unit)
            .order_by()
            .values("unit_id")
            .annotate(mean=Avg("progress"))
            .values_list("mean")
        )

    (orm,) = list(average(town_a.pk))
    (prepared,) = Prepared(average)(unit=town_a.pk)
    assert prepared == orm == (17.5,)
    assert type(prepared[0]) is float  # PostgreSQL's numeric, turned into float as the ORM does


def test_an_id_input_is_compiled_once_for_every_value(town_a, town_b, monkeypatch):
    prepared = Prepared(_counts, dicts=True, ids=("unit",))
    compiled = _record_compiles(prepared, monkeypatch)
    AssignmentFactory(unit=town_a)
    AssignmentFactory(unit=town_b)
    AssignmentFactory(unit=town_b)
    assert prepared(unit=town_a.pk)[0] == {"unit_id": town_a.pk, "total": 1, "done": 0}
    assert prepared(unit=town_b.pk)[0] == {"unit_id": town_b.pk, "total": 2, "done": 0}
    assert compiled == [{}]  # one SQL for both units: the id is a placeholder
    with pytest.raises(TypeError):
        prepared(unit=str(town_a.pk))  # a string might compile to other SQL


def test_an_id_input_that_is_no_parameter_is_refused(town_a):
    sliced = Prepared(lambda unit: Assignment.objects.values_list("pk")[:1], ids=("unit",))
    with pytest.raises(ValueError, match="unit"):
        sliced(unit=town_a.pk)
