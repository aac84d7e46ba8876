"""The `recert` plugin's options in mkdocs.yml."""

from mkdocs.config import base
from mkdocs.config import config_options as c


class RecertConfig(base.Config):
    enabled = c.Type(bool, default=True)
    # The home region of this copy of the site (1-5): its office is the one to call.
    region = c.Type(int, default=3)
    # A folder of rules TOML files to use instead of the ones shipped in recert_core.
    rules = c.Optional(c.Dir(exists=True))
    # "Today" for what the pages say without JavaScript (YYYY-MM-DD): the cycles renewing now, the
    # checker's default cycle and its sample; default: the build date. With JavaScript, the pages
    # use the reader's own date (assets/now.mjs).
    today = c.Optional(c.Type(str))
    # The installed npm package `pyodide` (relative to mkdocs.yml), whose runtime the checker ships.
    pyodide = c.Type(str, default="node_modules/pyodide")
