"""Every web error page is the product's own Chinese page: bad requests, CSRF failures, and the
page a reverse proxy shows when gunicorn's timeout killed a worker."""

from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_a_bad_request_gets_the_chinese_400_page(admin_user):
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    response = client.get("/admin/directory/unit/", {"kind": "\x00"})
    assert response.status_code == 400
    assert "请求无效" in response.text and "Bad Request" not in response.text


@pytest.mark.django_db
def test_a_disallowed_host_gets_the_chinese_400_page():
    response = Client(raise_request_exception=False).get(
        "/login/", headers={"host": "evil.example"}
    )
    assert response.status_code == 400
    assert "请求无效" in response.text


@pytest.mark.django_db
def test_a_csrf_failure_gets_the_chinese_403_page(town_a_staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(town_a_staff)
    response = client.post("/logout/")
    assert response.status_code == 403
    assert "页面已过期" in response.text and "CSRF verification failed" not in response.text


def test_the_proxy_page_for_a_killed_worker_is_chinese():
    page = (ROOT / "static" / "errors" / "unavailable.html").read_text(encoding="utf-8")
    assert "系统暂时无法访问" in page and 'lang="zh-CN"' in page
