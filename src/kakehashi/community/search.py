"""Post search in any language, on the matching engine: the "post" collection.

Every post is embedded (title and text) when written or edited, whatever its visibility:
who may read which post is decided at search time (`queries.posts_visible_to`), so a post
that becomes visible needs no new embedding. `register_collection()` runs in
`CommunityConfig.ready`; a deleted post's vectors go at once (`post_delete`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.db.models.signals import post_delete
from django.utils.html import strip_tags

from kakehashi.matching import queries as matching_queries
from kakehashi.matching import services as matching
from kakehashi.matching.collections import Collection, Document, passages, register
from kakehashi.translations import queries as translations
from kakehashi.translations import services as translation_desk

from . import queries
from .models import Post

COLLECTION = "post"  # stored with every vector: never rename


def post_changed(post_id: int) -> None:
    """Re-embed a post (for cross-language search) and bring its translation-desk entries in
    line, after commit, in tasks."""
    matching.index_document(COLLECTION, post_id)
    translation_desk.item_changed("post", post_id)


def rank_posts(text: str, queryset: QuerySet[Post], limit: int = 100) -> list[tuple[int, float]]:
    """[(post id, score)] best first, among the posts of `queryset` (already permission-filtered):
    only those relevant to the text (the engine's cut-off); none for nonsense."""
    return matching_queries.search(COLLECTION, text, allowed=queryset, limit=limit)


def indexing_progress() -> matching_queries.IndexProgress | None:
    """While some posts have no vectors yet: how many are indexed (None once all are)."""
    progress = matching_queries.index_progress(COLLECTION)
    return None if progress.complete else progress


def document_of(post: Post, versions: Sequence[str] = ()) -> Document:
    """The post for the engine; `versions`, its published translations, are read by search's
    lexical signal (a one-word Japanese query finds an English post through its Japanese version)."""
    body = strip_tags(post.body_html or post.body or "")
    return Document(post.pk, post.language, (f"{post.title}\n{body}", *passages(post.title, body)), tuple(versions))


def fetch(ids: Sequence[int]) -> Iterable[Document]:
    posts = list(Post.objects.filter(pk__in=list(ids)).order_by("pk"))
    versions = translations.version_texts(COLLECTION, [post.pk for post in posts])
    return [document_of(post, versions.get(post.pk, ())) for post in posts]


def live_ids() -> Iterable[int]:
    return Post.objects.values_list("pk", flat=True)


def visible_ids(viewer: Any) -> Iterable[int]:
    return queries.posts_visible_to(viewer).values_list("pk", flat=True)


def _forget_deleted(sender: type[Post], instance: Post, **kwargs: Any) -> None:
    matching.forget(COLLECTION, [instance.pk])


def register_collection() -> None:
    register(Collection(name=COLLECTION, fetch=fetch, live_ids=live_ids, visible_ids=visible_ids))
    post_delete.connect(_forget_deleted, sender=Post, dispatch_uid="community.search.forget_deleted")
