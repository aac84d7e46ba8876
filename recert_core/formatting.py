"""How dates, hours, money and "days left" are written: one place, so every page and report agrees."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)  # not strftime("%B"): that follows the locale


def day_text(when: date) -> str:
    """March 31, 2024."""
    return f"{_MONTHS[when.month - 1]} {when.day}, {when.year}"


def month_text(when: date) -> str:
    """March 2024, for a date whose source gives only the month."""
    return f"{_MONTHS[when.month - 1]} {when.year}"


def hours_text(value: Decimal | None) -> str:
    """12.5 h; None (no limit) reads "no limit"."""
    if value is None:
        return "no limit"
    return f"{value.normalize():f} h"


def money(value: Decimal, unit: str) -> str:
    """$125, $62.50, or 2.35% for a percentage."""
    if unit == "percent":
        return f"{value.normalize():f}%"
    return f"${value:,.2f}" if value != value.to_integral_value() else f"${value:,.0f}"


def days_left(when: date, today: date) -> int:
    return (when - today).days


def days_left_text(when: date, today: date) -> str:
    """(today)", " (3 days left)", " (passed 2 days ago)": after a date, in parentheses."""
    left = days_left(when, today)
    if left == 0:
        return " (today)"
    if left > 0:
        return f" ({left} day{'s' if left != 1 else ''} left)"
    return f" (passed {-left} day{'s' if left != -1 else ''} ago)"


def runs(numbers: list[int]) -> list[list[int]]:
    """Consecutive numbers grouped: [2, 3, 4, 7] -> [[2, 3, 4], [7]] (for "lines 2 to 4" or "2016-2018")."""
    grouped: list[list[int]] = []
    for number in sorted(set(numbers)):
        if grouped and number == grouped[-1][-1] + 1:
            grouped[-1].append(number)
        else:
            grouped.append([number])
    return grouped
