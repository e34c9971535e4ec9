import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from speeches.importers import ImportRejected
from speeches.services import imports


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--date 应为 YYYY-MM-DD 格式：{value}") from exc


class Command(BaseCommand):
    help = "Import speech files; prints id<TAB>title<TAB>date per created speech."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--date", type=iso_date, help="delivery date when the file has none")
        parser.add_argument("--title", default="", help="title of a single-speech file")
        parser.add_argument(
            "--sync", action="store_true", help="extract now instead of through the worker"
        )

    def handle(self, *args, paths, date, title, sync, **options):
        failed = 0
        for path in paths:
            try:
                data = path.read_bytes()
                outcome = imports.import_document(
                    data=data,
                    filename=path.name,
                    imported_by=None,
                    now=timezone.now(),
                    delivered_on=date,
                    title=title,
                )
            except OSError as exc:
                failed += 1
                self.stderr.write(f"{path}: 无法读取文件（{exc.strerror}）")
                continue
            except imports.DateRequired:
                failed += 1
                self.stderr.write(f"{path}: 未能识别讲话日期，请用 --date YYYY-MM-DD 指定")
                continue
            except ImportRejected as exc:
                failed += 1
                self.stderr.write(f"{path}: {exc.message}")
                continue
            for message in outcome.duplicate_messages():
                self.stderr.write(f"{path}: {message}")
            for speech in outcome.created:
                if sync:
                    imports.extract_speech(speech=speech, now=timezone.now())
                delivered = speech.delivered_on.isoformat() if speech.delivered_on else ""
                self.stdout.write(f"{speech.pk}\t{speech.title}\t{delivered}")
        if failed:
            sys.exit(1)
