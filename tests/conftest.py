import os
from datetime import timedelta

import pytest
import time_machine
from django.conf import global_settings
from django.utils import timezone

from directory.models import Unit, User
from tests.factories import UnitFactory, UserFactory


def pytest_addoption(parser):
    parser.addoption(
        "--shift-clock-days",
        type=int,
        default=int(os.environ.get("LUOSHI_TEST_SHIFT_CLOCK_DAYS", "0") or 0),
        help="run with the wall clock moved this many days forward (code we do not own included): "
        "a test that passes only on the day it was written fails here",
    )


def pytest_configure(config):
    days = config.getoption("--shift-clock-days")
    if days:
        traveller = time_machine.travel(timezone.now() + timedelta(days=days), tick=True)
        traveller.start()
        config.add_cleanup(traveller.stop)


def pytest_report_header(config):
    days = config.getoption("--shift-clock-days")
    return f"clock shifted {days} days forward: now {timezone.now():%Y-%m-%d}" if days else None


@pytest.fixture
def real_password_hasher(settings):
    """Login lock-out and password changes run on the production hasher, not the fast one."""
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture
def district(db) -> Unit:
    return UnitFactory(name="测试区", kind=Unit.Kind.DISTRICT)


@pytest.fixture
def town_a(district) -> Unit:
    return UnitFactory(name="甲镇", kind=Unit.Kind.TOWNSHIP, parent=district)


@pytest.fixture
def town_b(district) -> Unit:
    return UnitFactory(name="乙镇", kind=Unit.Kind.TOWNSHIP, parent=district)


@pytest.fixture
def supervisor(db) -> User:
    return UserFactory(username="supervisor", role=User.Role.SUPERVISOR, is_staff=True)


@pytest.fixture
def admin_user(db) -> User:
    return UserFactory(username="admin", role=User.Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def leader(db) -> User:
    return UserFactory(username="leader", role=User.Role.LEADER)


@pytest.fixture
def town_a_staff(town_a) -> User:
    return UserFactory(username="town_a_staff", role=User.Role.UNIT_STAFF, unit=town_a)


@pytest.fixture
def town_a_leader(town_a) -> User:
    return UserFactory(username="town_a_leader", role=User.Role.UNIT_LEADER, unit=town_a)


@pytest.fixture
def town_b_staff(town_b) -> User:
    return UserFactory(username="town_b_staff", role=User.Role.UNIT_STAFF, unit=town_b)
