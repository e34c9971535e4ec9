"""Read queries the ORM builds and compiles once per process and input; later calls only run them.

Django builds and compiles a queryset's SQL every time it is evaluated. For the few queries
every view of the busiest pages runs (a unit's rows, its 批示, the dashboard's counts) that is
most of their cost: 1–2 ms of CPU each, where the database's own work is a tenth of it
(``bench/pages.py``). A ``Prepared`` query is still written with the ORM, as a function of its
inputs; the SQL and parameters it compiles to are kept per input (a unit's id, a day and the
filters), so the same inputs run the same SQL again without building it.

For ``values()`` / ``values_list()`` querysets; a column's converters (int() on a count,
SQLite's dates) are applied as the ORM applies them, so the rows are the ORM's rows.

Inputs named in ``ids`` (a row's or a unit's id, compared with =) are placeholders: the SQL is
compiled once for all their values, so the thousandth assignment costs what the first did.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from threading import Lock

from django.db import connections
from django.db.models import QuerySet


class Prepared:
    """``Prepared(build)``: ``build(unit=…)`` returns a values_list queryset; calling the
    prepared query with ``unit=7`` returns that queryset's rows as tuples (as dicts with
    ``dicts=True`` and a values queryset). ``build`` must depend on its inputs alone (never
    the clock or settings read at call time): its SQL is kept by them."""

    def __init__(
        self,
        build: Callable[..., QuerySet],
        *,
        dicts: bool = False,
        ids: tuple[str, ...] = (),
        maxsize: int = 2048,
    ):
        self.build = build
        self.dicts = dicts
        self.ids = ids
        self.maxsize = maxsize  # inputs kept: scopes and filters, a few days of dashboards
        self._compiled: OrderedDict[Hashable, _Compiled] = OrderedDict()
        self._lock = Lock()

    def compile(self, alias: str, **inputs: Hashable) -> _Compiled:
        """The SQL, parameters, column names and converters of ``build(**inputs)``; an id
        input is compiled as a marker value, and where the marker stands among the
        parameters is where each call's id goes."""
        markers = {name: _ID_MARKER - n for n, name in enumerate(self.ids)}
        query = self.build(**(inputs | markers)).query
        compiler = query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        slots = []
        for name, marker in markers.items():
            found = [i for i, value in enumerate(params) if value == marker]
            if not found:
                raise ValueError(f"prepared input {name!r} is not a parameter of the SQL")
            slots.extend((i, name) for i in found)
        converters = {
            index: (functions, expression)
            for index, (functions, expression) in compiler.get_converters(
                [column for column, _, _ in compiler.select]
            ).items()
            if not _changes_nothing(functions, expression, compiler.connection)
        }
        names = (*query.values_select, *query.annotation_select)
        # Columns an ORDER BY added to the select list are not the query's: cut as the ORM does.
        width = compiler.col_count if compiler.has_extra_select else None
        return _Compiled(sql, tuple(params), tuple(slots), names, tuple(converters.items()), width)

    def __call__(self, *, using: str = "default", **inputs: Hashable) -> list[tuple] | list[dict]:
        connection = connections[using]
        ids = {name: inputs.pop(name) for name in self.ids}
        for name, value in ids.items():
            if type(value) is not int:  # an int compiles as the marker did; anything else may not
                raise TypeError(f"prepared id {name!r} must be an int, not {type(value).__name__}")
        key = (connection.vendor, *sorted(inputs.items()))
        with self._lock:
            compiled = self._compiled.get(key)
            if compiled is not None:
                self._compiled.move_to_end(key)
        if compiled is None:
            compiled = self.compile(using, **inputs)
            with self._lock:
                self._compiled[key] = compiled
                if len(self._compiled) > self.maxsize:
                    self._compiled.popitem(last=False)
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, compiled.params_with(ids))
            rows = cursor.fetchall()
        if compiled.width is not None or compiled.converters:
            rows = compiled.convert(rows, connection)
        if self.dicts:
            return [dict(zip(compiled.names, row, strict=True)) for row in rows]
        return rows


def _changes_nothing(functions: list, expression, connection) -> bool:
    """An expression's int() on PostgreSQL, where psycopg already returns integer columns (a
    count) as Python ints: 300 units × 8 counts of no-op calls on every dashboard."""
    return (
        connection.vendor == "postgresql"
        and functions == [expression.convert_value]
        and expression.output_field.get_internal_type().endswith("IntegerField")
    )


_ID_MARKER = -1_987_654_321  # no row's id: where it lands among the parameters, ids go


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    params: tuple
    id_slots: tuple[tuple[int, str], ...]  # (index among params, name of the id input)
    names: tuple[str, ...]
    converters: tuple  # (column index, (converter, …), expression), as the compiler gives them
    width: int | None

    def params_with(self, ids: dict[str, int]) -> tuple | list:
        if not self.id_slots:
            return self.params
        params = list(self.params)
        for index, name in self.id_slots:
            params[index] = ids[name]
        return params

    def convert(self, rows: list[tuple], connection) -> list[tuple]:
        """The rows cut to the query's columns, each column through its converters."""
        if not rows or not self.converters:
            return [row[: self.width] for row in rows]
        columns = [list(column) for column in zip(*rows, strict=True)][: self.width]
        for index, (functions, expression) in self.converters:
            values = columns[index]
            for function in functions:
                values = [function(value, expression, connection) for value in values]
            columns[index] = values
        return list(zip(*columns, strict=True))
