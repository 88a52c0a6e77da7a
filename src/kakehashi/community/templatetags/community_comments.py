"""`{% comment_html comment %}`: one comment of a thread (community/_comment.html), rendered once
for everyone who sees it alike and then served from the cache (`core.fragments.shared`).

The key lists every value _comment.html reads: a change to that template that reads anything
else must add it here (tests/community/test_comment_cache.py checks the ones that vary)."""

from typing import Any

from django import template
from django.template.loader import get_template
from django.utils.safestring import SafeString

from kakehashi.core import fragments, pagecache

register = template.Library()


def comment_parts(context: template.Context, comment: Any) -> tuple:
    request = context.get("request")
    user: Any = context.get("user")
    author = comment.author
    signed_in = bool(user is not None and user.is_authenticated)
    return (
        # the comment
        comment.pk, comment.parent_id, comment.created_at, comment.edited_at, comment.deleted_at, comment.hidden_at,
        comment.body_html, repr(getattr(comment, "shown", None)), getattr(comment, "shown_html", ""),
        # its author as shown
        comment.author_id, author.get_full_name() if author else "", author.handle if author else "",
        # the viewer's relation to it and to the post
        signed_in, signed_in and comment.author_id == user.pk, bool(signed_in and user.is_staff),
        bool(signed_in and getattr(user, "is_approved", False)), bool(context.get("members_view")),
        bool(context.get("can_comment")), context["post"].slug,
        # where its translation links come back to
        request.path if request is not None else "",
        pagecache.normalised_query(request.META.get("QUERY_STRING", "")) if request is not None else "",
    )


@register.simple_tag(takes_context=True)
def comment_html(context: template.Context, comment: Any) -> SafeString:
    piece = get_template("community/_comment.html").template  # type: ignore[attr-defined]  # the engine's own: it renders with this context

    def render() -> str:
        with context.push(comment=comment):
            return piece.render(context)

    return fragments.shared(context.get("request"), "comment", comment_parts(context, comment), render,
                            lambda: str(context.get("csrf_token") or ""))
