"""A failing database answers with the plain Chinese 500 page, not a traceback or a hang."""

import pytest
from django.db import OperationalError
from django.test import Client

from tracker.views import directory


@pytest.mark.django_db
def test_database_error_shows_the_chinese_error_page(settings, monkeypatch, town_a_staff):
    settings.DEBUG = False

    def broken(**_kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(directory.selectors, "unit_directory", broken)
    client = Client(raise_request_exception=False)
    client.force_login(town_a_staff)

    response = client.get("/units/")

    assert response.status_code == 500
    text = response.content.decode()
    assert "系统暂时无法访问" in text
    assert "您刚才的操作没有保存" in text
    assert "server closed the connection" not in text
    assert "Content-Security-Policy" in response.headers
