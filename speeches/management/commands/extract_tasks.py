import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from directory.units import UnitDirectory
from speeches.extraction import extract
from speeches.extraction.kinds import DocumentKind
from speeches.importers import ImportRejected, read_document
from speeches.management.commands.import_speech import iso_date


class Command(BaseCommand):
    help = (
        "Decode and clean a speech file, extract its directives and print them; "
        "writes nothing to the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--date", type=iso_date, required=True, help="reference date")
        parser.add_argument("--json", action="store_true", help="one JSON object per line")
        parser.add_argument(
            "--kind",
            choices=[k.value for k in DocumentKind],
            help="document kind (default: detected from the text)",
        )

    def handle(self, *args, path, date, kind=None, **options):
        try:
            document = read_document(path.read_bytes(), path.name, max_bytes=1 << 62)
        except OSError as exc:
            raise CommandError(f"无法读取文件：{exc.strerror}") from exc
        except ImportRejected as exc:
            raise CommandError(exc.message) from exc
        try:
            unit_names = UnitDirectory.load().names()
        except DatabaseError:  # no database yet (a fresh checkout): generic unit words only
            unit_names = []
        directives = extract(
            document.cleaned_text, reference_date=date, unit_names=unit_names, kind=kind
        )
        for directive in directives:
            if options["json"]:
                self.stdout.write(_json_line(directive.as_json_dict()))
            else:
                deadline = directive.deadline.isoformat() if directive.deadline else "—"
                units = "、".join(directive.units) or "—"
                self.stdout.write(f"[{deadline}] {units}：{directive.task}")


def _json_line(item: dict) -> str:
    return json.dumps(item, ensure_ascii=False)
