"""Where a link may go: the one rule for every link made from data.

The rules data is edited by regional offices in their forks; a value must never become a link that runs
script (`javascript:`), loads a document (`data:`), or leaves over plain HTTP. A link from data goes to
`https:`, `mailto:` or `tel:` only; `http:` is sent as `https:`, and a bare host name ("massemt.org")
gets `https://`. A link inside the site (a relative address, "#anchor", "../sources/") is kept.

`safe_href` decides; the site's Markdown (site_plugins/links.py, over every page), the pages'
contact links (site_plugins/pages.py) and the renewal plan the checker page draws (`contact_links`,
in recert_core/plan.py's JSON) all ask it.
"""

from __future__ import annotations

import re

from .patterns import regex

ALLOWED_SCHEMES = frozenset({"https", "mailto", "tel"})
# A URL's scheme as browsers read it (WHATWG URL): letters, digits, + - . after a first letter, then ":".
_SCHEME = regex(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
# Browsers drop ASCII tabs and newlines anywhere in a URL, and C0 controls and spaces at either end:
# "java\tscript:" is "javascript:".
_DROPPED = regex(r"[\t\n\r]")
_ENDS = "".join(chr(c) for c in range(0x21))
_HOST = regex(r"[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(:\d+)?([/?#]\S*)?", re.IGNORECASE)


def safe_href(address: str, *, web_address: bool = False) -> str | None:
    """The address a link may have, or None when it may not be a link.

    `web_address`: the value is a web site given in data (a contact's `website`, a source's `url`),
    where "massemt.org" means https://massemt.org; otherwise an address without a scheme is a link
    inside the site and is kept as it is.
    """
    url = _DROPPED.sub("", address).strip(_ENDS)
    scheme = _SCHEME.match(url)
    if scheme is None:
        if url.startswith(("//", "\\\\", "/\\", "\\/")):
            return None  # another host, whatever the page's scheme: not a link inside the site
        if web_address:
            return f"https://{url}" if _HOST.fullmatch(url) else None
        return url
    name = scheme[1].lower()
    rest = url[scheme.end() :]
    if name == "http":
        name = "https"
    if name not in ALLOWED_SCHEMES or not rest:
        return None
    if name == "https" and not _HOST.fullmatch(rest.lstrip("/\\")):
        return None
    return f"{name}:{rest}"


def contact_links(contact: dict[str, str]) -> list[dict[str, str]]:
    """A contact's ways to reach it as links, {"field", "text", "href"}: its email, phone (US) and web
    site, each only where `safe_href` allows it."""
    ways = []
    if contact.get("email"):
        ways.append(("email", contact["email"], safe_href(f"mailto:{contact['email']}")))
    if contact.get("phone"):
        ways.append(("phone", contact["phone"], safe_href(f"tel:+1-{contact['phone']}")))
    if contact.get("website"):
        ways.append(("website", contact["website"], safe_href(contact["website"], web_address=True)))
    return [{"field": field, "text": text, "href": href} for field, text, href in ways if href]
