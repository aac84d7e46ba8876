"""What the checker can find about a row or a file: one catalogue of codes, and the `Problem` value.

The catalogue is data (`codes.toml` beside this module): each code has an effect on its row
(reject, unverified, skip, note, result), the column it is about, a title and a description. The
documentation page of result codes is rendered from it, and a code used in the code but missing
from the catalogue fails at once (`kind()` raises KeyError), so the two cannot drift apart. A broken
catalogue is a `DataError` naming the file and the key, as every data file's is.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache

from .files import read_beside

EFFECTS = ("reject", "unverified", "skip", "note", "result")
CATALOGUE = "codes.toml"


class DataError(ValueError):
    """A data file shipped with the package (the rules, this catalogue, the reading vocabulary) is missing,
    malformed or inconsistent. The message starts with the file's name and the key."""


@dataclass(frozen=True)
class Kind:
    code: str
    effect: str
    column: str
    title: str
    description: str
    fix: str = ""  # what the user should do, for the report's rows to fix


@cache
def catalogue() -> dict[str, Kind]:
    """Every result code, in the catalogue's order."""
    return read_catalogue(read_beside(__file__, CATALOGUE))


def read_catalogue(data: bytes) -> dict[str, Kind]:
    """The catalogue from the bytes of a codes.toml; DataError naming the key for anything amiss."""

    def error(key: str, problem: str) -> DataError:
        return DataError(f"{CATALOGUE}: {key}: {problem}")

    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as failed:
        raise DataError(f"{CATALOGUE}: not UTF-8 text ({failed.reason} at byte {failed.start})") from None
    except tomllib.TOMLDecodeError as failed:
        raise DataError(f"{CATALOGUE}: not valid TOML: {failed}") from None
    codes = raw.get("codes")
    if set(raw) != {"codes"} or not isinstance(codes, dict) or not codes:
        raise error("codes", "expected one table [codes.<code>] per code, and nothing else")
    fields, optional = ("effect", "column", "title", "description", "fix"), ("fix",)
    kinds = {}
    for code, body in codes.items():
        key = f"codes.{code}"
        if not isinstance(body, dict):
            raise error(key, "expected a table")
        unknown = sorted(set(body) - set(fields))
        if unknown:
            raise error(f"{key}.{unknown[0]}", f"unknown key; expected one of {', '.join(fields)}")
        missing = [name for name in fields if name not in body and name not in optional]
        if missing:
            raise error(f"{key}.{missing[0]}", "missing")
        wrong = [name for name in fields if name in body and not isinstance(body[name], str)]
        if wrong:
            raise error(f"{key}.{wrong[0]}", f"expected text, found {body[wrong[0]]!r}")
        if body["effect"] not in EFFECTS:
            raise error(f"{key}.effect", f"expected one of {', '.join(EFFECTS)}, found {body['effect']!r}")
        if not body["title"].strip() or not body["description"].strip():
            raise error(key, "a title and a description are needed")
        kinds[code] = Kind(code=code, **body)
    return kinds


def kind(code: str) -> Kind:
    return catalogue()[code]


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding about one row (or the file): a catalogue code and a sentence a person understands.

    `column` is the field it is about; by default the catalogue's column for the code. `detail` is what
    a program needs beyond the sentence, as (key, value) pairs written beside it in the JSON (a date
    order note's file, order and what settled it, for the page's "read them the other way").
    """

    code: str
    message: str
    column: str = ""
    detail: tuple[tuple[str, str], ...] = ()

    @property
    def effect(self) -> str:
        return kind(self.code).effect

    @property
    def field(self) -> str:
        return self.column or kind(self.code).column
