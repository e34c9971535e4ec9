"""Spreadsheet text that stays text (formula injection, OWASP "CSV injection").

A cell whose text starts with = + - @ (or a tab or carriage return) is a formula to Excel and
WPS as soon as it is stored as one or re-entered by a user: a unit named ``=HYPERLINK(…)`` would
become a live link in its own ledger. Writers store every text as a string, and give the texts
``looks_like_formula`` flags Excel's quote prefix, so they show as typed and stay text when a
user edits the cell.
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    """True for text a spreadsheet would read as a formula."""
    return text.startswith(FORMULA_TRIGGERS)
