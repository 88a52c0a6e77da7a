"""Member-written markdown to safe HTML: markdown-it-py renders, nh3 (ammonia) sanitises.

Raw HTML in the source is not rendered (markdown-it's `html` option is off) and the output
passes an allow-list sanitiser anyway, so a `<script>`, an `onerror=` or a `javascript:`
link can never reach a page.
"""

from collections.abc import Callable
from functools import lru_cache
from html import escape
from html.parser import HTMLParser

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
MAX_SOURCE_CHARS = 50_000


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # "js-default": CommonMark without raw HTML, plus tables and strikethrough; linkify off
    # (it would need linkify-it-py and bare URLs are rare in our texts).
    return MarkdownIt("js-default", {"html": False, "typographer": False}).enable(["table", "strikethrough"])


def render_markdown(source: str) -> str:
    """Safe HTML for `source`. Headings are shifted down (# → h2) to keep the page outline."""
    html = _parser().render(source[:MAX_SOURCE_CHARS])
    for level in (3, 2, 1):  # h1→h2, h2→h3, h3→h4 (h4–h6 become h4 through the allow-list)
        html = html.replace(f"<h{level}>", f"<h{level + 1}>").replace(f"</h{level}>", f"</h{level + 1}>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer ugc",
        strip_comments=True,
    )


# Elements whose text is never annotated: a link's text, code, and what is explained already.
SKIP_ANNOTATING = {"a", "code", "pre", "abbr"}
VOID_TAGS = {"br", "hr", "img", "wbr"}


class _TextNodes(HTMLParser):
    """Re-writes sanitised HTML tag by tag, passing each text node outside SKIP_ANNOTATING to
    `annotate` (which returns escaped HTML) and escaping every other text and attribute value."""

    def __init__(self, annotate: Callable[[str], str]) -> None:
        super().__init__(convert_charrefs=True)
        self.annotate = annotate
        self.out: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        rendered = "".join(f' {name}="{escape(value or "")}"' for name, value in attrs)
        self.out.append(f"<{tag}{rendered}>")
        if tag in SKIP_ANNOTATING:
            self.skipping.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        rendered = "".join(f' {name}="{escape(value or "")}"' for name, value in attrs)
        self.out.append(f"<{tag}{rendered}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        self.out.append(f"</{tag}>")
        if tag in self.skipping:
            while self.skipping and self.skipping.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.out.append(escape(data) if self.skipping else _annotation(self.annotate(data)))


def _annotation(fragment: str) -> str:
    """What an annotator made of one text node, sanitised on its own: text and <abbr title>
    only, so a faulty annotator can add nothing else (and the tags around it, already
    sanitised, keep every attribute they had, e.g. a mention link's class)."""
    return nh3.clean(fragment, tags={"abbr"}, attributes={"abbr": {"title", "class"}}, strip_comments=True)


def annotate_html(html: str, annotate: Callable[[str], str]) -> str:
    """Sanitised HTML (from `render_markdown`) with `annotate(text)` applied to its text nodes
    outside links, code and <abbr>; each annotated node is sanitised on its own with only
    <abbr title> allowed, so a faulty annotator cannot add anything else."""
    walker = _TextNodes(annotate)
    walker.feed(html)
    walker.close()
    return "".join(walker.out)
