"""Permission-checked reads of the community."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core import signing
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kakehashi.accounts import people
from kakehashi.accounts.people import Viewer, is_approved_member, is_signed_in

from . import tokens, viewcounts
from .models import Comment, Notification, Post, PostFollow, Tag, TagFollow

if TYPE_CHECKING:
    from kakehashi.accounts.models import User


def posts_visible_to(user: Viewer) -> QuerySet[Post]:
    """Published posts the person may read; staff also see drafts and scheduled posts,
    authors their own."""
    qs = Post.objects.select_related("author", "organisation").prefetch_related("tags")
    if getattr(user, "is_staff", False):
        return qs
    visible = Q(published_at__lte=timezone.now(), hidden_at=None)
    if not is_approved_member(user):
        visible &= Q(visibility=Post.Visibility.PUBLIC)
    if getattr(user, "is_authenticated", False):
        visible |= Q(author=user)
    return qs.filter(visible)


def post_for(user: Viewer, slug: str) -> Post:
    post = posts_visible_to(user).filter(slug=slug).first() if "\x00" not in slug else None
    if post is None:
        raise Http404
    return post


def can_see(user: Viewer, post: Post) -> bool:
    return posts_visible_to(user).filter(pk=post.pk).exists()


def can_comment(user: Viewer, post: Post) -> bool:
    return is_approved_member(user) and post.is_published and not post.comments_closed


def _top_level(post: Post) -> QuerySet[Comment]:
    return post.comments.filter(parent=None).order_by("created_at", "id")


def thread(post: Post) -> list[Comment]:
    """Top-level comments in order, each with its replies prefetched."""
    replies = Comment.objects.select_related("author").order_by("created_at", "id")
    return list(_top_level(post).select_related("author").prefetch_related(Prefetch("replies", queryset=replies)))


def thread_page(post: Post, number: Any) -> Page:
    """One page of `COMMENTS_PER_PAGE` top-level comments, oldest first, each with all its
    replies (prefetched); an out-of-range or malformed number gives the nearest page."""
    replies = Comment.objects.select_related("author").order_by("created_at", "id")
    top = _top_level(post).select_related("author").prefetch_related(Prefetch("replies", queryset=replies))
    return Paginator(top, settings.COMMENTS_PER_PAGE).get_page(number)


def comment_page_number(comment: Comment) -> int:
    """The page of its post that shows `comment` (a reply is on its top-level comment's page)."""
    root = comment
    while root.parent_id is not None:
        root = Comment.objects.only("id", "parent_id", "created_at", "post_id").get(pk=root.parent_id)
    before = (
        Comment.objects.filter(post_id=root.post_id, parent=None)
        .filter(Q(created_at__lt=root.created_at) | Q(created_at=root.created_at, id__lt=root.pk))
        .count()
    )
    return before // settings.COMMENTS_PER_PAGE + 1


def comment_url(post: Post, comment: Comment) -> str:
    """The post page that shows `comment`, with its anchor."""
    number = comment_page_number(comment)
    page = f"?page={number}" if number > 1 else ""
    return f"{post.get_absolute_url()}{page}#comment-{comment.pk}"


def comment_for(user: Viewer, comment_id: int) -> Comment:
    comment = Comment.objects.select_related("post", "author").filter(pk=comment_id).first()
    if comment is None or not can_see(user, comment.post):
        raise Http404
    return comment


def comment_to_act_on(user: Viewer, comment_id: int) -> Comment:
    """A comment the viewer may reply to or flag: one they can see that is neither removed nor,
    for anyone but staff, hidden while staff review it."""
    comment = comment_for(user, comment_id)
    if comment.deleted_at is not None or (comment.hidden_at is not None and not user.is_staff):
        raise Http404
    return comment


def is_following(user: Viewer, post: Post) -> bool:
    return bool(user.is_authenticated and post.follows.filter(user=user, active=True).exists())


def notifications_of(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("post", "comment", "actor")


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at=None).count()


def engagement(post: Post) -> dict[str, int]:
    """Views, comments (not removed) and active followers of a post: for staff."""
    viewcounts.flush()
    return {
        "views": Post.objects.filter(pk=post.pk).values_list("view_count", flat=True).get(),
        "comments": post.comments.filter(deleted_at=None).count(),
        "followers": post.follows.filter(active=True).count(),
    }


def engagement_table() -> QuerySet[Post]:
    """Every post with its figures, for the staff overview."""
    viewcounts.flush()
    return Post.objects.annotate(
        comment_total=Count("comments", filter=Q(comments__deleted_at=None), distinct=True),
        follower_total=Count("follows", filter=Q(follows__active=True), distinct=True),
    ).order_by("-published_at", "-id")


# --- follows and settings ---------------------------------------------------------------------


def tag_for(slug: str) -> Tag:
    # A slug never holds NUL (and PostgreSQL refuses it in a query): not found.
    tag = Tag.objects.filter(slug=slug).first() if "\x00" not in slug else None
    if tag is None:
        raise Http404
    return tag


def tag_follow_level(user: Viewer, tag: Tag) -> str:
    if not is_signed_in(user):
        return TagFollow.Level.OFF
    return TagFollow.objects.filter(user=user, tag=tag).values_list("level", flat=True).first() or TagFollow.Level.OFF


def tag_follows_of(user: User) -> QuerySet[TagFollow]:
    return TagFollow.objects.filter(user=user).select_related("tag").order_by("tag__name")


def post_follows_of(user: User) -> QuerySet[PostFollow]:
    """The posts whose comments the member follows, among those they may still read."""
    return (
        PostFollow.objects.filter(user=user, active=True, post__in=posts_visible_to(user).values("pk"))
        .select_related("post").order_by("-post__published_at", "-post_id")
    )


# --- members --------------------------------------------------------------------------------------


def member_for(viewer: Viewer, user_id: int) -> Any:
    """A member's community page: active and approved (or staff) members only; 404 otherwise.
    The page itself is for approved members (views), so nothing is shown to visitors."""
    member = people.approved_members().filter(pk=user_id).first()
    if member is None:
        raise Http404
    return member


def organisations_of(member: Any) -> list[Any]:
    """The organisations the member acts for (`accounts.people`)."""
    return list(people.organisations_for(member))


def posts_by(viewer: Viewer, member: Any, limit: int = 10) -> list[Post]:
    return list(posts_visible_to(viewer).filter(author=member, published_at__isnull=False)[:limit])


def unsubscribe_scope(token: str) -> str:
    """What a one-click unsubscribe token would switch off ("post", "tag", "tag_comments",
    "reply", "mention"), or "" for a link that is not valid. Changes nothing."""
    try:
        data = tokens.load(token)
    except signing.BadSignature:
        return ""
    if "p" in data:
        return "post"
    if "t" in data:
        return "tag" if data.get("l") == TagFollow.Level.OFF else "tag_comments"
    return str(data["k"]) if data.get("k") in (Notification.Kind.REPLY, Notification.Kind.MENTION) else ""
