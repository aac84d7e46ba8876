"""Everything the checker says to a person: one catalogue of codes and sentences, and the `Problem` value.

The catalogue is data, in two files beside this module:

- `codes.toml`, one table per finding the checker can report about a row or a file: its effect on the
  row (reject, unverified, skip, note, result), the column it is about, a title and a description
  (the documentation page of result codes is rendered from them), what to do about it, and the
  sentence the report says, as a template (`message`, and `[codes.<code>.messages]` for its
  variants: the same finding said of a different case);
- `sentences.toml`, every other sentence a person reads (the verdict, the roster's headline, the
  command line's hints, the page's wording), one template per key, grouped in tables by who says it;
  a value "@other.key" is that key's sentence (the page saying what the report says, written once).

Code never writes a sentence: it names a code or a key and gives the values (`say`, `sentence`), so a
sentence is changed in one place, tests pin codes and values rather than English, and a code or key
used in the code but missing from the catalogue fails at once (KeyError). A broken catalogue is a
`DataError` naming the file and the key, as every data file's is.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .files import read_beside

EFFECTS = ("reject", "unverified", "skip", "note", "result")
CATALOGUE = "codes.toml"
SENTENCES = "sentences.toml"
SAME_AS = "@"  # a sentence that is another key's, word for word: "@report.hours.no-limit"
RESERVED = frozenset({"column", "detail"})  # say()'s keywords, never a template's placeholder


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
    messages: Mapping[str, str] = field(default_factory=dict)  # variant ("" the usual one) -> template


@cache
def catalogue() -> dict[str, Kind]:
    """Every result code, in the catalogue's order."""
    return read_catalogue(read_beside(__file__, CATALOGUE))


def _load(data: bytes, name: str) -> dict[str, Any]:
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as failed:
        raise DataError(f"{name}: not UTF-8 text ({failed.reason} at byte {failed.start})") from None
    except tomllib.TOMLDecodeError as failed:
        raise DataError(f"{name}: not valid TOML: {failed}") from None


def fields_of(template: str) -> frozenset[str]:
    """The names a template's {placeholders} take ("{a} and {b!r}" -> {"a", "b"})."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name is not None)


def _template(name: str, key: str, text: object) -> str:
    """A template, checked: text whose placeholders are all names ("{count}", never "{}" or "{0}")."""
    if not isinstance(text, str) or not text.strip():
        raise DataError(f"{name}: {key}: expected a sentence, found {text!r}")
    try:
        names = fields_of(text)
    except ValueError as failed:
        raise DataError(f"{name}: {key}: not a template ({failed})") from None
    bad = sorted(n for n in names if not n.isidentifier())
    if bad:
        raise DataError(f"{name}: {key}: a placeholder must be a name, found {{{bad[0]}}}")
    return text


def read_catalogue(data: bytes) -> dict[str, Kind]:
    """The catalogue from the bytes of a codes.toml; DataError naming the key for anything amiss."""

    def error(key: str, problem: str) -> DataError:
        return DataError(f"{CATALOGUE}: {key}: {problem}")

    raw = _load(data, CATALOGUE)
    codes = raw.get("codes")
    if set(raw) != {"codes"} or not isinstance(codes, dict) or not codes:
        raise error("codes", "expected one table [codes.<code>] per code, and nothing else")
    fields = ("effect", "column", "title", "description", "fix", "message", "messages")
    texts, optional = ("effect", "column", "title", "description", "fix"), ("fix", "message", "messages")
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
        wrong = [name for name in texts if name in body and not isinstance(body[name], str)]
        if wrong:
            raise error(f"{key}.{wrong[0]}", f"expected text, found {body[wrong[0]]!r}")
        if body["effect"] not in EFFECTS:
            raise error(f"{key}.effect", f"expected one of {', '.join(EFFECTS)}, found {body['effect']!r}")
        if not body["title"].strip() or not body["description"].strip():
            raise error(key, "a title and a description are needed")
        variants = body.pop("messages", {})
        if not isinstance(variants, dict):
            raise error(f"{key}.messages", "expected a table of variant = template")
        messages = {v: _template(CATALOGUE, f"{key}.messages.{v}", t) for v, t in variants.items()}
        if "message" in body:
            if "" in messages:
                raise error(f"{key}.messages", 'the usual sentence is `message`, not a variant named ""')
            messages[""] = _template(CATALOGUE, f"{key}.message", body.pop("message"))
        for variant, text in messages.items():
            reserved = sorted(fields_of(text) & RESERVED)
            if reserved:  # say()'s own keywords: a template cannot be given them
                where = f"{key}.messages.{variant}" if variant else f"{key}.message"
                raise error(where, f"{{{reserved[0]}}} is say()'s own keyword; name the value otherwise")
        kinds[code] = Kind(code=code, messages=messages, **body)
    return kinds


@cache
def sentences() -> dict[str, str]:
    """Every sentence that is not a finding's, by its dotted key ("report.met"), in the file's order."""
    return read_sentences(read_beside(__file__, SENTENCES))


def read_sentences(data: bytes) -> dict[str, str]:
    """The sentences from the bytes of a sentences.toml: tables of key = template, nested as deep as
    the file likes; DataError naming the key for anything amiss."""
    found: dict[str, str] = {}

    def walk(table: Mapping[str, Any], prefix: str) -> None:
        for key, value in table.items():
            dotted = f"{prefix}{key}"
            if isinstance(value, dict):
                walk(value, f"{dotted}.")
            else:
                found[dotted] = _template(SENTENCES, dotted, value)

    walk(_load(data, SENTENCES), "")
    if not found:
        raise DataError(f"{SENTENCES}: no sentences")
    written = dict(found)
    for key, text in written.items():  # "@report.hours.no-limit": the same sentence, said once, under another key
        if text.startswith(SAME_AS):
            target = written.get(text[len(SAME_AS) :])
            if target is None or target.startswith(SAME_AS):
                raise DataError(f"{SENTENCES}: {key}: {text} names no sentence (a sentence's key, not another @)")
            found[key] = target
    return found


def kind(code: str) -> Kind:
    return catalogue()[code]


def sentence(key: str, /, **values: object) -> str:
    """The sentence under `key` in sentences.toml, its placeholders filled in from `values`."""
    return sentences()[key].format_map(values)


class Group(Mapping[str, str]):
    """Every sentence under a table, by its key within it (`group("page")["met"]`), or only the keys
    named, in their order. Read from the catalogue when first asked for, not when made: a module may
    keep one from its import without reading sentences.toml then (the checker's start does not need
    it; the worker reads it just after "ready", before its snapshot)."""

    __slots__ = ("_keys", "_prefix", "_texts")

    def __init__(self, prefix: str, keys: tuple[str, ...] | None = None) -> None:
        self._prefix, self._keys = prefix, keys
        self._texts: dict[str, str] | None = None

    def _read(self) -> dict[str, str]:
        if self._texts is None:
            cut, start = len(self._prefix) + 1, self._prefix + "."
            found = {key[cut:]: text for key, text in sentences().items() if key.startswith(start)}
            if self._keys is not None:
                missing = [key for key in self._keys if key not in found]
                if missing:
                    raise DataError(f"{SENTENCES}: no sentence {start}{missing[0]}")
                found = {key: found[key] for key in self._keys}
            self._texts = found
        return self._texts

    def __getitem__(self, key: str) -> str:
        return self._read()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys) if self._keys is not None else iter(self._read())

    def __len__(self) -> int:
        return len(self._keys) if self._keys is not None else len(self._read())

    def __contains__(self, key: object) -> bool:
        return key in self._keys if self._keys is not None else key in self._read()


@cache
def group(prefix: str, keys: tuple[str, ...] | None = None) -> Group:
    """Every sentence under a table, by its key within it (`group("page")` -> {"met": ...}), or only
    `keys`, in that order: for wording handed on as data, such as the page's. Read when first used,
    once."""
    return Group(prefix, keys)


def say(
    code: str,
    variant: str = "",
    /,
    *,
    column: str = "",
    detail: tuple[tuple[str, str], ...] = (),
    **values: object,
) -> Problem:
    """The finding `code` (in its `variant`'s words), its sentence filled in from `values`: the one way
    code reports a finding. `column` and `detail` are the Problem's."""
    text = kind(code).messages[variant].format_map(values)
    return Problem(code, text, column, detail, tuple((name, str(value)) for name, value in values.items()))


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding about one row (or the file): a catalogue code and a sentence a person understands.

    `column` is the field it is about; by default the catalogue's column for the code. `detail` is what
    a program needs beyond the sentence, as (key, value) pairs written beside it in the JSON (a date
    order note's file, order and what settled it, for the page's "read them the other way"). `values`
    are what its sentence was filled in with (the cell's text, a line number), for tests and programs
    that want the facts rather than the English.
    """

    code: str
    message: str
    column: str = ""
    detail: tuple[tuple[str, str], ...] = ()
    values: tuple[tuple[str, str], ...] = ()

    @property
    def effect(self) -> str:
        return kind(self.code).effect

    @property
    def field(self) -> str:
        return self.column or kind(self.code).column

    def value(self, name: str) -> str:
        """The value its sentence was filled in with under `name` (KeyError if none)."""
        return dict(self.values)[name]
