import pytest


@pytest.mark.django_db
def test_healthz_reports_database_and_redis_up(client, supervisor):
    client.force_login(supervisor)
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["database"] == {"ok": True, "vendor": "postgresql"}
    assert body["broker"]["ok"] is True
    assert body["broker"]["url"].startswith("redis://")


@pytest.mark.django_db
def test_healthz_reports_a_broker_that_is_down_without_failing(client, settings, supervisor):
    client.force_login(supervisor)
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is False
    assert "127.0.0.1:1" in body["broker"]["url"]


@pytest.mark.django_db
@pytest.mark.parametrize("broker", ["redis://127.0.0.1:6379/15", "redis://127.0.0.1:1/0"])
def test_healthz_tells_anonymous_visitors_only_ok_or_degraded(client, settings, broker):
    settings.CELERY_BROKER_URL = broker
    response = client.get("/healthz")
    assert response.status_code == 200
    assert set(response.json()) == {"status"}
    assert response.json()["status"] in ("ok", "degraded")
    assert "127.0.0.1" not in response.text and "redis" not in response.text


@pytest.mark.django_db
def test_healthz_hides_details_from_unit_staff_too(client, town_a_staff):
    client.force_login(town_a_staff)
    assert set(client.get("/healthz").json()) == {"status"}
