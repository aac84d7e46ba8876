"""The reader's words, as data: `vocabulary.toml` loaded once, checked, and the folding every
comparison of a header or a cell goes through.

A broken vocabulary is named, not a traceback: `VocabularyError` says which key of the file is
wrong, and the site build fails on it (the checker it would ship could not read a file).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping
from functools import cache, lru_cache
from typing import Any

from ..files import read_beside
from ..problems import DataError

FILE = "vocabulary.toml"


class VocabularyError(DataError):
    """The reading vocabulary is malformed. The message names the file and the key."""


# What each part of the file must hold: a list of words, or a table of lists of words.
WORDS, TABLE_OF_WORDS = "words", "table of words"
SHAPE: dict[str, str] = {
    "headers.filler": WORDS,
    "headers.phrases": "table of phrases",
    "headers.forms": TABLE_OF_WORDS,
    "headers.classes": TABLE_OF_WORDS,
    "values.filler": WORDS,
    "values.component": TABLE_OF_WORDS,
    "values.component_phrases": TABLE_OF_WORDS,
    "values.topic": TABLE_OF_WORDS,
    "values.delivery_phrases": TABLE_OF_WORDS,
    "values.delivery": TABLE_OF_WORDS,
    "values.status": TABLE_OF_WORDS,
    "values.current": TABLE_OF_WORDS,
    "values.yes_no": TABLE_OF_WORDS,
    "values.empty.cells": WORDS,
    "values.summary.starts": WORDS,
    "values.summary.ends": WORDS,
    "values.periods.words": WORDS,
    "values.delivery_filler.words": WORDS,
    "values.footer.starts": WORDS,
    "values.organisation.words": WORDS,
    "values.course_words.words": WORDS,
    "values.levels": TABLE_OF_WORDS,
    "values.accreditation": TABLE_OF_WORDS,
    "values.unassigned.cells": WORDS,
    "values.pediatric": TABLE_OF_WORDS,
}
# The classes of header words the reader's rules name (headers.py): each must be in the file.
HEADER_CLASSES = (
    "date",
    "time",
    "not_completion",
    "expires",
    "end",
    "done",
    "hours",
    "minutes",
    "offered",
    "earned",
    "units_only",
    "unsaid",
    "spent",
    "number",
    "approval",
    "cert",
    "holder",
    "person_id",
    "course",
    "title",
    "status",
    "request",
    "current",
    "component",
    "topic",
    "map",
    "accreditation",
    "delivery",
    "live",
    "distributive",
    "level",
    "person",
    "first_name",
    "last_name",
    "others",
    "national",
    "local",
    "individual",
    "shared",
    "pediatric",
)


@cache
def vocabulary() -> dict[str, Any]:
    """The vocabulary file, parsed and checked (VocabularyError naming the key when it is wrong)."""
    text = read_beside(__file__, FILE).decode("utf-8")
    return check_vocabulary(text)


def check_vocabulary(text: str) -> dict[str, Any]:
    """A vocabulary file's text, parsed and checked against SHAPE; VocabularyError names what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise VocabularyError(f"{FILE}: not valid TOML ({error})") from None
    for key, shape in SHAPE.items():
        value: Any = data
        for part in key.split("."):
            if not isinstance(value, Mapping) or part not in value:
                raise VocabularyError(f"{FILE}: {key}: missing")
            value = value[part]
        if shape == WORDS:
            _words(value, key)
        elif shape == TABLE_OF_WORDS:
            if not isinstance(value, Mapping):
                raise VocabularyError(f"{FILE}: {key}: expected a table of word lists")
            for name, words in value.items():
                _words(words, f"{key}.{name}")
        elif not isinstance(value, Mapping) or not all(isinstance(v, str) for v in value.values()):
            raise VocabularyError(f'{FILE}: {key}: expected a table of phrase = "words"')
    for name, words in data["headers"]["classes"].items():
        several = [w for w in words if len(fold(w).split()) > 1]
        if several:  # a class is matched word by word: a phrase there would never match
            raise VocabularyError(
                f"{FILE}: headers.classes.{name}: “{several[0]}” is several words; make it one in headers.phrases"
            )
    missing = [c for c in HEADER_CLASSES if c not in data["headers"]["classes"]]
    if missing:
        raise VocabularyError(f"{FILE}: headers.classes.{missing[0]}: missing")
    return data


def _words(value: Any, key: str) -> None:
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise VocabularyError(f"{FILE}: {key}: expected a list of words in quotes")


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """A header or value as compared: "dateOfCompletion", "Date of\\ncompletion" -> "date of completion";
    "#", "No." (not first) and "Num" read as "number"."""
    if not text.isascii():  # "Título", "Numéro": the letters without their accents, as words
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", text)
    text = text.lower().replace("#", " number ").replace("'", "").replace("\u2019", "")
    words = re.findall(r"[a-z0-9]+", text)
    return " ".join("number" if w in ("no", "num", "nbr", "nr") and i else w for i, w in enumerate(words))


def classes() -> Mapping[str, frozenset[str]]:
    """Header word classes (vocabulary `[headers.classes]`), each folded."""
    return _classes()


@cache
def _classes() -> dict[str, frozenset[str]]:
    return {
        name: frozenset(f for w in words if (f := fold(w)))
        for name, words in vocabulary()["headers"]["classes"].items()
    }


@cache
def forms() -> dict[str, str]:
    """Word forms made one ("hrs" -> "hours", "completed" -> "complete")."""
    return {fold(w): fold(one) for one, words in vocabulary()["headers"]["forms"].items() for w in words}


@cache
def known_words() -> frozenset[str]:
    """Every word a header may be read by: for finding the words of a header whose spaces were lost."""
    words = set(forms()) | set(forms().values())
    for members in _classes().values():
        words |= {w for member in members for w in member.split()}
    words |= {w for phrase in vocabulary()["headers"]["phrases"] for w in fold(phrase).split()}
    words |= set(vocabulary()["headers"]["filler"])
    return frozenset(w for w in words if len(w) > 1)


@lru_cache(maxsize=4096)
def segment(word: str) -> list[str] | None:
    """A word that is several known words run together ("dateofcompletion", "COURSENAME" folded), split
    into the fewest known words; None when it cannot be."""
    known = known_words()
    if word in known or len(word) > 40:
        return None
    best: list[list[str] | None] = [[]] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 16), end):
            head = best[start]
            piece = word[start:end]
            if head is not None and piece in known:
                candidate = [*head, piece]
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    found = best[len(word)]
    return found if found and len(found) > 1 else None
