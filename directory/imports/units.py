"""Import the unit directory: create or update every unit of the file, or none of them."""

from dataclasses import dataclass
from itertools import chain

from django.db import transaction

from directory import policy
from directory.imports.sheets import (
    ALIAS_SEPARATORS,
    ALIAS_TAKEN,
    DUPLICATE_IN_FILE,
    KIND_UNITS,
    NOT_A_NUMBER,
    OWN_PARENT,
    PARENT_CYCLE,
    REQUIRED,
    TOO_LONG,
    UNIT_COLUMNS,
    UNIT_REQUIRED,
    UNKNOWN_KIND,
    UNKNOWN_UNIT,
    ImportResult,
    RowErrors,
    SheetRow,
    label_lookup,
    read_sheet,
    unit_lookup,
    yes_no,
)
from directory.models import Unit, UnitAlias, User
from directory.policy import Action


@dataclass
class _UnitRow:
    row: SheetRow
    name: str
    short_name: str
    kind: str
    parent: str
    sort_order: int
    aliases: list[str]
    is_active: bool


def _parse_units(sheet: list[SheetRow], rows: RowErrors) -> list[_UnitRow]:
    kinds = label_lookup(Unit.Kind.choices)
    kinds.update({"区": Unit.Kind.DISTRICT, "县": Unit.Kind.DISTRICT, "部门": Unit.Kind.DEPARTMENT})
    parsed: list[_UnitRow] = []
    first_row: dict[str, int] = {}
    for row in sheet:
        v = row.values
        name = v.get("全称", "")
        if not name:
            rows.add(row, "全称", REQUIRED)
        elif len(name) > 100:
            rows.add(row, "全称", TOO_LONG.format(limit=100))
        elif name in first_row:
            rows.add(row, "全称", DUPLICATE_IN_FILE.format(value=name, first=first_row[name]))
        else:
            first_row[name] = row.number
        short_name = v.get("简称", "")
        if len(short_name) > 50:
            rows.add(row, "简称", TOO_LONG.format(limit=50))
        raw_kind = v.get("类别", "")
        kind = kinds.get(raw_kind) or kinds.get(raw_kind.lower(), "")
        if not raw_kind:
            rows.add(row, "类别", REQUIRED)
        elif not kind:
            choices = "、".join(label for _, label in Unit.Kind.choices)
            rows.add(row, "类别", UNKNOWN_KIND.format(value=raw_kind, choices=choices))
        raw_order = v.get("排序", "")
        sort_order = 0
        if raw_order:
            if raw_order.isdigit():
                sort_order = int(raw_order)
            else:
                rows.add(row, "排序", NOT_A_NUMBER.format(value=raw_order))
        aliases_raw = v.get("别名", "")
        for separator in ALIAS_SEPARATORS:
            aliases_raw = aliases_raw.replace(separator, "、")
        aliases = [alias.strip() for alias in aliases_raw.split("、") if alias.strip()]
        for alias in aliases:
            if len(alias) > 100:
                rows.add(row, "别名", TOO_LONG.format(limit=100))
        parsed.append(
            _UnitRow(
                row=row,
                name=name,
                short_name=short_name,
                kind=kind,
                parent=v.get("上级单位", ""),
                sort_order=sort_order,
                aliases=aliases,
                is_active=yes_no(rows, row, "启用"),
            )
        )
    return parsed


def _check_parents(parsed: list[_UnitRow], rows: RowErrors) -> dict[str, str | None]:
    """Full name of each unit's parent after the import, with missing and circular ones reported."""
    in_file = ((item.name, item.short_name) for item in parsed if item.name)
    lookup = unit_lookup(chain(Unit.objects.values_list("name", "short_name"), in_file))
    parent_of: dict[str, str | None] = dict(
        Unit.objects.filter(parent__isnull=False).values_list("name", "parent__name")
    )
    for item in parsed:
        if not item.name:
            continue
        if not item.parent:
            parent_of[item.name] = None
            continue
        parent = lookup.get(item.parent)
        if parent is None:
            rows.add(item.row, "上级单位", UNKNOWN_UNIT.format(value=item.parent))
        elif parent == item.name:
            rows.add(item.row, "上级单位", OWN_PARENT)
        else:
            parent_of[item.name] = parent
    for item in parsed:
        seen = [item.name]
        current = parent_of.get(item.name)
        while current is not None:
            if current in seen:
                path = " → ".join([*seen, current])
                rows.add(item.row, "上级单位", PARENT_CYCLE.format(path=path))
                break
            seen.append(current)
            current = parent_of.get(current)
    return parent_of


def _check_aliases(parsed: list[_UnitRow], rows: RowErrors) -> None:
    owners = {
        alias.lower(): owner for alias, owner in UnitAlias.objects.values_list("name", "unit__name")
    }
    in_file: dict[str, str] = {}
    for item in parsed:
        for alias in item.aliases:
            key = alias.lower()
            owner = in_file.get(key) or owners.get(key)
            if owner is not None and owner != item.name:
                rows.add(item.row, "别名", ALIAS_TAKEN.format(value=alias, owner=owner))
            in_file.setdefault(key, item.name)


def import_units(*, data: bytes, filename: str, actor: User) -> ImportResult:
    """Create or update every unit of the file, or — if any row is wrong — none of them."""
    policy.require(actor, Action.MANAGE_DIRECTORY)
    sheet = read_sheet(data=data, filename=filename, columns=UNIT_COLUMNS, required=UNIT_REQUIRED)
    rows = RowErrors()
    result = ImportResult(kind=KIND_UNITS)
    with transaction.atomic():
        # Lock the directory so a concurrent import cannot slip a cycle between check and write.
        existing = {unit.name: unit for unit in Unit.objects.select_for_update()}
        parsed = _parse_units(sheet, rows)
        parent_of = _check_parents(parsed, rows)
        _check_aliases(parsed, rows)
        if rows.errors:
            result.errors = rows.errors
            return result
        units: dict[str, Unit] = dict(existing)
        for item in parsed:
            unit = units.get(item.name)
            if unit is None:
                unit = Unit(name=item.name)
                result.created += 1
            else:
                result.updated += 1
            unit.short_name = item.short_name
            unit.kind = item.kind
            unit.sort_order = item.sort_order
            unit.is_active = item.is_active
            unit.parent = None if unit.pk is None else unit.parent
            unit.save()
            units[item.name] = unit
        for item in parsed:
            unit = units[item.name]
            parent_name = parent_of.get(item.name)
            unit.parent = units[parent_name] if parent_name else None
            unit.full_clean()
            unit.save(update_fields=["parent"])
            for alias in item.aliases:
                UnitAlias.objects.get_or_create(
                    name__iexact=alias, defaults={"unit": unit, "name": alias}
                )
    return result
