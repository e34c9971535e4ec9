"""Liveness of what Luoshi depends on, reported by /healthz."""

from django.conf import settings
from django.db import DatabaseError, connection

from config.celery import app as celery_app
from config.celery import broker_description


def database_status() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return {"ok": False, "vendor": connection.vendor, "error": str(exc)[:200]}
    return {"ok": True, "vendor": connection.vendor}


def broker_status(*, timeout: float = 2.0) -> dict:
    """Connect to the Celery broker once; a broker that is down is reported, never raised."""
    url = settings.CELERY_BROKER_URL
    status = {"url": broker_description(url)}
    try:
        with celery_app.connection_for_write(url) as conn:
            conn.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0, timeout=timeout
            )
            conn.default_channel  # noqa: B018 - opening the channel proves the transport works
    except Exception as exc:  # kombu raises transport-specific errors; all mean "down"
        return {**status, "ok": False, "error": f"{type(exc).__name__}: {exc}"[:200]}
    return {**status, "ok": True}
