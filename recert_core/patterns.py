"""Regular expressions compiled when first used, not when their module is imported.

Compiling a pattern is Python code (the `re` module's parser and compiler), and the checker's
start-up in the browser runs it on WebAssembly that is not yet optimised: the package's 40-odd
patterns cost about as much as a tenth of its import there. `regex()` stands for `re.compile()` at
module level; the browser's worker compiles them all (`compile_all()`) just after it has answered
"ready", before it keeps its memory snapshot, so no check waits for them.
"""

from __future__ import annotations

import re
from typing import cast

# What a compiled pattern is asked for; each is looked up on the pattern itself once it is compiled.
_ATTRIBUTES = (
    "match",
    "fullmatch",
    "search",
    "sub",
    "subn",
    "split",
    "findall",
    "finditer",
    "pattern",
    "flags",
    "groups",
    "groupindex",
)
_MADE: list[_Lazy] = []


class _Lazy:
    """A pattern's source and flags until first used; then its compiled methods, as attributes."""

    def __init__(self, source: str, flags: int) -> None:
        self._source, self._flags = source, flags

    def compile(self) -> re.Pattern[str]:
        compiled = re.compile(self._source, self._flags)
        for name in _ATTRIBUTES:
            setattr(self, name, getattr(compiled, name))
        return compiled

    def __getattr__(self, name: str) -> object:  # only while not compiled: afterwards found directly
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.compile(), name)

    def __repr__(self) -> str:
        return f"regex({self._source!r}, {self._flags!r})"


def regex(source: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """`re.compile(source, flags)`, compiled when first used."""
    lazy = _Lazy(source, int(flags))
    _MADE.append(lazy)
    return cast("re.Pattern[str]", lazy)


def compile_all() -> None:
    """Compiles every pattern made so far (the worker's, before its snapshot)."""
    for lazy in _MADE:
        if "match" not in vars(lazy):
            lazy.compile()
