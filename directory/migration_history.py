"""Bring a database migrated before Unit, UnitAlias and User moved to ``directory`` up to date.

``AUTH_USER_MODEL`` is ``directory.User``, so admin.0001 (and everything after it) now depends on
directory.0001_initial. On a database built before the move, admin.0001 is applied and
directory.0001 is not: Django's consistency check would refuse to migrate
(InconsistentMigrationHistory) before running anything. directory.0001 only declares the models
in the migration state (the tables were created by tracker.0001 and keep their names), so on
such a database it is recorded as applied before the check; the rest of the move
(speeches.0003, tracker.0009, also state only) then runs as ordinary migrations.

The ``migrate`` and ``makemigrations`` commands of this app call it first.
"""

from django.db import DatabaseError
from django.db.migrations.recorder import MigrationRecorder

MOVE = ("directory", "0001_initial")
# The migration that created the tables directory.0001 declares.
TABLES_CREATED_BY = ("tracker", "0001_initial")


def record_directory_move(connection) -> bool:
    """Record directory.0001 as applied where the tables it declares already exist; True when
    it did. A fresh or unreachable database is left alone."""
    recorder = MigrationRecorder(connection)
    try:
        if not recorder.has_table():
            return False
        applied = recorder.applied_migrations()
    except DatabaseError:
        return False
    if TABLES_CREATED_BY in applied and MOVE not in applied:
        recorder.record_applied(*MOVE)
        return True
    return False
