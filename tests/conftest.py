"""Shared helpers: the fixture folder and a small CSV builder for hand-written transcripts."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
HEADER = "date,title,hours,approval,component,delivery"


def transcript(*rows: str, header: str = HEADER) -> bytes:
    """A transcript file from comma-separated row strings."""
    return ("\n".join((header, *rows)) + "\n").encode("utf-8")


@pytest.fixture
def fixture_bytes():
    return lambda name: (FIXTURES / name).read_bytes()
