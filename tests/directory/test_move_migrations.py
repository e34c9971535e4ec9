"""Unit, UnitAlias and User moved from tracker to directory without a row moving.

The move is state only (directory.0001, speeches.0003, tracker.0009). A database migrated before
it has admin.0001 applied, which now depends on directory.0001: directory's migrate command
records directory.0001 first, so such a database upgrades with a plain ``migrate``.
"""

import os
import shutil
import subprocess
import sys
import tarfile
import uuid
from io import BytesIO
from pathlib import Path

import dj_database_url
import psycopg
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.exceptions import InconsistentMigrationHistory
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from directory.migration_history import record_directory_move
from directory.models import Unit, User
from tests.factories import UnitFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
# The last commit whose migrations created Unit, UnitAlias and User in tracker.
BEFORE_THE_MOVE = "f35809f"
MOVE_MIGRATIONS = [
    ("directory", "0001_initial"),
    ("speeches", "0003_units_and_users_in_directory"),
    ("tracker", "0009_units_and_users_in_directory"),
]
MOVED = ("unit", "unitalias", "user")


def _forget_the_move() -> None:
    """Make the test database look as one migrated before the move: the schema is the same (the
    move touches no table), only the recorded migrations and the content types differ. The
    migrations that came after the move are rolled back first: such a database has none."""
    MigrationExecutor(connection).migrate(MOVE_MIGRATIONS)
    for app, name in MOVE_MIGRATIONS:
        MigrationRecorder.Migration.objects.filter(app=app, name=name).delete()
    ContentType.objects.filter(app_label="directory", model__in=MOVED).update(app_label="tracker")


@pytest.mark.django_db(transaction=True)
def test_a_database_migrated_before_the_move_upgrades_with_migrate_and_keeps_its_rows():
    town = UnitFactory(name="青石镇")
    staff = UserFactory(username="qingshi", unit=town, role=User.Role.UNIT_STAFF)
    _forget_the_move()
    with pytest.raises(InconsistentMigrationHistory):  # what plain Django would say
        MigrationLoader(connection).check_consistent_history(connection)

    call_command("migrate", verbosity=0)

    applied = MigrationRecorder(connection).applied_migrations()
    assert all(key in applied for key in MOVE_MIGRATIONS)
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    assert User.objects.get(pk=staff.pk).unit == Unit.objects.get(name="青石镇")
    assert set(ContentType.objects.filter(model__in=MOVED).values_list("app_label", flat=True)) == {
        "directory"
    }


@pytest.mark.django_db(transaction=True)
def test_recording_the_move_leaves_an_up_to_date_database_alone():
    assert record_directory_move(connection) is False


def _old_tree(destination: Path) -> bool:
    git = shutil.which("git")
    if git is None:
        return False
    archive = subprocess.run(
        [git, "archive", "--format=tar", BEFORE_THE_MOVE],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        return False
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(destination, filter="data")
    return True


def _manage(tree: Path, database_url: str, *args: str) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": str(tree),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def scratch_database():
    """An empty PostgreSQL database of its own, dropped afterwards."""
    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = f"luoshi_premove_{uuid.uuid4().hex[:8]}"
    admin = {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"
    yield url, {**admin, "dbname": name}
    with psycopg.connect(**admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


TABLES = ["tracker_unit", "tracker_unitalias", "tracker_user", "tracker_user_user_permissions"]


def _seed_old_rows(conn_args: dict) -> None:
    """A unit with an alias, a unit member holding a permission on the user model (through the
    old tracker content type) and an admin log entry of that user."""
    with psycopg.connect(**conn_args) as conn:
        unit = conn.execute(
            "INSERT INTO tracker_unit (name, short_name, kind, is_active, sort_order)"
            " VALUES ('澜川区青石镇', '青石镇', 'township', true, 1) RETURNING id"
        ).fetchone()[0]
        conn.execute("INSERT INTO tracker_unitalias (unit_id, name) VALUES (%s, '青石')", [unit])
        user = conn.execute(
            "INSERT INTO tracker_user (password, is_superuser, username, first_name, last_name,"
            " email, is_staff, is_active, date_joined, role, unit_id, display_name, phone)"
            " VALUES ('!', false, 'qingshi', '', '', '', true, true, now(), 'unit_staff', %s,"
            " '张联络', '') RETURNING id",
            [unit],
        ).fetchone()[0]
        permission = conn.execute(
            "SELECT p.id FROM auth_permission p JOIN django_content_type c"
            " ON c.id = p.content_type_id"
            " WHERE c.app_label = 'tracker' AND p.codename = 'view_user'"
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO tracker_user_user_permissions (user_id, permission_id) VALUES (%s, %s)",
            [user, permission],
        )
        conn.execute(
            "INSERT INTO django_admin_log (action_time, object_id, object_repr, action_flag,"
            " change_message, content_type_id, user_id) SELECT now(), %s, 'qingshi', 1, '[]',"
            " id, %s FROM django_content_type WHERE app_label = 'tracker' AND model = 'user'",
            [str(user), user],
        )


def _counts(conn_args: dict) -> dict[str, int]:
    with psycopg.connect(**conn_args) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def test_a_database_built_by_the_old_migration_files_upgrades(tmp_path, scratch_database):
    url, conn_args = scratch_database
    old = tmp_path / "before"
    if not _old_tree(old):
        pytest.skip(f"commit {BEFORE_THE_MOVE} is not in this clone")
    _manage(old, url, "migrate", "--verbosity=0")
    _seed_old_rows(conn_args)
    before = _counts(conn_args)

    _manage(ROOT, url, "migrate", "--verbosity=0")

    assert _counts(conn_args) == before
    plan = _manage(ROOT, url, "showmigrations", "--plan")
    assert "[ ]" not in plan
    assert "[X]  directory.0001_initial" in plan
    _manage(ROOT, url, "makemigrations", "--check", "--dry-run")
    seen = _manage(
        ROOT,
        url,
        "shell",
        "-c",
        "from directory.models import User; from django.contrib.admin.models import LogEntry; "
        "u = User.objects.get(username='qingshi'); "
        "print(u.unit.short_name, u.unit.aliases.get().name, u.has_perm('directory.view_user'), "
        "LogEntry.objects.get(user=u).content_type.app_label)",
    )
    assert seen.split()[-4:] == ["青石镇", "青石", "True", "directory"]
