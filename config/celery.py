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
        for key in ("data_folder_in", "data_folder_out", "processed_folder"):
            os.makedirs(settings.CELERY_BROKER_TRANSPORT_OPTIONS[key], exist_ok=True)


@app.on_after_configure.connect
def _prepare_broker(**_kwargs) -> None:
    _ensure_filesystem_broker_folders()
