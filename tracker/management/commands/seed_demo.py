from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from tracker.services.demo import seed_demo_directory
from tracker.services.demo_ledger import seed_demo_ledger


class Command(BaseCommand):
    help = "Seed the fictional demo county 澜川区 with units, demo accounts and demo work."

    def handle(self, *args, **options):
        accounts = seed_demo_directory(password=settings.LUOSHI_DEMO_PASSWORD)
        new_accounts = [account for account in accounts if account.password]
        ledger = seed_demo_ledger(now=timezone.now())
        if ledger.created:
            self.stdout.write(f"演示讲话已导入并审核：《{ledger.speech.title}》")
        if new_accounts:
            self.stdout.write("演示账号（密码只显示这一次，请妥善保存）：")
            for account in new_accounts:
                unit = f"（{account.unit_name}）" if account.unit_name else ""
                self.stdout.write(
                    f"  {account.role_label}{unit}  用户名 {account.username}"
                    f"  密码 {account.password}"
                )
        else:
            self.stdout.write("演示数据已存在，未做改动。")
