"""The Celery app. Broker and options come from Django settings (CELERY_* names)."""

import logging
import os

from celery import Celery
from celery.signals import celeryd_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("luoshi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


def broker_description(url: str) -> str:
    """The broker in words, without credentials, for start-up lines and /healthz."""
    from django.conf import settings

    if url.startswith("filesystem://"):
        return f"filesystem ({settings.BROKER_DIR})"
    return app.connection_for_write(url).as_uri()  # kombu masks the password


@celeryd_init.connect
def _announce_broker(**_kwargs) -> None:
    logger.warning("Celery broker in use: %s", broker_description(app.conf.broker_url))


def _ensure_filesystem_broker_folders() -> None:
    from django.conf import settings

    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
            os.makedirs(settings.CELERY_BROKER_TRANSPORT_OPTIONS[key], exist_ok=True)


@app.on_after_configure.connect
def _prepare_broker(**_kwargs) -> None:
    _ensure_filesystem_broker_folders()


def enqueue_on_commit(task_name: str, **kwargs) -> None:
    """Send a task by name once the current transaction commits; never fail the caller.

    A broker that is down must not break a web request: the error is logged, and every job
    Luoshi enqueues is idempotent and re-queued by a later run or a button.
    """
    from django.db import transaction

    def send() -> None:
        try:
            app.send_task(task_name, kwargs=kwargs)
        except Exception:  # kombu raises transport-specific errors; all mean "not sent"
            logger.exception("could not enqueue %s(%s): broker unavailable", task_name, kwargs)

    transaction.on_commit(send)
