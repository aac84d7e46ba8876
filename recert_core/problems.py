"""What the checker can find about a row or a file: one catalogue of codes, and the `Problem` value.

The catalogue is data (`codes.toml` beside this module): each code has an effect on its row
(reject, unverified, skip, note, result), the column it is about, a title and a description. The
documentation page of result codes is rendered from it, and a code used in the code but missing
from the catalogue fails at once (`kind()` raises KeyError), so the two cannot drift apart.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

EFFECTS = ("reject", "unverified", "skip", "note", "result")


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
    raw = tomllib.loads((resources.files(__package__) / "codes.toml").read_text(encoding="utf-8"))["codes"]
    kinds = {code: Kind(code=code, **body) for code, body in raw.items()}
    bad = [k.code for k in kinds.values() if k.effect not in EFFECTS]
    if bad:
        raise ValueError(f"codes.toml: codes.{bad[0]}.effect: expected one of {', '.join(EFFECTS)}")
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

    @property
    def blocking(self) -> bool:
        return self.effect == "reject"
