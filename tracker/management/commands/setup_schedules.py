from django.core.management.base import BaseCommand
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from tracker.services.reminders.scan import DAILY_SCAN

TIME_ZONE = "Asia/Shanghai"
DAY = 24 * 3600
REQUEUE_SWEEP = "重新排队未开始的工作"

# name -> (task, crontab fields, expires in seconds: just under the period, so a tick that
# waited in the queue past the next one is dropped instead of running twice)
SCHEDULES = {
    DAILY_SCAN: (
        "tracker.tasks.scan_deadlines",
        # every day at 08:00 Beijing time
        {"minute": "0", "hour": "8", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"},
        DAY - 600,
    ),
    "每周汇总": (
        "tracker.tasks.send_weekly_digests",
        # every Monday at 09:00 Beijing time
        {"minute": "0", "hour": "9", "day_of_week": "1", "day_of_month": "*", "month_of_year": "*"},
        7 * DAY - 600,
    ),
    "每日生成周期任务": (
        "tracker.tasks.generate_recurring_assignments",
        # every day at 06:30 Beijing time, before the deadline scan
        {
            "minute": "30",
            "hour": "6",
            "day_of_week": "*",
            "day_of_month": "*",
            "month_of_year": "*",
        },
        DAY - 600,
    ),
    "每周起草督查通报": (
        "tracker.tasks.draft_weekly_bulletin",
        # every Monday at 09:00 Beijing time: last week's draft, for the supervisor to issue
        {"minute": "0", "hour": "9", "day_of_week": "1", "day_of_month": "*", "month_of_year": "*"},
        7 * DAY - 600,
    ),
    "提醒补扫与邮件重试": (
        "tracker.tasks.watch_reminders",
        # every 15 minutes: today's scan if its tick was lost, and unsent email retries
        {
            "minute": "*/15",
            "hour": "*",
            "day_of_week": "*",
            "day_of_month": "*",
            "month_of_year": "*",
        },
        14 * 60,
    ),
    REQUEUE_SWEEP: (
        "tracker.tasks.requeue_unstarted_work",
        # every 10 minutes: work accepted while the broker was down is queued again
        {
            "minute": "*/10",
            "hour": "*",
            "day_of_week": "*",
            "day_of_month": "*",
            "month_of_year": "*",
        },
        9 * 60,
    ),
}


class Command(BaseCommand):
    help = (
        "创建定时任务（到期扫描、每周汇总、周期任务、每周督查通报）；已存在的不覆盖，后台修改保留。"
    )

    def handle(self, *args, **options):
        for name, (task, fields, expires) in SCHEDULES.items():
            crontab, _ = CrontabSchedule.objects.get_or_create(timezone=TIME_ZONE, **fields)
            _, created = PeriodicTask.objects.get_or_create(
                name=name,
                defaults={"task": task, "crontab": crontab, "expire_seconds": expires},
            )
            self.stdout.write(f"{'已创建' if created else '已存在'}：{name}（{task}）")
