import pytest
from django.core.management import call_command

from demo.management.commands import show_setup


def test_sqlite_line_says_it_is_used_whenever_database_url_is_unset(tmp_path):
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "x.sqlite3"}
    line = show_setup.database_line(sqlite)
    assert str(tmp_path / "x.sqlite3") in line and "未设置 DATABASE_URL 时总是用它" in line


@pytest.mark.django_db
def test_start_up_summary_names_port_database_broker_and_demo_passwords(settings, capsys):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/10"
    settings.LUOSHI_SITE_URL = "http://127.0.0.1:8123"
    call_command("seed_demo")
    capsys.readouterr()
    call_command("show_setup", "--port", "8123")
    lines = capsys.readouterr().out.splitlines()
    assert "  访问地址：http://127.0.0.1:8123/" in lines
    assert any(line.startswith("  数据库：PostgreSQL") for line in lines)
    assert any("127.0.0.1:6379/10" in line and "可用" in line for line in lines)
    assert "  提醒邮件中的链接：http://127.0.0.1:8123/" in lines
    assert any(
        line.startswith("  演示账号和密码：") and "demo-accounts.txt" in line for line in lines
    )
