"""Every write of the community: posts, comments, follows, notifications, unsubscribing."""

from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _

from kakehashi.core import audit
from kakehashi.core.markdown import render_markdown
from kakehashi.core.permissions import is_approved_member
from kakehashi.mail.services import queue_mail, send_queued_after_commit

from .models import Comment, Notification, Post, PostFollow, Tag

EDIT_WINDOW = timezone.timedelta(minutes=15)
FAN_OUT_BATCH = 500
UNSUBSCRIBE_SALT = "kakehashi.community.unsubscribe"


def _unique_slug(title: str) -> str:
    base = slugify(title)[:300] or "post"
    slug, n = base, 1
    while Post.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def create_post(
    author: Any, *, title: str, body: str, language: str, kind: str = Post.Kind.ARTICLE,
    visibility: str = Post.Visibility.PUBLIC, tags: list[str] | None = None, organisation: Any = None,
    published_at: Any = "now", pinned: bool = False, comments_closed: bool = False,
) -> Post:
    """Write a post; `published_at=None` keeps it a draft, a future time schedules it.
    The author follows their own post."""
    post = Post(
        title=title, slug=_unique_slug(title), body=body, body_html=render_markdown(body), language=language,
        kind=kind, visibility=visibility, author=author, organisation=organisation,
        published_at=timezone.now() if published_at == "now" else published_at,
        pinned=pinned, comments_closed=comments_closed,
    )
    post.full_clean()
    post.save()
    post.tags.set(_tags(tags or []))
    PostFollow.objects.create(user=author, post=post)
    audit.record(author, "post.created", post)
    return post


def _tags(names: list[str]) -> list[Tag]:
    tags = []
    for name in names:
        name = name.strip()[:60]
        if name:
            tags.append(Tag.objects.get_or_create(slug=slugify(name)[:60] or "tag", defaults={"name": name})[0])
    return tags


@transaction.atomic
def update_post(actor: Any, post: Post, *, tags: list[str] | None = None, **fields: Any) -> Post:
    """Staff edit a post: text, visibility, schedule (`published_at`), pin, close comments."""
    allowed = {"title", "body", "language", "kind", "visibility", "organisation", "published_at", "pinned", "comments_closed"}
    if set(fields) - allowed:
        raise ValueError(f"not post fields: {sorted(set(fields) - allowed)}")
    for key, value in fields.items():
        setattr(post, key, value)
    post.body_html = render_markdown(post.body)
    post.full_clean()
    post.save()
    if tags is not None:
        post.tags.set(_tags(tags))
    audit.record(actor, "post.updated", post, fields=sorted(fields))
    return post


@transaction.atomic
def add_comment(author: Any, post: Post, *, body: str, parent: Comment | None = None) -> Comment:
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
    comment = Comment(post=post, author=author, parent=parent, body=body.strip(), body_html=render_markdown(body))
    comment.full_clean()
    comment.save()
    PostFollow.objects.get_or_create(user=author, post=post)
    audit.record(author, "comment.created", comment, post=post.pk)
    transaction.on_commit(lambda: _enqueue_fan_out(comment.pk))
    return comment


def _enqueue_fan_out(comment_id: int) -> None:
    from . import tasks

    tasks.fan_out_comment.enqueue(comment_id=comment_id)


@transaction.atomic
def edit_comment(user: Any, comment: Comment, *, body: str) -> Comment:
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
    comment.body, comment.body_html, comment.edited_at = body.strip(), render_markdown(body), timezone.now()
    comment.full_clean()
    comment.save(update_fields=["body", "body_html", "edited_at", "updated_at"])
    audit.record(user, "comment.edited", comment)
    return comment


@transaction.atomic
def delete_comment(user: Any, comment: Comment) -> Comment:
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
def set_following(user: Any, post: Post, *, active: bool) -> PostFollow:
    follow, _created = PostFollow.objects.update_or_create(user=user, post=post, defaults={"active": active})
    return follow


def record_view(post: Post) -> None:
    """Count a page view (one atomic UPDATE; no row is read)."""
    Post.objects.filter(pk=post.pk).update(view_count=F("view_count") + 1)


def mark_read(user: Any, ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at=None)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


# --- fan-out ----------------------------------------------------------------------------------


def unsubscribe_token(user_id: int, post_id: int) -> str:
    return signing.dumps({"u": user_id, "p": post_id}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe(token: str) -> PostFollow:
    """Stop comment e-mails for the post named in a signed token (no sign-in needed)."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise ValidationError(_("This unsubscribe link is not valid.")) from None
    follow = PostFollow.objects.filter(user_id=data["u"], post_id=data["p"]).first()
    if follow is None:
        raise ValidationError(_("This unsubscribe link is not valid."))
    if follow.active:
        follow.active = False
        follow.save(update_fields=["active"])
        audit.record(follow.user, "post.unfollowed_by_email", follow.post)
    return follow


def _recipients(comment: Comment) -> dict[int, str]:
    """user id → notification kind (a reply outranks a follow); never the author."""
    from kakehashi.accounts.models import User

    kinds: dict[int, str] = {}
    followers = PostFollow.objects.filter(post=comment.post, active=True).values_list("user_id", flat=True)
    for user_id in followers.iterator(chunk_size=2000):
        kinds[user_id] = Notification.Kind.COMMENT
    if comment.parent_id and comment.parent.author_id and not comment.parent.is_deleted:
        kinds[comment.parent.author_id] = Notification.Kind.REPLY
    kinds.pop(comment.author_id, None)
    readers = User.objects.filter(pk__in=list(kinds), is_active=True)
    if comment.post.visibility == Post.Visibility.MEMBERS:  # core.permissions.is_approved_member, as a filter
        readers = readers.filter(Q(approval_status="approved") | Q(is_staff=True))
    allowed = set(readers.values_list("pk", flat=True))
    return {user_id: kind for user_id, kind in kinds.items() if user_id in allowed}


def fan_out_comment(comment_id: int) -> int:
    """Create the notifications for a new comment and queue their e-mails, in batches.

    Idempotent: a person already notified about this comment is skipped, and a batch's
    notifications and e-mails commit together, so a worker that dies mid-way and runs
    again sends nobody a second e-mail. Returns how many were notified."""
    from kakehashi.accounts.models import User

    comment = Comment.objects.select_related("post", "author", "parent").get(pk=comment_id)
    if comment.is_deleted:
        return 0
    kinds = _recipients(comment)
    already = set(Notification.objects.filter(comment=comment).values_list("recipient_id", flat=True))
    todo = [user_id for user_id in kinds if user_id not in already]
    for start in range(0, len(todo), FAN_OUT_BATCH):
        batch = todo[start : start + FAN_OUT_BATCH]
        with transaction.atomic():
            users = User.objects.filter(pk__in=batch).only(
                "pk", "email", "language", "display_name", "email_notifications", "digest"
            )
            Notification.objects.bulk_create(
                [
                    Notification(recipient=u, kind=kinds[u.pk], post=comment.post, comment=comment, actor=comment.author,
                                 emailed=_mail_now(u, kinds[u.pk]))
                    for u in users
                ],
                ignore_conflicts=True,
            )
            for user in users:
                if _mail_now(user, kinds[user.pk]):
                    _mail_notification(user, comment, kinds[user.pk])
            send_queued_after_commit()
    return len(todo)


def _mail_now(user: Any, kind: str) -> bool:
    """E-mail this notification at once? Not with e-mail off; with a digest, only replies."""
    from .digests import wants_digest

    if not user.email_notifications:
        return False
    return kind == Notification.Kind.REPLY or not wants_digest(user)


def _mail_notification(user: Any, comment: Comment, kind: str) -> None:
    post = comment.post
    unsubscribe_url = settings.SITE_URL + reverse("community:unsubscribe", args=[unsubscribe_token(user.pk, post.pk)])
    queue_mail(
        to=user.email,
        user=user,
        template="community/mail/new_comment",
        context={
            "name": user.get_short_name(),
            "actor": comment.author.get_full_name() if comment.author else "",
            "kind": kind,
            "post_title": post.title,
            "url": f"{settings.SITE_URL}{post.get_absolute_url()}#comment-{comment.pk}",
            "excerpt": Truncator(comment.body).chars(400),
            "unsubscribe_url": unsubscribe_url,
        },
        locale=user.language,
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        send=False,  # the batch is sent by one deliver_due task (fan_out_comment)
    )
