"""Calendar tokens never reach a log: gunicorn's access log and Django's request log."""

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.log import configure_logging

from lib.redaction import REDACTED, RedactSecrets, redact
from tracker.services.calendar_feeds import new_token

ROOT = Path(__file__).resolve().parents[2]


def test_redact_blanks_the_token_of_a_feed_path_and_nothing_else():
    token = new_token()
    line = f'127.0.0.1 - - "GET /calendar/{token}.ics?x=1 HTTP/1.1" 200'
    assert redact(line) == f'127.0.0.1 - - "GET /calendar/{REDACTED}.ics?x=1 HTTP/1.1" 200'
    assert redact("POST /calendar/reset/ HTTP/1.1") == "POST /calendar/reset/ HTTP/1.1"
    assert redact("GET /dashboard/?q=x") == "GET /dashboard/?q=x"


@pytest.mark.django_db
def test_djangos_request_log_shows_a_redacted_feed_path(client, caplog):
    token = new_token()
    logger = logging.getLogger("django.request")
    redacting = RedactSecrets()
    logger.addFilter(redacting)  # as LOGGING attaches it to the console handler
    try:
        with caplog.at_level(logging.WARNING, logger="django.request"):
            assert client.get(reverse("tracker:calendar-feed", args=[token])).status_code == 404
    finally:
        logger.removeFilter(redacting)
    assert caplog.records, "the 404 is logged"
    assert token not in caplog.text
    assert f"/calendar/{REDACTED}.ics" in caplog.text


@pytest.mark.parametrize("name", ["django.request", "django.server", "django.security", "celery"])
def test_every_handler_a_request_path_can_reach_redacts_it(settings, name):
    # as Django configures logging at start-up (a worker test may have re-wired it since)
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    logger = logging.getLogger(name)
    handlers = []
    while logger is not None:
        handlers += logger.handlers
        logger = logger.parent if logger.propagate else None
    # pytest's capturing handlers and NullHandlers write nowhere
    writing = [
        handler
        for handler in handlers
        if not isinstance(handler, logging.NullHandler)
        and not type(handler).__module__.startswith("_pytest")
    ]
    assert writing
    for handler in writing:
        assert any(isinstance(f, RedactSecrets) for f in handler.filters), (name, handler)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_access_log_shows_a_redacted_feed_path(tmp_path):
    port = _free_port()
    token = new_token()
    env = {
        **os.environ,
        "PORT": str(port),
        "WEB_WORKERS": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",  # no tables: a 500 is logged too
        "LUOSHI_VAR_DIR": str(tmp_path),
    }
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:config.gunicorn", "config.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}/calendar/{token}.ics"
            deadline = time.monotonic() + 30
            while True:
                try:
                    urllib.request.urlopen(url, timeout=5)
                    break
                except urllib.error.HTTPError:
                    break  # answered (404 or 500): logged
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise
                    time.sleep(0.2)
            time.sleep(0.5)
        finally:
            server.terminate()
            server.wait(timeout=30)
    text = log.read_text()
    assert f"GET /calendar/{REDACTED}.ics HTTP/1.1" in text, text[-2000:]
    assert token not in text
