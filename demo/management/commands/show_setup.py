from django.conf import settings
from django.core.management.base import BaseCommand

from demo.county import accounts_file
from tracker.services import health


def database_line(database: dict) -> str:
    if database["ENGINE"].endswith("sqlite3"):
        return (
            f"数据库：SQLite 文件 {database['NAME']}（未设置 DATABASE_URL 时总是用它；"
            "改用 PostgreSQL：DATABASE_URL=postgres://用户@主机:5432/库名 make run）"
        )
    where = f"{database.get('HOST') or '本机'}:{database.get('PORT') or 5432}/{database['NAME']}"
    return f"数据库：PostgreSQL {where}（来自 DATABASE_URL）"


def broker_line() -> str:
    status = health.broker_status()
    state = "可用" if status["ok"] else f"不可用（{status.get('error', '')}）"
    url = settings.CELERY_BROKER_URL
    if url.startswith("filesystem://"):
        where = "本机文件队列（本机没有可用的 Redis；设置 CELERY_BROKER_URL=redis://… 改用 Redis）"
    else:
        where = f"{status['url']}（CELERY_BROKER_URL）"
    return f"消息队列：{where} — {state}"


class Command(BaseCommand):
    help = "Print, in Chinese on one screen, where Luoshi runs: URL, database, broker, demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, port, **options):
        passwords = accounts_file()
        lines = [
            "落实已启动（Ctrl+C 停止）",
            f"  访问地址：http://127.0.0.1:{port}/",
            f"  {database_line(settings.DATABASES['default'])}",
            f"  {broker_line()}",
            f"  提醒邮件中的链接：{settings.LUOSHI_SITE_URL}/",
            f"  演示账号和密码：{passwords if passwords.exists() else '未保存在本机'}",
            "  重新生成演示密码：.venv/bin/python manage.py seed_demo --reset-passwords",
        ]
        self.stdout.write("\n".join(lines))
