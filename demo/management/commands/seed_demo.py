from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from demo.county import (
    SeededAccount,
    accounts_file,
    reset_demo_passwords,
    seed_demo_directory,
)
from demo.ledger import seed_demo_ledger


class Command(BaseCommand):
    help = "Seed the fictional demo county 澜川区 with units, demo accounts and demo work."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="give every demo account a new password and print it (LUOSHI_DEMO_PASSWORD "
            "if set, else random)",
        )

    def handle(self, *args, reset_passwords=False, **options):
        accounts = seed_demo_directory(password=settings.LUOSHI_DEMO_PASSWORD)
        new_accounts = [account for account in accounts if account.password]
        ledger = seed_demo_ledger(now=timezone.now())
        if ledger.created:
            self.stdout.write(f"演示讲话已导入并审核：《{ledger.speech.title}》")
        if reset_passwords:
            new_accounts = reset_demo_passwords(password=settings.LUOSHI_DEMO_PASSWORD)
            self.stdout.write("演示账号密码已重置：")
        elif new_accounts:
            self.stdout.write("演示账号：")
        else:
            self.stdout.write(
                "演示数据已存在，未做改动。重新生成演示账号密码：python manage.py seed_demo "
                "--reset-passwords"
            )
            return
        lines = [_account_line(account) for account in new_accounts]
        for line in lines:
            self.stdout.write(line)
        path = accounts_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            "落实演示账号（演示环境专用）\n" + "\n".join(lines) + "\n", encoding="utf-8"
        )
        path.chmod(0o600)
        self.stdout.write(f"以上账号和密码已保存在 {path}（仅本机当前用户可读）")


def _account_line(account: SeededAccount) -> str:
    unit = f"（{account.unit_name}）" if account.unit_name else ""
    return f"  {account.role_label}{unit}  用户名 {account.username}  密码 {account.password}"
