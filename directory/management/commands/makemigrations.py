from django.core.management.commands.makemigrations import Command as DjangoMakemigrations
from django.db import connections

from directory.migration_history import record_directory_move


class Command(DjangoMakemigrations):
    """Django's makemigrations, whose history check would otherwise refuse an older database."""

    def handle(self, *app_labels, **options):
        for alias in connections:
            record_directory_move(connections[alias])
        return super().handle(*app_labels, **options)
