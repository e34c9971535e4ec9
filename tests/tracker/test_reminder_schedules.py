"""setup_schedules: the beat schedules exist once, in Beijing time, and admin edits survive."""

from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from tracker.services.reminders.scan import scheduled_scan_hour


def test_setup_schedules_creates_the_jobs_once_and_keeps_admin_edits(db):
    call_command("setup_schedules")
    tasks = {t.name: t for t in PeriodicTask.objects.select_related("crontab")}
    scan = tasks["每日到期扫描"]
    assert scan.task == "tracker.tasks.scan_deadlines"
    assert (scan.crontab.hour, scan.crontab.minute, str(scan.crontab.timezone)) == (
        "8",
        "0",
        "Asia/Shanghai",
    )
    assert 0 < scan.expire_seconds < 24 * 3600
    digest = tasks["每周汇总"]
    assert (digest.crontab.day_of_week, digest.crontab.hour) == ("1", "9")
    assert tasks["每日生成周期任务"].task == "tracker.tasks.generate_recurring_assignments"
    watch = tasks["提醒补扫与邮件重试"]
    assert (watch.task, watch.crontab.minute) == ("tracker.tasks.watch_reminders", "*/15")
    assert scheduled_scan_hour() == 8
    bulletin = tasks["每周起草督查通报"]
    assert bulletin.task == "tracker.tasks.draft_weekly_bulletin"
    assert (bulletin.crontab.day_of_week, bulletin.crontab.hour, bulletin.crontab.minute) == (
        "1",
        "9",
        "0",
    )

    scan.enabled = False
    scan.save()
    call_command("setup_schedules")
    assert PeriodicTask.objects.filter(name__in=tasks).count() == len(tasks)
    assert PeriodicTask.objects.get(name="每日到期扫描").enabled is False
