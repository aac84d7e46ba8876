"""The data files shipped inside the package (the rules, the codes catalogue, the reading vocabulary),
read from beside the module that owns them. The wheel installs them as plain files, on CPython and in
the browser's Pyodide alike; reading them with `open` keeps `importlib.resources` (and the pathlib,
tempfile and urllib it imports) out of the checker's start."""

from __future__ import annotations

import os


def beside(module_file: str, name: str) -> str:
    """The path of `name` in the folder of the module whose `__file__` is `module_file`."""
    return os.path.join(os.path.dirname(os.path.abspath(module_file)), name)


def read_beside(module_file: str, name: str) -> bytes:
    """The bytes of the data file `name` shipped beside the module whose `__file__` is `module_file`."""
    with open(beside(module_file, name), "rb") as file:
        return file.read()
