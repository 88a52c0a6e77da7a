"""Flags and the staff review queue: every write of moderation.

A comment flagged by `FLAGS_TO_HIDE` distinct members is hidden until staff review it.
Staff keep, hide or delete the content, warn its author, or suspend the author's account;
each decision resolves every open flag on it and is written to the audit log
(actions `moderation.*`), which is the staff action log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts.people import is_approved_member
from kakehashi.core import audit
from kakehashi.core.models import AuditEntry
from kakehashi.mail.services import queue_mail
from kakehashi.notices import services as notices

from .models import Comment, Flag, Post

if TYPE_CHECKING:
    from kakehashi.accounts.models import User

ACTIONS = ("keep", "hide", "delete", "warn", "suspend")


def flags_to_hide() -> int:
    return getattr(settings, "COMMUNITY_FLAGS_TO_HIDE", 3)


@transaction.atomic
def flag(flagger: User, *, reason: str, note: str = "", comment: Comment | None = None, post: Post | None = None) -> Flag:
    if not is_approved_member(flagger):
        raise PermissionDenied
    target = cast("Comment | Post", comment or post)  # exactly one is given (checked next)
    if (comment is None) == (post is None):
        raise ValueError("flag exactly one comment or post")
    if reason not in Flag.Reason.values:
        raise ValidationError({"reason": [_("Choose a reason.")]})
    if target.author_id == flagger.pk:
        raise ValidationError(_("You cannot flag your own writing."))
    try:
        with transaction.atomic():
            item = Flag.objects.create(flagger=flagger, comment=comment, post=post, reason=reason, note=note[:500])
    except IntegrityError:
        raise ValidationError(_("You have already flagged this.")) from None
    audit.record(flagger, "flag.created", target, reason=reason)
    if comment is not None and comment.hidden_at is None:
        distinct = comment.flags.filter(resolved_at=None).values("flagger").distinct().count()
        if distinct >= flags_to_hide():
            Comment.objects.filter(pk=comment.pk).update(hidden_at=timezone.now())
            audit.record(None, "moderation.auto_hidden", comment, flags=distinct)
    return item


def open_queue() -> list[dict[str, Any]]:
    """Flagged comments and posts with open flags, most flagged first."""
    rows: list[dict[str, Any]] = []
    for model, field in ((Comment, "comment"), (Post, "post")):
        open_ids = Flag.objects.filter(resolved_at=None, **{f"{field}__isnull": False}).values(field)
        targets: QuerySet = (
            model.objects.filter(pk__in=open_ids)
            .annotate(open_flags=Count("flags", filter=Q(flags__resolved_at=None)), last_flag=Max("flags__created_at"))
            .select_related("author", *(["post"] if model is Comment else []))
            .prefetch_related(Prefetch("flags", queryset=Flag.objects.filter(resolved_at=None), to_attr="open_flag_rows"))
        )
        for target in targets:
            reasons = [f.reason for f in target.open_flag_rows]
            codes = sorted(set(reasons))
            labels = [str(Flag.Reason(code).label) for code in codes]  # in the reader's language
            rows.append({"kind": field, "target": target, "count": target.open_flags, "last": target.last_flag,
                         "reasons": labels, "codes": codes})
    return sorted(rows, key=lambda r: (-r["count"], r["last"]))


# What the author of a reviewed contribution is told in their notification centre.
# (Kept: nothing to tell. Suspended: the author can no longer sign in.)
NOTICE_KINDS = {"hide": "moderation_hidden", "delete": "moderation_deleted", "warn": "moderation_warned"}


@transaction.atomic
def review(staff: User, *, action: str, comment: Comment | None = None, post: Post | None = None, note: str = "") -> None:
    if not getattr(staff, "is_staff", False):
        raise PermissionDenied
    if action not in ACTIONS:
        raise ValidationError(_("Unknown moderation action."))
    target = cast("Comment | Post", comment or post)  # callers give exactly one
    author = target.author
    now = timezone.now()
    if action == "keep":
        type(target).objects.filter(pk=target.pk).update(hidden_at=None)
    elif action in ("hide", "suspend"):
        type(target).objects.filter(pk=target.pk).update(hidden_at=now)
    elif action == "delete":
        if comment is not None:
            Comment.objects.filter(pk=comment.pk).update(deleted_at=now, body="", body_html="")
        else:
            Post.objects.filter(pk=target.pk).update(hidden_at=now)
    if author is not None and action in NOTICE_KINDS:
        title = post.title if post else cast(Comment, comment).post.title
        url = reverse("community:comment", args=[comment.pk]) if comment is not None else cast(Post, post).get_absolute_url()
        notices.notify([author], NOTICE_KINDS[action], key=f"{type(target).__name__.lower()}:{target.pk}:{now.isoformat()}",
                       url=url, title=title)
    if action == "warn" and author is not None and notices.wants_email(author, "moderation_warned"):
        queue_mail(
            to=author.email, user=author, template="community/mail/moderation_warning", locale=author.language,
            context={"name": author.get_short_name(), "title": post.title if post else cast(Comment, comment).post.title, "note": note},
        )
    if action == "suspend" and author is not None:
        type(author).objects.filter(pk=author.pk).update(is_active=False)
    resolution = {"keep": Flag.Resolution.KEPT, "hide": Flag.Resolution.HIDDEN, "delete": Flag.Resolution.DELETED,
                  "warn": Flag.Resolution.WARNED, "suspend": Flag.Resolution.SUSPENDED}[action]
    target.flags.filter(resolved_at=None).update(resolved_at=now, resolution=resolution)
    audit.record(staff, f"moderation.{action}", target, note=note, author=author.pk if author else None)


def action_log(limit: int = 50):
    return AuditEntry.objects.filter(action__startswith="moderation.").select_related("actor")[:limit]
