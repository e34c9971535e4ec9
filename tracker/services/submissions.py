"""One submission, one record: a form that creates something a unit is told of (a 批示, a 督办单)
carries a key made when the form was shown. Submitting it again (a double click, the browser
sending the form twice) gives back what the first submission made and changes nothing: no
second record, no second number, no second notice."""

import uuid
from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, models

KEY_PATTERN = r"^[0-9a-f]{32}$"
Record = TypeVar("Record", bound=models.Model)


def new_key() -> str:
    return uuid.uuid4().hex


def made_by(model: type[Record], key: str) -> Record | None:
    """The record an earlier submission of ``key`` made, if any (no key: none)."""
    return model.objects.filter(submission_key=key).first() if key else None


def once(model: type[Record], key: str, create: Callable[[], Record]) -> Record:
    """``create()`` (an atomic service storing ``key`` on its record) unless a submission of
    ``key`` made the record already. A twin sent at the same moment loses on the unique key:
    its transaction rolls back whole and it gets the winner's record."""
    done = made_by(model, key)
    if done is not None:
        return done
    try:
        return create()
    except IntegrityError:
        done = made_by(model, key)
        if done is None:
            raise
        return done
