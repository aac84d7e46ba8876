"""The `recert` plugin's options in mkdocs.yml."""

from mkdocs.config import base
from mkdocs.config import config_options as c


class RecertConfig(base.Config):
    enabled = c.Type(bool, default=True)
    # The home region of this copy of the site (1-5): its office is the one to call.
    region = c.Type(int, default=3)
    # A folder of rules TOML files to use instead of the ones shipped in recert_core.
    rules = c.Optional(c.Dir(exists=True))
    # "Today" for the home page's current cycles (YYYY-MM-DD); default: the build date.
    today = c.Optional(c.Type(str))
    # The installed npm package `pyodide` (relative to mkdocs.yml), whose runtime the checker ships.
    pyodide = c.Type(str, default="node_modules/pyodide")
