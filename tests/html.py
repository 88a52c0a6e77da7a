"""Reading rendered pages in tests."""

import re

# The site's own scripts, each loaded from /static/ with `defer` (base.html and a few pages).
OWN_SCRIPT = re.compile(r'<script src="/static/(?:kakehashi/site|opportunities/detect-language|opportunities/kind-fields)\.js" defer></script>')


def without_own_scripts(html: str) -> str:
    """The page without the site's own <script> tags: what is left must hold no script."""
    return OWN_SCRIPT.sub("", html)
