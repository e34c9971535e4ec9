"""gunicorn settings (``gunicorn -c python:config.gunicorn config.wsgi``, as in the Procfile).

The access log keeps the standard combined format, with secret-bearing paths redacted (a
calendar feed's token is a credential). Long work never runs in a request (uploads are parsed
and ledgers built by the Celery worker), so ``timeout`` is only a safety net.
"""

import os

from gunicorn.glogging import Logger

from lib.redaction import redact

bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_WORKERS", "3"))
timeout = 30
graceful_timeout = 30
accesslog = "-"


class RedactingLogger(Logger):
    """gunicorn's logger whose access-log atoms (request line, path, query, referer, headers)
    have secrets redacted."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()
        }


logger_class = RedactingLogger
