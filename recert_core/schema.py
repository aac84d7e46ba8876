"""What a rules file must look like, so that a regional office's typo fails with the file and key named.

A validator takes a raw TOML value and the key path where it stands, and returns the value as
the engine uses it, or raises `RulesError`. `PARAMETERS` is the one registry of parameters:
each name with its unit, the file it lives in and the shape of its value.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .model import COMPONENTS, FEE_STATUSES, DateTemplate, RulesError

Validator = Callable[[Any, str], Any]

# Sane bounds: a value beyond them is a typo (an extra zero, a year where hours belong).
MOST_HOURS = Decimal(200)
MOST_DOLLARS = Decimal(10_000)
MOST_PERCENT = Decimal(100)
TOPICS = ("airway", "cardiology", "trauma", "medical", "operations")


@dataclass
class RulesFile:
    """The file being read, so that every error can name it."""

    name: str

    def error(self, key: str, problem: str) -> RulesError:
        return RulesError(f"{self.name}: {key}: {problem}")


def describe(value: Any) -> str:
    kind = {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list", dict: "a table"}
    return f"{kind.get(type(value), type(value).__name__)} ({value!r})"


class Schema:
    """Validators that name `file` in their errors."""

    def __init__(self, file: RulesFile) -> None:
        self.file = file

    def number(self, value: Any, key: str, most: Decimal | None = None) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.file.error(key, f"expected a number, found {describe(value)}")
        if isinstance(value, float) and not math.isfinite(value):
            raise self.file.error(key, f"expected a number, found {value!r}")
        if value < 0:
            raise self.file.error(key, f"expected a number of at least 0, found {value!r}")
        if most is not None and value > most:
            raise self.file.error(key, f"{value!r} is more than {most}: a typo?")
        return Decimal(str(value))

    def hours(self, value: Any, key: str) -> Fraction:
        """Hours, exact (12.5 is 25/2): hours are compared and summed without rounding."""
        return Fraction(self.number(value, key, MOST_HOURS))

    def dollars(self, value: Any, key: str) -> Decimal:
        return self.number(value, key, MOST_DOLLARS)

    def percent(self, value: Any, key: str) -> Decimal:
        return self.number(value, key, MOST_PERCENT)

    def cap(self, value: Any, key: str) -> Fraction | None:
        """A limit in hours, or "all" for no limit beyond the component's hours."""
        if value == "all":
            return None
        if isinstance(value, str):
            raise self.file.error(key, f'expected a number of hours or "all", found {value!r}')
        return self.hours(value, key)

    def text(self, value: Any, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.file.error(key, f"expected text, found {describe(value)}")
        return value.strip()

    def year(self, value: Any, key: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 1990 <= value <= 2100:
            raise self.file.error(key, f"expected a year such as 2024, found {describe(value)}")
        return value

    def iso_date(self, value: Any, key: str) -> date:
        if isinstance(value, date):  # TOML's own date: as_of = 2026-11-22
            return value
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            raise self.file.error(key, f"expected a date such as 2026-11-22, found {describe(value)}") from None

    _PHONE = re.compile(r"\d{3}-\d{3}-\d{4}")
    _EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.IGNORECASE)
    _WEB = re.compile(r"(https?://)?[a-z0-9.-]+\.[a-z]{2,}(/\S*)?", re.IGNORECASE)

    def phone(self, value: Any, key: str) -> str:
        text = self.text(value, key)
        if not self._PHONE.fullmatch(text):
            raise self.file.error(key, f"expected a phone number written 555-555-0100, found {text!r}")
        return text

    def email(self, value: Any, key: str) -> str:
        text = self.text(value, key)
        if not self._EMAIL.fullmatch(text):
            raise self.file.error(key, f"expected an email address, found {text!r}")
        return text

    def website(self, value: Any, key: str) -> str:
        text = self.text(value, key)
        if not self._WEB.fullmatch(text):
            raise self.file.error(key, f"expected a web address such as https://www.nremt.org, found {text!r}")
        return text

    _DATE = re.compile(r"Y(?P<offset>[+-]\d)?-(?P<month>\d{2})(?:-(?P<day>\d{2}))?")

    def date_template(self, value: Any, key: str) -> DateTemplate:
        match = self._DATE.fullmatch(value) if isinstance(value, str) else None
        if not match:
            raise self.file.error(key, f'expected a date such as "Y-03-31" or "Y-1-10-01", found {describe(value)}')
        offset = int(match["offset"] or 0)
        month, day = int(match["month"]), int(match["day"]) if match["day"] else None
        try:
            date(2023, month, day or 1)  # a common year: February 29 is no deadline
        except ValueError:
            raise self.file.error(key, f"{value!r} is not a date in every year") from None
        return DateTemplate(value, offset, month, day)

    def table(self, fields: Mapping[str, Validator], optional: tuple[str, ...] = ()) -> Validator:
        def check(value: Any, key: str) -> dict[str, Any]:
            if not isinstance(value, dict):
                raise self.file.error(key or "(top level)", f"expected a table, found {describe(value)}")
            unknown = sorted(set(value) - set(fields))
            if unknown:
                raise self.file.error(
                    f"{key}.{unknown[0]}".lstrip("."), f"unknown key; expected one of {', '.join(fields)}"
                )
            missing = [name for name in fields if name not in value and name not in optional]
            if missing:
                raise self.file.error(f"{key}.{missing[0]}".lstrip("."), "missing")
            return {name: fields[name](value[name], f"{key}.{name}".lstrip(".")) for name in fields if name in value}

        return check

    def table_of(self, inner: Validator, what: str = "entries") -> Validator:
        """A table whose keys are ids chosen by the file (sources, levels, regions)."""

        def check(value: Any, key: str) -> dict[str, Any]:
            if not isinstance(value, dict):
                raise self.file.error(key, f"expected a table of {what}, found {describe(value)}")
            if not value:
                raise self.file.error(key, f"expected at least one of {what}")
            return {name: inner(body, f"{key}.{name}") for name, body in value.items()}

        return check

    def list_of(self, inner: Validator) -> Validator:
        def check(value: Any, key: str) -> tuple[Any, ...]:
            if not isinstance(value, list):
                raise self.file.error(key, f"expected a list, found {describe(value)}")
            return tuple(inner(item, f"{key}[{i}]") for i, item in enumerate(value))

        return check

    CONTACT_WAYS = ("phone", "email", "website")

    def contact(self, value: Any, key: str) -> dict[str, Any]:
        fields = {
            "name": self.text,
            "phone": self.phone,
            "email": self.email,
            "website": self.website,
            "label": self.text,
            "given_by": self.table_of(self.text, "fields"),
        }
        contact = self.table(fields, optional=("phone", "email", "website", "label", "given_by"))(value, key)
        if not set(self.CONTACT_WAYS) & set(contact):
            raise self.file.error(key, "give at least one of phone, email or website")
        for field in contact.get("given_by", {}):
            if field not in contact or field in ("given_by", "label"):
                raise self.file.error(f"{key}.given_by.{field}", "not a field of this contact")
        return contact


@dataclass(frozen=True)
class ParameterSpec:
    """A parameter the engine knows: its unit, the file it lives in, and the shape of its value."""

    file: str
    unit: str
    value: Callable[[Schema, tuple[str, ...]], Validator]  # (schema, level ids) -> validator


def _per_level(schema: Schema, levels: tuple[str, ...], inner: Validator) -> Validator:
    return schema.table(dict.fromkeys(levels, inner))


def _hours(schema: Schema, levels: tuple[str, ...]) -> Validator:
    return _per_level(schema, levels, schema.table(dict.fromkeys(COMPONENTS, schema.hours)))


def _caps(schema: Schema, levels: tuple[str, ...]) -> Validator:
    return _per_level(schema, levels, schema.table(dict.fromkeys((*COMPONENTS, "total"), schema.cap)))


def _topics(schema: Schema, levels: tuple[str, ...]) -> Validator:
    return _per_level(schema, levels, schema.table(dict.fromkeys(TOPICS, schema.hours)))


def _schemes(schema: Schema, _levels: tuple[str, ...]) -> Validator:
    codes = schema.list_of(schema.text)
    scheme = schema.table({"name": schema.text, "distributive": codes, "not_distributive": codes})
    return schema.table({"oems": scheme, "capce": scheme})


def _profile_fee(schema: Schema, levels: tuple[str, ...]) -> Validator:
    return _per_level(schema, levels, schema.table(dict.fromkeys(FEE_STATUSES, schema.dollars)))


WHO = ("nremt", "ma_only", "affiliated", "unaffiliated")  # whom a step applies to: all of those listed


def _steps(schema: Schema, _levels: tuple[str, ...]) -> Validator:
    def who(value: Any, key: str) -> str:
        if value not in WHO:
            raise schema.file.error(key, f"expected one of {', '.join(WHO)}, found {describe(value)}")
        return value

    names = schema.list_of(schema.text)  # parameter names, checked once every file is read
    step = schema.table(
        {
            "id": schema.text,
            "title": schema.text,
            "detail": schema.text,
            "who": schema.list_of(who),
            "deadline": schema.text,
            "deadline_label": schema.text,
            "fees": names,
            "contacts": names,
            "provisional": schema.text,
        },
        optional=("who", "deadline", "deadline_label", "fees", "contacts", "provisional"),
    )
    return schema.list_of(step)


def _text(schema: Schema, _levels: tuple[str, ...]) -> Validator:
    return schema.text


def _date(schema: Schema, _levels: tuple[str, ...]) -> Validator:
    return schema.date_template


def _usd(schema: Schema, _levels: tuple[str, ...]) -> Validator:
    return schema.dollars


def _percent(schema: Schema, _levels: tuple[str, ...]) -> Validator:
    return schema.percent


def _contact(schema: Schema, _levels: tuple[str, ...]) -> Validator:
    return schema.contact


def _words(schema: Schema, _levels: tuple[str, ...]) -> Validator:
    """A table of named sentences (a process's wording), each one text."""

    def check(value: Any, key: str) -> dict[str, str]:
        return schema.table_of(schema.text, "sentences")(value, key)

    return check


PARAMETERS: dict[str, ParameterSpec] = {
    "component_hours": ParameterSpec("requirements.toml", "hours", _hours),
    "distributive_limits": ParameterSpec("requirements.toml", "hours", _caps),
    "approval_schemes": ParameterSpec("requirements.toml", "schemes", _schemes),
    "national_topics": ParameterSpec("requirements.toml", "hours", _topics),
    "national_pediatric": ParameterSpec("requirements.toml", "percent", _percent),
    "special_credit": ParameterSpec("requirements.toml", "text", _text),
    "window_start": ParameterSpec("dates.toml", "date", _date),
    "window_end": ParameterSpec("dates.toml", "date", _date),
    "expiration": ParameterSpec("dates.toml", "date", _date),
    "nremt_expiration": ParameterSpec("dates.toml", "date", _date),
    "expiration_rule": ParameterSpec("dates.toml", "text", _text),
    "portal_opens": ParameterSpec("dates.toml", "date", _date),
    "recommended_submission": ParameterSpec("dates.toml", "date", _date),
    "last_day_without_late_fee": ParameterSpec("dates.toml", "date", _date),
    "last_day_with_late_fee": ParameterSpec("dates.toml", "date", _date),
    "instructor_examiner_deadline": ParameterSpec("dates.toml", "date", _date),
    "alignment_recommended": ParameterSpec("dates.toml", "date", _date),
    "alignment_late_deadline": ParameterSpec("dates.toml", "date", _date),
    "training_profile_fee": ParameterSpec("fees.toml", "usd", _profile_fee),
    "state_fee": ParameterSpec("fees.toml", "usd", _usd),
    "late_fee": ParameterSpec("fees.toml", "usd", _usd),
    "card_surcharge": ParameterSpec("fees.toml", "percent", _percent),
    "returned_payment_fee": ParameterSpec("fees.toml", "usd", _usd),
    "alignment_fee": ParameterSpec("fees.toml", "usd", _usd),
    "alignment_late_fee": ParameterSpec("fees.toml", "usd", _usd),
    "steps": ParameterSpec("process.toml", "steps", _steps),
    "alignment": ParameterSpec("process.toml", "words", _words),
    "alignment_not_yet_due": ParameterSpec("process.toml", "text", _text),
    "nremt_help": ParameterSpec("contacts.toml", "contact", _contact),
    "oems_help": ParameterSpec("contacts.toml", "contact", _contact),
    "licensing_help": ParameterSpec("contacts.toml", "contact", _contact),
    "licensing_portal": ParameterSpec("contacts.toml", "contact", _contact),
    "recert_start": ParameterSpec("contacts.toml", "contact", _contact),
    "instructor_form": ParameterSpec("contacts.toml", "contact", _contact),
    "examiner_form": ParameterSpec("contacts.toml", "contact", _contact),
}
PARAMETER_FILES = tuple(dict.fromkeys(spec.file for spec in PARAMETERS.values()))
UNITS = frozenset(spec.unit for spec in PARAMETERS.values())
