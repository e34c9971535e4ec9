from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from directory.models import Unit
from speeches.models import Speech
from tracker.selectors_assessment import Scope
from tracker.services import assessment
from tracker.services.assignments.base import WorkflowRefused
from tracker.services.documents import bulletin as document
from tracker.services.documents import bulletins


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{value}") from None


class Command(BaseCommand):
    help = "按期间起草督查通报并写入 .docx（不印发、不编号、不写数据库）。"

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, help="统计起始日 YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="统计截止日 YYYY-MM-DD")
        parser.add_argument("-o", "--output", required=True, help="写入的 .docx 文件")
        parser.add_argument("--speech", type=int, help="只统计这份文件（讲话稿编号）的任务")
        parser.add_argument("--kind", choices=Unit.Kind.values, default="", help="只统计一类单位")
        parser.add_argument(
            "--named-after-days",
            type=int,
            default=bulletins.DEFAULT_NAMED_AFTER_DAYS,
            help="逾期达到这么多天的单位予以通报",
        )

    def handle(self, *args, start, end, output, speech, kind, named_after_days, **options):
        try:
            period = assessment.date_range(_day(start), _day(end))
        except WorkflowRefused as refused:
            raise CommandError(refused.messages[0]) from None
        source = None
        if speech is not None:
            source = Speech.objects.filter(pk=speech).first()
            if source is None:
                raise CommandError(f"找不到编号为 {speech} 的文件")
        now = timezone.now()
        scope = Scope(
            start=period.start, end=period.end, today=timezone.localdate(now),
            speech_id=speech, unit_kind=kind,
        )  # fmt: skip
        result = bulletins.draft(
            scope=scope, label=period.label, named_after_days=named_after_days,
            closing=bulletins.DEFAULT_CLOSING, now=now, speech=source,
        )  # fmt: skip
        with open(output, "wb") as out:
            out.write(document.build(result.content))
        self.stdout.write(f"已写入 {output}：{result.content.title}")
