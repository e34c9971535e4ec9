"""The email guarantee is stated as it holds: at most one duplicate, same Message-ID, after a
crash between the mail server's acceptance and the database commit (no "exactly once")."""

from pathlib import Path

import pytest

from tracker.admin import NOTIFICATION_GUARANTEE

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_claims_at_most_one_duplicate_with_the_same_message_id_after_a_crash():
    text = " ".join(README.read_text(encoding="utf-8").split())
    assert "at most one duplicate, with the same Message-ID, after the crash" in text
    assert "each exactly once, in the bell and by email" not in text


@pytest.mark.django_db
def test_the_notification_admin_says_the_same(admin_client):
    page = admin_client.get("/admin/tracker/notification/")
    assert page.status_code == 200
    assert NOTIFICATION_GUARANTEE in page.text
    assert "至多重发一封，Message-ID 相同" in NOTIFICATION_GUARANTEE
