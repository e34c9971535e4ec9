"""Match the unit mentions of a speech ("各乡镇党委", "组织部门") to the unit directory; the group
words and the kinds they stand for are lib.group_words."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from directory.models import Unit, UnitAlias
from lib.group_words import GROUP_PREFIX, group_kinds


@dataclass
class UnitResolution:
    units: list[Unit] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)


class UnitDirectory:
    """The active directory loaded once (two queries), to resolve many mentions."""

    def __init__(self, units: list[Unit], aliases: Iterable[tuple[str, int]]):
        self.units = units
        self.by_name: dict[str, Unit] = {}
        for unit in units:
            self.by_name[unit.name] = unit
            if unit.short_name:
                self.by_name.setdefault(unit.short_name, unit)
        unit_by_id = {unit.pk: unit for unit in units}
        for alias, unit_id in aliases:
            if unit_id in unit_by_id:
                self.by_name.setdefault(alias, unit_by_id[unit_id])
        self._names_longest_first = sorted(self.by_name, key=len, reverse=True)

    @classmethod
    def load(cls) -> "UnitDirectory":
        units = list(Unit.objects.filter(is_active=True))
        return cls(units, UnitAlias.objects.values_list("name", "unit_id"))

    def names(self) -> list[str]:
        """Every name, short name and alias, for the extractor's dictionary."""
        return sorted(self.by_name)

    def descendant_ids(self, root: Unit) -> set[int]:
        children: dict[int | None, list[int]] = {}
        for unit in self.units:
            children.setdefault(unit.parent_id, []).append(unit.pk)
        found, stack = set(), [root.pk]
        while stack:
            for child in children.get(stack.pop(), []):
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return found

    def resolve(self, mentions: Iterable[str], *, area: Unit | None = None) -> UnitResolution:
        """Named units by name, short name or alias; group words expanded to every unit of their
        kinds under ``area`` (the whole directory when no area is set); the rest kept as text."""
        within_area = self.descendant_ids(area) if area is not None else None
        resolution = UnitResolution()
        chosen: dict[int, Unit] = {}
        for raw in mentions:
            mention = raw.strip()
            if not mention:
                continue
            exact = self.by_name.get(mention) or self.by_name.get(GROUP_PREFIX.sub("", mention))
            if exact is not None:
                chosen.setdefault(exact.pk, exact)
                continue
            kinds = group_kinds(mention)
            if kinds:
                for unit in self.units:
                    if unit.kind in kinds and (within_area is None or unit.pk in within_area):
                        chosen.setdefault(unit.pk, unit)
                continue
            named = next(
                (self.by_name[name] for name in self._names_longest_first if name in mention), None
            )
            if named is not None:
                chosen.setdefault(named.pk, named)
            elif mention not in resolution.unmatched:
                resolution.unmatched.append(mention)
        resolution.units = sorted(chosen.values(), key=lambda u: (u.sort_order, u.name))
        return resolution


def resolve_unit_mentions(mentions: Iterable[str], *, area: Unit | None = None) -> UnitResolution:
    """Resolve one list of mentions against the current directory."""
    return UnitDirectory.load().resolve(mentions, area=area)
