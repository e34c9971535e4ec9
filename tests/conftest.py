import pytest

from tests.factories import UnitFactory, UserFactory
from tracker.models import Unit, User


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


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
