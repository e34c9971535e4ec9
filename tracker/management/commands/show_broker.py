from django.core.management.base import BaseCommand

from tracker.services import health


class Command(BaseCommand):
    help = "Print which Celery broker is configured and whether it answers."

    def handle(self, *args, **options):
        status = health.broker_status()
        state = "可用" if status["ok"] else f"不可用（{status.get('error', '')}）"
        self.stdout.write(f"Celery 消息队列：{status['url']} — {state}")
