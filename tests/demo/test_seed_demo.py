import re
import stat

import pytest
from django.core.management import call_command
from django.db.models import Count

from demo.county import accounts_file
from directory.models import Unit, UnitAlias, User


def _snapshot():
    return (
        list(Unit.objects.order_by("name").values_list("name", "kind", "parent__name")),
        list(UnitAlias.objects.order_by("name").values_list("name", "unit__name")),
        list(User.objects.order_by("username").values_list("username", "role", "password")),
    )


@pytest.mark.django_db
def test_seed_demo_builds_a_county_and_accounts_for_every_role(capsys):
    call_command("seed_demo")
    output = capsys.readouterr().out
    kinds = dict(Unit.objects.values_list("kind").annotate(n=Count("pk")))
    assert kinds[Unit.Kind.TOWNSHIP] + kinds[Unit.Kind.STREET] >= 12
    assert kinds[Unit.Kind.DEPARTMENT] >= 8
    assert kinds[Unit.Kind.VILLAGE] >= 12 and kinds[Unit.Kind.COMMUNITY] >= 4
    assert set(User.objects.values_list("role", flat=True)) == set(User.Role.values)
    assert "密码" in output and "qingshi" in output
    assert UnitAlias.objects.get(name="组织部门").unit.short_name == "区委组织部"


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing(capsys):
    call_command("seed_demo")
    first = _snapshot()
    capsys.readouterr()
    call_command("seed_demo")
    assert _snapshot() == first
    assert "演示数据已存在" in capsys.readouterr().out


def _printed_passwords(output: str) -> dict[str, str]:
    return dict(re.findall(r"用户名 (\S+)  密码 (\S+)", output))


@pytest.mark.django_db
def test_first_seed_keeps_the_printed_passwords_in_a_file_only_its_owner_reads(capsys):
    call_command("seed_demo")
    printed = _printed_passwords(capsys.readouterr().out)
    path = accounts_file()
    assert _printed_passwords(path.read_text(encoding="utf-8")) == printed
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert User.objects.get(username="ducha").check_password(printed["ducha"])


@pytest.mark.django_db
def test_reset_passwords_prints_new_ones_that_log_in_and_old_ones_stop(capsys):
    call_command("seed_demo")
    old = _printed_passwords(capsys.readouterr().out)
    call_command("seed_demo", "--reset-passwords")
    new = _printed_passwords(capsys.readouterr().out)
    assert set(new) == set(old)
    leader = User.objects.get(username="lingdao")
    assert leader.check_password(new["lingdao"]) and not leader.check_password(old["lingdao"])
    assert _printed_passwords(accounts_file().read_text(encoding="utf-8")) == new
