from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tracker.models import Notification
from tracker.services import reminders

BAD_DATE = "日期格式应为 YYYY-MM-DD，例如 2026-11-25"
ANSWERED_BY_LATER_SCAN = "该日已由之后一次扫描补发提醒，未重复生成"


class Command(BaseCommand):
    help = "扫描到期任务并生成提醒（与每日定时任务相同的代码，同步执行）。"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按这一天扫描（YYYY-MM-DD，默认今天）")
        parser.add_argument("--dry-run", action="store_true", help="只统计，不保存、不发送")

    def handle(self, *args, today=None, dry_run=False, **options):
        try:
            day = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError(BAD_DATE) from exc
        result = reminders.scan_deadlines(today=day, now=timezone.now(), dry_run=dry_run)
        counts = result.by_kind()
        heading = "试运行（未保存）" if dry_run else "已生成"
        if not result.window:
            self.stdout.write(f"扫描日期 {day.isoformat()}：{ANSWERED_BY_LATER_SCAN}")
            return
        days = "、".join(d.isoformat() for d in result.window)
        self.stdout.write(f"扫描日期 {day.isoformat()}（覆盖 {days}）{heading}：")
        for kind, label in Notification.Kind.choices:
            if kind in counts:
                self.stdout.write(f"  {label}（{kind}）: {counts[kind]}")
        self.stdout.write(f"  合计: {sum(counts.values())}")
        if not dry_run:
            self.stdout.write(f"  邮件已发送: {result.emails_sent}")
