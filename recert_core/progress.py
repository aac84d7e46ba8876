"""A progress line for long command-line runs: on a terminal only, redrawn in place, cleared at the end.

The line says what `describe()` gives (the command line's own words), redrawn every `interval` seconds
by a background thread, the first time after one interval (a quick run shows nothing). Anything but a
terminal (a pipe, a file, a test's capture, CI) gets nothing at all: the line is for a person watching.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

INTERVAL = 1.0  # seconds between redraws
CLEAR = "\r\x1b[K"  # back to the line's start, and erase to its end


def is_terminal(stream: TextIO | None) -> bool:
    """Whether the stream is a terminal (a closed or detached stream is not)."""
    try:
        return stream is not None and stream.isatty()
    except (OSError, ValueError):
        return False


class Progress:
    """One line on `stream` while a `with` block runs, when the stream is a terminal; else nothing."""

    def __init__(self, stream: TextIO | None, interval: float | None = None) -> None:
        self.stream = stream if is_terminal(stream) else None
        self.interval = INTERVAL if interval is None else interval
        self.describe: Callable[[], str] = lambda: ""
        self._shown = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def active(self) -> bool:
        return self.stream is not None

    def __enter__(self) -> Progress:
        if self.active:
            self._thread = threading.Thread(target=self._run, name="recert-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.clear()

    def clear(self) -> None:
        """Erase the line, if shown (before anything else is written to the same terminal)."""
        with self._lock:
            if self._shown:
                self._write(CLEAR)
                self._shown = False

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                text = self.describe()
            except Exception:  # a progress line is never worth stopping a check for
                text = ""
            if not text:  # nothing to say now: no line left standing either
                self.clear()
                continue
            with self._lock:
                self._write("\r" + text[: self._width()] + "\x1b[K")
                self._shown = True

    def _width(self) -> int:
        """The terminal's width less one (a line that wraps cannot be drawn over); 79 if unknown."""
        try:
            columns = os.get_terminal_size(self.stream.fileno() if self.stream else -1).columns
        except (OSError, ValueError, AttributeError):
            columns = 0
        return max(columns - 1, 10) if columns else 79  # a terminal whose size is unset says 0

    def _write(self, text: str) -> None:
        if self.stream is None:
            return
        with contextlib.suppress(OSError, ValueError):  # stderr gone: the check goes on regardless
            self.stream.write(text)
            self.stream.flush()
