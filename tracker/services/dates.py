"""Dates written the way officials write them, for notices and the ledger (no Django)."""

from datetime import date


def chinese_date(day: date) -> str:
    """2026年11月25日."""
    return f"{day.year}年{day.month}月{day.day}日"
