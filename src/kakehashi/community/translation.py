"""The community's translatable texts, registered with `kakehashi.translations`.

| source | fields | who may read it | versions by people |
|---|---|---|---|
| `post` | title, body (Markdown) | `queries.posts_visible_to` | its author, the secretariat |
| `comment` | body (Markdown) | readers of its post; not removed; hidden ones staff only | none: machine only |

A translated body is rendered and sanitised exactly as the original (`core.markdown`).
The desk offers published, visible posts, ranked for a language by their followers who read
in it (a pinned post counts ten more).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kakehashi.core.language import detect_language
from kakehashi.core.markdown import render_markdown
from kakehashi.translations import queries as translations
from kakehashi.translations.sources import Source, register

from . import queries
from .models import Comment, Post, PostFollow
from .search import post_changed


def _readable_comment(viewer: Any, pk: int) -> Comment | None:
    comment = Comment.objects.select_related("post").filter(pk=pk, deleted_at=None).first()
    if comment is None or not queries.can_see(viewer, comment.post):
        return None
    if comment.hidden_at is not None and not getattr(viewer, "is_staff", False):
        return None
    return comment


def _reach(ids: list[int], language: str) -> dict[int, int]:
    followers = dict(
        PostFollow.objects.filter(post_id__in=ids, active=True, user__language=language)
        .values_list("post_id").annotate(n=Count("id")).values_list("post_id", "n")
    )
    pinned = set(Post.objects.filter(pk__in=ids, pinned=True).values_list("pk", flat=True))
    return {pk: followers.get(pk, 0) + (10 if pk in pinned else 0) for pk in ids}


def register_sources() -> None:
    register(Source(
        name="post", label=_("Post"), fields=("title", "body"), multiline=("body",),
        texts=lambda p: (p.language, {"title": p.title, "body": p.body}),
        readable=lambda viewer, pk: queries.posts_visible_to(viewer).filter(pk=pk).first(),
        url=lambda p: p.get_absolute_url(),
        can_author=lambda user, p: p.author_id is not None and p.author_id == user.pk,
        desk=lambda: Post.objects.filter(published_at__lte=timezone.now(), hidden_at=None).order_by("-pinned", "-published_at"),
        reach=_reach, desk_key=lambda p: (int(p.pinned), p.published_at), lookup=lambda slug: Post.objects.filter(slug=slug).first(),
        on_version=post_changed,
    ))
    register(Source(
        name="comment", label=_("Comment"), fields=("body",),
        texts=lambda c: (detect_language(c.body), {"body": c.body}),
        readable=_readable_comment,
        url=lambda c: f"{c.post.get_absolute_url()}#comment-{c.pk}",
    ))


def for_post_page(request: Any, post: Post, comments: list[Comment]) -> dict[str, Any]:
    """The post and its comments as the reader sees them (`comment.shown`, `comment.shown_html`)."""
    post_shown = translations.shown_one(request, "post", post)
    every = [c for top in comments for c in (top, *top.replies.all())]
    translations.attach(request, "comment", every)
    for comment in every:
        shown: Any = comment.shown  # type: ignore[attr-defined]
        comment.shown_html = render_markdown(shown["body"]) if shown.translated else comment.body_html  # type: ignore[attr-defined]
    return {"shown": post_shown, "shown_body_html": render_markdown(post_shown["body"]) if post_shown.translated else post.body_html}
