"""The floors import downward only: lib → directory → speeches → tracker → demo / config.

Read from the source with ``ast`` (every import, also the ones inside functions), so a lazy
import upward is caught too. The pure libraries (speeches.extraction, speeches.importers, lib)
import no Django and no floor above lib; tests/speeches/test_import_boundary.py checks the same
at run time for the importers.
"""

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The floor of each top-level package; a module may import its own floor and the ones below.
FLOORS = {"lib": 0, "directory": 1, "speeches": 2, "tracker": 3, "demo": 4, "config": 4}
# Infrastructure under every floor: the settings and the Celery app (which import no floor).
BASEMENT = ("config.settings", "config.celery")
# Packages that stay plain Python: no Django, no project package but themselves and lib.
PURE = ("speeches.extraction", "speeches.importers", "lib")


def _modules():
    for package in FLOORS:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            yield ".".join(parts), path


def _imports(module: str, path: Path) -> list[tuple[int, str]]:
    """(line, imported module) of every import in the file, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((node.lineno, target))
    return found


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _floor(name: str) -> int | None:
    if any(_within(name, base) for base in BASEMENT):
        return -1
    return FLOORS.get(name.split(".")[0])


def _violations() -> list[str]:
    problems = []
    for module, path in _modules():
        floor = _floor(module)
        pure = next((p for p in PURE if _within(module, p)), None)
        for line, target in _imports(module, path):
            top, target_floor = target.split(".")[0], _floor(target)
            where = f"{path.relative_to(ROOT)}:{line} imports {target}"
            if target_floor is not None and target_floor > floor:
                problems.append(f"{where} (a higher floor)")
            if pure is not None:
                if top == "django":
                    problems.append(f"{where} (Django in a pure library)")
                elif top in FLOORS and top != "lib" and not _within(target, pure):
                    problems.append(f"{where} (a project package in a pure library)")
    return problems


def test_every_floor_imports_only_its_own_floor_and_the_ones_below():
    assert _violations() == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from tracker.models import Task\n", "directory/probe.py:1 imports tracker.models"),
        ("def f():\n    import speeches.models\n", "directory/probe.py:2 imports speeches.models"),
    ],
)
def test_an_upward_import_is_reported(tmp_path, monkeypatch, source, expected):
    (tmp_path / "directory").mkdir()
    (tmp_path / "directory" / "probe.py").write_text(source, encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)

    assert [p for p in _violations() if p.startswith(expected)]


def test_django_in_a_pure_library_is_reported(tmp_path, monkeypatch):
    (tmp_path / "speeches" / "extraction").mkdir(parents=True)
    (tmp_path / "speeches" / "extraction" / "probe.py").write_text(
        "from django.db import models\nfrom speeches.models import Speech\n", encoding="utf-8"
    )
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)

    assert _violations() == [
        "speeches/extraction/probe.py:1 imports django.db (Django in a pure library)",
        "speeches/extraction/probe.py:2 imports speeches.models (a project package in a pure"
        " library)",
    ]
