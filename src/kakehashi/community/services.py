"""Every write of the community: posts, comments, follows, notifications, unsubscribing.

Who is notified of what is decided in `fanout.py`, run by tasks after commit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kakehashi.accounts import people
from kakehashi.accounts.people import is_approved_member
from kakehashi.accounts.services import ensure_handle
from kakehashi.core import audit
from kakehashi.core.slugs import unique_slug
from kakehashi.notices import services as notices

from . import tasks, tokens, viewcounts
from .fanout import fan_out_comment, notice_key  # noqa: F401  (fan_out_comment: the tasks' and tests' entry point)
from .mentions import render
from .models import Comment, Notification, NotificationSettings, Post, PostFollow, Tag, TagFollow
from .search import post_changed
from .tokens import unsubscribe_token  # noqa: F401

if TYPE_CHECKING:
    from kakehashi.accounts.models import User

EDIT_WINDOW = dt.timedelta(minutes=15)


@transaction.atomic
def create_post(
    author: User, *, title: str, body: str, language: str, kind: str = Post.Kind.ARTICLE,
    visibility: str = Post.Visibility.PUBLIC, tags: list[str] | None = None, organisation: Any = None,
    published_at: Any = "now", pinned: bool = False, comments_closed: bool = False, topic: str = "",
) -> Post:
    """Write a post; `published_at=None` keeps it a draft, a future time schedules it.
    The author follows their own post."""
    post = Post(
        title=title, slug=unique_slug(Post, title, fallback="post"), body=body, body_html=render(body), language=language,
        kind=kind, topic=topic, visibility=visibility, author=author, organisation=organisation,
        published_at=timezone.now() if published_at == "now" else published_at,
        pinned=pinned, comments_closed=comments_closed,
    )
    post.full_clean()
    post.save()
    post.tags.set(_tags(tags or []))
    PostFollow.objects.create(user=author, post=post)
    ensure_handle(author)
    audit.record(author, "post.created", post)
    _after_publishing(post)
    post_changed(post.pk)
    return post


def _after_publishing(post: Post) -> None:
    """After commit: announce a post that is visible now (scheduled ones are announced by
    the periodic `announce_due_posts`), or tell members an edit newly mentions."""
    if not post.is_published or post.hidden_at is not None:
        return
    if post.announced_at is None:
        transaction.on_commit(lambda: tasks.announce_post.enqueue(post_id=post.pk))
    elif post.announce_done_at is not None:
        transaction.on_commit(lambda: tasks.notify_post_mentions.enqueue(post_id=post.pk))


def _tags(names: list[str]) -> list[Tag]:
    tags = []
    for name in names:
        name = name.strip()[:60]
        if name:
            tags.append(Tag.objects.get_or_create(slug=slugify(name)[:60] or "tag", defaults={"name": name})[0])
    return tags


@transaction.atomic
def update_post(actor: User, post: Post, *, tags: list[str] | None = None, **fields: Any) -> Post:
    """Staff edit a post: text, visibility, schedule (`published_at`), pin, close comments."""
    allowed = {"title", "body", "language", "kind", "topic", "visibility", "organisation", "published_at", "pinned", "comments_closed"}
    if set(fields) - allowed:
        raise ValueError(f"not post fields: {sorted(set(fields) - allowed)}")
    for key, value in fields.items():
        setattr(post, key, value)
    post.body_html = render(post.body)
    post.full_clean()
    post.save()
    if tags is not None:
        post.tags.set(_tags(tags))
    audit.record(actor, "post.updated", post, fields=sorted(fields))
    _after_publishing(post)
    if {"title", "body", "language"} & set(fields):
        post_changed(post.pk)
    return post


@transaction.atomic
def add_comment(author: User, post: Post, *, body: str, parent: Comment | None = None) -> Comment:
    """An approved member comments (or replies: one level, a reply to a reply joins its
    thread). They start following the post unless they switched that off before.
    Notifications are fanned out by a task after commit."""
    if not is_approved_member(author):
        raise PermissionDenied
    if post.comments_closed or not post.is_published:
        raise ValidationError(_("Comments are closed on this post."))
    if not body.strip():
        raise ValidationError({"body": [_("Write something first.")]})
    if parent is not None:
        if parent.post_id != post.pk:
            raise ValidationError(_("That comment belongs to another post."))
        parent = parent.parent or parent
    comment = Comment(post=post, author=author, parent=parent, body=body.strip(), body_html=render(body))
    comment.full_clean()
    comment.save()
    PostFollow.objects.get_or_create(user=author, post=post)
    ensure_handle(author)
    audit.record(author, "comment.created", comment, post=post.pk)
    transaction.on_commit(lambda: _enqueue_fan_out(comment.pk))
    return comment


def _enqueue_fan_out(comment_id: int, *, mentions_only: bool = False) -> None:
    tasks.fan_out_comment.enqueue(comment_id=comment_id, mentions_only=mentions_only)


@transaction.atomic
def edit_comment(user: User, comment: Comment, *, body: str) -> Comment:
    if comment.author_id != user.pk and not user.is_staff:
        raise PermissionDenied
    if comment.is_deleted:
        raise ValidationError(_("This comment was removed."))
    if comment.hidden_at is not None and not user.is_staff:
        raise ValidationError(_("This comment is hidden while staff review it."))
    if not user.is_staff and timezone.now() - comment.created_at > EDIT_WINDOW:
        raise ValidationError(_("Comments can be edited for 15 minutes after posting."))
    if not body.strip():
        raise ValidationError({"body": [_("Write something first.")]})
    comment.body, comment.body_html, comment.edited_at = body.strip(), render(body), timezone.now()
    comment.full_clean()
    comment.save(update_fields=["body", "body_html", "edited_at", "updated_at"])
    audit.record(user, "comment.edited", comment)
    transaction.on_commit(lambda: _enqueue_fan_out(comment.pk, mentions_only=True))  # newly mentioned members
    return comment


@transaction.atomic
def delete_comment(user: User, comment: Comment) -> Comment:
    """Soft delete: the thread keeps a 'comment removed' placeholder."""
    if comment.author_id != user.pk and not user.is_staff:
        raise PermissionDenied
    if comment.is_deleted:
        return comment
    comment.deleted_at = timezone.now()
    comment.body = comment.body_html = ""
    comment.save(update_fields=["deleted_at", "body", "body_html", "updated_at"])
    audit.record(user, "comment.deleted", comment)
    return comment


@transaction.atomic
def set_following(user: User, post: Post, *, active: bool) -> PostFollow:
    follow, _created = PostFollow.objects.update_or_create(user=user, post=post, defaults={"active": active})
    return follow


def record_view(post: Post) -> None:
    """Count a page view (one atomic UPDATE; no row is read; leaves cached pages alone)."""
    viewcounts.record(post)


def record_view_of(slug: str) -> None:
    """Count a view of a post's page served from the visitor cache (viewcounts.py)."""
    viewcounts.record_cached(slug)


def mark_read(user: User, ids: list[int] | None = None) -> int:
    """Mark community notifications read, here and in the notification centre."""
    qs = Notification.objects.filter(recipient=user, read_at=None)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    keys = None if ids is None else [notice_key(p, c) for p, c in qs.values_list("post_id", "comment_id")]
    notices.mark_read(user, kinds=Notification.Kind.values, keys=keys)
    return qs.update(read_at=timezone.now())


# --- tag follows and notification settings -------------------------------------------------


@transaction.atomic
def set_tag_follow(user: User, tag: Tag, *, level: str) -> str:
    """Follow a tag at a level: every post and comment, new posts only, or off (no row)."""
    if level not in TagFollow.Level.values:
        raise ValidationError({"level": [_("Choose every post and comment, new posts only, or off.")]})
    if level == TagFollow.Level.OFF:
        TagFollow.objects.filter(user=user, tag=tag).delete()
    else:
        TagFollow.objects.update_or_create(user=user, tag=tag, defaults={"level": level})
    audit.record(user, "tag.follow_level", tag, level=level)
    return level


def notification_settings(user: User) -> NotificationSettings:
    """The member's switches; the defaults (everything on) when they never changed them."""
    return NotificationSettings.objects.filter(user=user).first() or NotificationSettings(user=user)


@transaction.atomic
def update_notification_settings(user: User, *, replies: bool | None = None, mentions: bool | None = None) -> NotificationSettings:
    current = notification_settings(user)
    changes = {k: v for k, v in {"replies": replies, "mentions": mentions}.items() if v is not None}
    settings_row, _created = NotificationSettings.objects.update_or_create(
        user=user, defaults={"replies": current.replies, "mentions": current.mentions, **changes}
    )
    if changes:
        audit.record(user, "notifications.settings_changed", user, **changes)
    return settings_row


# --- one-click unsubscribe --------------------------------------------------------------------


@dataclass(frozen=True)
class Unsubscribed:
    """What a one-click unsubscribe switched off: "post" (`name` is its title), "tag" and
    "tag_comments" (tag names), "reply" or "mention"."""

    scope: str
    name: str = ""


def unsubscribe(token: str) -> Unsubscribed:
    """Switch off what the signed token names (no sign-in needed). Idempotent."""
    invalid = ValidationError(_("This unsubscribe link is not valid."))
    try:
        data = tokens.load(token)
    except signing.BadSignature:
        raise invalid from None
    user = people.user_by_id(data["u"])
    if user is None:
        raise invalid
    with transaction.atomic():
        if "p" in data:
            post = Post.objects.filter(pk=data["p"]).first()
            if post is None:
                raise invalid
            updated = PostFollow.objects.filter(user=user, post=post, active=True).update(active=False)
            if not PostFollow.objects.filter(user=user, post=post).exists():  # a tag follower: remember "not this post"
                PostFollow.objects.create(user=user, post=post, active=False)
                updated = 1
            if updated:
                audit.record(user, "post.unfollowed_by_email", post)
            return Unsubscribed("post", post.title)
        if "t" in data and data.get("l") in (TagFollow.Level.OFF, TagFollow.Level.NEW_POSTS):
            follows = TagFollow.objects.filter(user=user, tag_id__in=data["t"])
            names = ", ".join(Tag.objects.filter(pk__in=data["t"]).values_list("name", flat=True))
            if data["l"] == TagFollow.Level.OFF:
                follows.delete()
                scope = "tag"
            else:
                follows.filter(level=TagFollow.Level.ALL).update(level=TagFollow.Level.NEW_POSTS)
                scope = "tag_comments"
            audit.record(user, "tag.unfollowed_by_email", user, tags=data["t"], level=data["l"])
            return Unsubscribed(scope, names)
        if data.get("k") in (Notification.Kind.REPLY, Notification.Kind.MENTION):
            field = "replies" if data["k"] == Notification.Kind.REPLY else "mentions"
            update_notification_settings(user, **{field: False})
            return Unsubscribed(data["k"])
    raise invalid
