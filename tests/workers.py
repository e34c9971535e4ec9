"""A real Celery worker in a thread of the test process, and polling for what it does."""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from celery.contrib.testing.worker import start_worker

from config.celery import app as celery_app


@contextmanager
def running_worker() -> Iterator[None]:
    """A solo-pool worker consuming the configured (real) broker until the block ends."""
    celery_app.loader.import_default_modules()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
        yield


def wait_for(predicate: Callable[[], object], *, timeout: float = 90.0, what: str = "condition"):
    """Poll ``predicate`` until it is true; fail the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} not reached within {timeout:.0f} s")
