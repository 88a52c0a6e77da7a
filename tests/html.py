"""Reading rendered pages in tests."""

import re
from html.parser import HTMLParser

# The site's own scripts, each loaded from /static/ with `defer` (base.html and a few pages).
OWN_SCRIPT = re.compile(r'<script src="/static/(?:kakehashi/site|opportunities/detect-language|opportunities/kind-fields)\.js" defer></script>')


def without_own_scripts(html: str) -> str:
    """The page without the site's own <script> tags: what is left must hold no script."""
    return OWN_SCRIPT.sub("", html)


class Tags(HTMLParser):
    """Every real tag of an HTML fragment and its attributes (escaped text does not count)."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
