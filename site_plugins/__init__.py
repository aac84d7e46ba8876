"""The MkDocs plugin that renders the guidance pages from recert_core."""
