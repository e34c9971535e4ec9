from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS, connections

from directory.migration_history import record_directory_move


class Command(DjangoMigrate):
    """Django's migrate, after recording the state-only directory move on an older database."""

    def handle(self, *args, **options):
        record_directory_move(connections[options.get("database") or DEFAULT_DB_ALIAS])
        return super().handle(*args, **options)
