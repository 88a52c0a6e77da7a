"""API: flags (approved members) and the staff review queue."""

from datetime import datetime
from typing import Literal

from django.http import Http404
from django.utils.text import Truncator
from ninja import Field, Schema, Status

from kakehashi.accounts.auth import MemberRequest, member_auth, require_approved, require_staff
from kakehashi.core.validation import Id, PlainText

from .. import moderation, queries
from ..models import Comment, Flag, Post
from . import router


class FlagIn(Schema):
    reason: Literal["spam", "off_topic", "inappropriate", "other"]
    note: PlainText = Field("", max_length=500)


class FlagOut(Schema):
    id: int
    reason: str
    note: str
    created_at: datetime


def _flag_out(flag: Flag) -> FlagOut:
    return FlagOut(id=flag.pk, reason=flag.reason, note=flag.note, created_at=flag.created_at)


@router.post("/posts/{slug}/flag", response={201: FlagOut}, auth=member_auth, summary="Flag a post for staff to review, once (approved members; not your own)")
def flag_post(request: MemberRequest, slug: str, payload: FlagIn):
    post = queries.post_for(request.auth, slug)
    require_approved(request)
    return Status(201, _flag_out(moderation.flag(request.auth, post=post, reason=payload.reason, note=payload.note)))


@router.post("/comments/{comment_id}/flag", response={201: FlagOut}, auth=member_auth, summary="Flag a comment for staff to review, once (approved members; not your own)")
def flag_comment(request: MemberRequest, comment_id: Id, payload: FlagIn):
    comment = queries.comment_for(request.auth, comment_id)
    require_approved(request)
    return Status(201, _flag_out(moderation.flag(request.auth, comment=comment, reason=payload.reason, note=payload.note)))


class QueueItemOut(Schema):
    kind: str
    id: int
    post: str
    post_title: str
    excerpt: str
    author_name: str
    hidden: bool
    open_flags: int
    last_flagged_at: datetime
    reasons: list[str]


def _queue_item(row: dict) -> QueueItemOut:
    target = row["target"]
    post = target if row["kind"] == "post" else target.post
    text = target.body
    return QueueItemOut(
        kind=row["kind"], id=target.pk, post=post.slug, post_title=post.title, excerpt=Truncator(text).chars(400),
        author_name=target.author.display_name if target.author else "", hidden=target.hidden_at is not None,
        open_flags=row["count"], last_flagged_at=row["last"], reasons=row["codes"],
    )


@router.get("/moderation/queue", response=list[QueueItemOut], auth=member_auth, summary="Flagged posts and comments with open flags, most flagged first (staff)")
def review_queue(request: MemberRequest):
    require_staff(request)
    return [_queue_item(row) for row in moderation.open_queue()]


class ReviewIn(Schema):
    action: Literal["keep", "hide", "delete", "warn", "suspend"]
    note: PlainText = Field("", max_length=500)


class ReviewOut(Schema):
    kind: str
    id: int
    action: str
    resolved_flags: int


@router.post("/moderation/{kind}/{target_id}", response=ReviewOut, auth=member_auth, summary="Decide on a flagged post or comment: keep, hide, delete, warn or suspend its author (staff)")
def review(request: MemberRequest, kind: Literal["comment", "post"], target_id: Id, payload: ReviewIn):
    require_staff(request)
    target = (Comment if kind == "comment" else Post).objects.filter(pk=target_id).first()
    if target is None:
        raise Http404
    open_flags = target.flags.filter(resolved_at=None).count()
    moderation.review(request.auth, action=payload.action, note=payload.note, **{kind: target})  # type: ignore[arg-type]  # kind names target's type
    return ReviewOut(kind=kind, id=target.pk, action=payload.action, resolved_flags=open_flags)


class LogEntryOut(Schema):
    at: datetime
    actor_name: str
    action: str
    target: str
    note: str


@router.get("/moderation/log", response=list[LogEntryOut], auth=member_auth, summary="The staff action log of moderation, newest first (staff)")
def action_log(request: MemberRequest):
    require_staff(request)
    return [
        LogEntryOut(at=e.at, actor_name=e.actor.display_name if e.actor else "", action=e.action, target=e.target_repr,
                    note=str(e.data.get("note", "")))
        for e in moderation.action_log()
    ]
