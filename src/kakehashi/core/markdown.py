"""Member-written markdown to safe HTML: markdown-it-py renders, nh3 (ammonia) sanitises.

Raw HTML in the source is not rendered (markdown-it's `html` option is off) and the output
passes an allow-list sanitiser anyway, so a `<script>`, an `onerror=` or a `javascript:`
link can never reach a page.
"""

from functools import lru_cache

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
