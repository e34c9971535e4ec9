"""Secrets out of logs: URLs that carry a credential are logged with it blanked.

A calendar feed's token is its password (phone calendars cannot log in), and calendar apps poll
it every few hours, so each poll would write the secret into the access log and, on a 404,
Django's request log. Both loggers pass their lines through ``redact``.
"""

import logging
import re

REDACTED = "[redacted]"
# /calendar/<token>.ics: the token is the credential.
SECRET_IN_PATH = re.compile(r"(/calendar/)(?!reset/)[^/\s?#\"']+(\.ics)")


def redact(text: str) -> str:
    """``text`` with every secret-bearing path's secret replaced by ``REDACTED``."""
    return SECRET_IN_PATH.sub(rf"\g<1>{REDACTED}\g<2>", text)


class RedactSecrets(logging.Filter):
    """A logging filter that rewrites a record's message with ``redact``."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True
