"""Directive extraction: speech text and a reference date in, trackable directives out.

A pure library (standard library and jieba only, no Django):

    from speeches.extraction import extract
    for d in extract(text, reference_date=date(2024, 3, 5), unit_names=["区委组织部"]):
        d.quote, d.units, d.deadline, d.recurrence
"""

from .model import Directive
from .pipeline import extract

__all__ = ["Directive", "extract"]
