"""@mentions in posts and comments.

Markdown is rendered and sanitised first (`core.markdown.render_markdown`); then the text
nodes of that safe HTML, outside links and code, have each `@handle` of a member replaced
by a link to the member's page. The inserted markup is built from a handle ([a-z0-9_]) and
a number only, and the result passes the sanitiser once more, so a mention cannot inject
markup. The links in the stored HTML are the record of who was mentioned: the fan-out reads
them back with `mentioned_ids`.
"""

import re
from html.parser import HTMLParser
from typing import cast

import nh3
from django.urls import reverse

from kakehashi.accounts import people
from kakehashi.core import markdown

# Not after a letter, digit, @ or ., so e-mail addresses and URLs are not mentions.
MENTION = re.compile(r"(?<![A-Za-z0-9_@./\-])@([A-Za-z0-9_]{3,30})(?![A-Za-z0-9_])")
MEMBER_PATH = re.compile(r"/members/(\d+)/$")  # the end of community:member; only our links have class="mention"
SKIP = {"a", "code", "pre"}


def handles_in(text: str) -> set[str]:
    return {m.lower() for m in MENTION.findall(text)}


def _members_by_handle(handles: set[str]) -> dict[str, int]:
    """handle → id of active members who may be mentioned (approved, or staff)."""
    if not handles:
        return {}
    rows = people.approved_members().filter(handle__in=handles)
    return cast(dict[str, int], dict(rows.values_list("handle", "pk")))  # filtered by handle: never None


class _Linker(HTMLParser):
    def __init__(self, members: dict[str, int]) -> None:
        super().__init__(convert_charrefs=False)
        self.members = members
        self.out: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in SKIP:
            self.skip += 1
        self.out.append(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP and self.skip:
            self.skip -= 1
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(data if self.skip else MENTION.sub(self._link, data))

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def _link(self, match: re.Match) -> str:
        handle = match.group(1).lower()
        member = self.members.get(handle)
        if member is None:
            return match.group(0)
        return f'<a class="mention" href="{reverse("community:member", args=[member])}">@{handle}</a>'


def link_mentions(html: str) -> str:
    """Safe HTML with each `@handle` of a member turned into a link to their page."""
    members = _members_by_handle(handles_in(html))
    if not members:
        return html
    linker = _Linker(members)
    linker.feed(html)
    linker.close()
    return nh3.clean(
        "".join(linker.out),
        tags=markdown.ALLOWED_TAGS,
        attributes=markdown.ALLOWED_ATTRIBUTES,
        allowed_classes={"a": {"mention"}},
        url_schemes=markdown.URL_SCHEMES,
        link_rel="nofollow noopener noreferrer ugc",
        strip_comments=True,
    )


def render(source: str) -> str:
    """Markdown → sanitised HTML with mention links: what posts and comments store."""
    return link_mentions(markdown.render_markdown(source))


class _MentionReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[int] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag != "a":
            return
        values = dict(attrs)
        found = MEMBER_PATH.search(values.get("href") or "")
        if found and "mention" in (values.get("class") or "").split():
            self.ids.add(int(found.group(1)))


def mentioned_ids(html: str) -> set[int]:
    """Ids of the members a stored body mentions (its mention links)."""
    if 'class="mention"' not in html:
        return set()
    reader = _MentionReader()
    reader.feed(html)
    reader.close()
    return reader.ids
