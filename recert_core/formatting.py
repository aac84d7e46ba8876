"""How dates, hours, money and "days left" are written: one place, so every page and report agrees."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from functools import lru_cache

from .problems import sentence

Hours = Fraction  # hours are exact everywhere (thirty 20-minute modules are 10 h); rounded only when shown
HUNDREDTH = Decimal("0.01")

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


def shown_hours(value: Fraction | Decimal) -> Decimal:
    """Hours as they are shown (text, JSON numbers): to hundredths, the nearest, except that an amount
    above 0 never shows as 0 (a shortfall of a minute reads 0.01 h, not "0 h"). Only for display:
    sums, comparisons and `met` use the exact value."""
    exact = value if type(value) is Fraction else Fraction(value)
    return _shown(exact.numerator, exact.denominator)


# A report shows the same few amounts on every row (1.5 h, 2 h): each is worked out once.
@lru_cache(maxsize=4096)
def _shown(numerator: int, denominator: int) -> Decimal:
    shown = (Decimal(numerator) / Decimal(denominator)).quantize(HUNDREDTH, rounding=ROUND_HALF_EVEN)
    if shown == 0 and numerator > 0:
        return HUNDREDTH
    return shown


def hours_text(value: Fraction | Decimal | None) -> str:
    """12.5 h; 4/3 reads 1.33 h; None (no limit) reads "no limit"."""
    if value is None:
        return sentence("report.hours.no-limit")
    return sentence("report.hours.hours", hours=f"{shown_hours(value).normalize():f}")


def hours_number(value: Fraction | Decimal | None) -> int | float | None:
    """Hours as a JSON number: 20, not 20.0 or "20"; 1.33 for 4/3 (see `shown_hours`)."""
    if value is None:
        return None
    exact = value if type(value) is Fraction else Fraction(value)
    return _number(exact.numerator, exact.denominator)


@lru_cache(maxsize=4096)
def _number(numerator: int, denominator: int) -> int | float:
    shown = _shown(numerator, denominator)
    return int(shown) if shown == shown.to_integral_value() else float(shown)


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
        return " " + sentence("report.days.today")
    if left > 0:
        return " " + sentence("report.days.one-left" if left == 1 else "report.days.left", days=left)
    return " " + sentence("report.days.one-passed" if left == -1 else "report.days.passed", days=-left)


def runs(numbers: list[int]) -> list[list[int]]:
    """Consecutive numbers grouped: [2, 3, 4, 7] -> [[2, 3, 4], [7]] (for "lines 2 to 4" or "2016-2018")."""
    grouped: list[list[int]] = []
    for number in sorted(set(numbers)):
        if grouped and number == grouped[-1][-1] + 1:
            grouped[-1].append(number)
        else:
            grouped.append([number])
    return grouped
