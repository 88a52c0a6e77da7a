"""Guides: community posts of kind "guide" (ease of doing business, business culture, visas
and residence, setting up a company), read through the community's permission rules
(`community.queries.posts_visible_to`: drafts and members-only guides as for any post),
grouped by topic and searched with the post search restricted to guides."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.people import Viewer
from kakehashi.community import queries as community
from kakehashi.community.models import Post
from kakehashi.community.search import rank_posts

OTHER = ""  # guides written without a topic


@dataclass
class Group:
    topic: str
    label: Any
    guides: list[Post] = field(default_factory=list)


def guides_visible_to(viewer: Viewer) -> QuerySet[Post]:
    return community.posts_visible_to(viewer).filter(kind=Post.Kind.GUIDE)


def find(viewer: Viewer, q: str = "") -> list[Post]:
    """The guides the viewer may read: newest first, or the relevant ones best first for `q`
    (in any language; the post collection's cut-off)."""
    guides = guides_visible_to(viewer)
    if not q:
        return list(guides.order_by("-published_at", "-id"))
    ranked = [pk for pk, _score in rank_posts(q, guides, limit=100)]
    by_id = guides.in_bulk(ranked)
    return [by_id[pk] for pk in ranked if pk in by_id]


def grouped(guides: list[Post]) -> list[Group]:
    """The guides by topic, in the topics' order (the order of `guides` within a topic), then
    those without one; empty groups left out."""
    groups = {value: Group(value, label) for value, label in Post.Topic.choices}
    groups[OTHER] = Group(OTHER, _("Other guides"))
    for guide in guides:
        groups.get(guide.topic, groups[OTHER]).guides.append(guide)
    return [g for g in groups.values() if g.guides]
