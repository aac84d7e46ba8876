"""Every link the site's Markdown makes goes through `recert_core.links.safe_href`.

The templates escape every value from the rules data as HTML, but Markdown in a value still makes a
link: a rule's text with `[here](javascript:...)` in it would be a link on every page showing it. This
Markdown extension, added by the plugin to every page, looks at each link and image the Markdown made
and keeps its address only where `safe_href` allows it: a link that may not be one is left as its text.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown  # type: ignore[import-untyped]  # no stubs in the lock
from markdown.treeprocessors import Treeprocessor  # type: ignore[import-untyped]
from markdown.util import AMP_SUBSTITUTE, ETX, STX  # type: ignore[import-untyped]

from recert_core.links import safe_href

ADDRESSES = {"a": "href", "img": "src"}
STASHED = re.compile(re.escape(STX) + r"wzxhzdk:(\d+)" + re.escape(ETX))  # markdown.util.HTML_PLACEHOLDER


class LinkPolicy(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            attribute = ADDRESSES.get(element.tag)
            if attribute is None or attribute not in element.attrib:
                continue
            # Decide on what the browser will read: the address as written to the page (Markdown keeps
            # some of its characters aside until then, "&" among them), its character references
            # decoded ("java&#115;cript:"). An address that still holds a reference after that is
            # refused, since writing it back would be read anew.
            seen = html.unescape(self.written(element.attrib[attribute]))
            href = safe_href(seen)
            if href is None or html.unescape(href) != href or STASHED.search(href):
                refused(element)
            else:
                element.attrib[attribute] = href

    def written(self, value: str) -> str:
        """The value with Markdown's placeholders replaced by what they stand for."""
        stash = self.md.htmlStash.rawHtmlBlocks
        restore = lambda m: str(stash[int(m[1])]) if int(m[1]) < len(stash) else m[0]  # noqa: E731
        return re.sub(STASHED.pattern, restore, value.replace(AMP_SUBSTITUTE, "&"))


def refused(element: etree.Element) -> None:
    """A link that may not be one becomes its text; an image, its description (a <span> either way)."""
    alt = element.attrib.get("alt", "") if element.tag == "img" else None
    element.tag = "span"
    element.attrib.clear()
    if alt is not None:
        element.text = alt


class LinkPolicyExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After every processor that makes links (inline patterns at 20), before the table of contents.
        md.treeprocessors.register(LinkPolicy(md), "recert-link-policy", 15)
