"""Permission-checked reads of the community."""

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kakehashi.core.permissions import is_approved_member

from .models import Comment, Notification, Post


def posts_visible_to(user: Any) -> QuerySet[Post]:
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


def post_for(user: Any, slug: str) -> Post:
    post = posts_visible_to(user).filter(slug=slug).first()
    if post is None:
        raise Http404
    return post


def can_see(user: Any, post: Post) -> bool:
    return posts_visible_to(user).filter(pk=post.pk).exists()


def can_comment(user: Any, post: Post) -> bool:
    return is_approved_member(user) and post.is_published and not post.comments_closed


def thread(post: Post) -> list[Comment]:
    """Top-level comments in order, each with its replies prefetched."""
    replies = Comment.objects.select_related("author").order_by("created_at", "id")
    return list(
        post.comments.filter(parent=None)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "id")
    )


def comment_for(user: Any, comment_id: int) -> Comment:
    comment = Comment.objects.select_related("post", "author").filter(pk=comment_id).first()
    if comment is None or not can_see(user, comment.post):
        raise Http404
    return comment


def is_following(user: Any, post: Post) -> bool:
    return bool(user.is_authenticated and post.follows.filter(user=user, active=True).exists())


def notifications_of(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("post", "comment", "actor")


def unread_count(user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at=None).count()


def engagement(post: Post) -> dict[str, int]:
    """Views, comments (not removed) and active followers of a post: for staff."""
    return {
        "views": Post.objects.filter(pk=post.pk).values_list("view_count", flat=True).get(),
        "comments": post.comments.filter(deleted_at=None).count(),
        "followers": post.follows.filter(active=True).count(),
    }


def engagement_table() -> QuerySet[Post]:
    """Every post with its figures, for the staff overview."""
    return Post.objects.annotate(
        comment_total=Count("comments", filter=Q(comments__deleted_at=None), distinct=True),
        follower_total=Count("follows", filter=Q(follows__active=True), distinct=True),
    ).order_by("-published_at", "-id")
