"""API: follows of posts and tags, notifications and their settings, member pages."""

from datetime import datetime
from typing import Literal

from django.core.paginator import Paginator
from ninja import Field, Query, Schema

from kakehashi.accounts.auth import MemberRequest, member_auth, require_approved
from kakehashi.accounts.services import ensure_handle
from kakehashi.core.validation import Id

from .. import queries, services
from ..models import Notification
from . import PAGE_SIZE, router

# --- follows and notifications --------------------------------------------------------------


class FollowIn(Schema):
    active: bool


class FollowOut(Schema):
    active: bool


@router.put("/posts/{slug}/follow", response=FollowOut, auth=member_auth, summary="Switch e-mails about new comments on a post on or off (signed in, for posts you may read)")
def follow_post(request: MemberRequest, slug: str, payload: FollowIn):
    post = queries.post_for(request.auth, slug)
    return FollowOut(active=services.set_following(request.auth, post, active=payload.active).active)


class TagFollowIn(Schema):
    level: Literal["all", "new_posts", "off"]


class TagFollowOut(Schema):
    tag: str
    name: str
    level: str


@router.put("/tags/{tag}/follow", response=TagFollowOut, auth=member_auth, summary="Follow a tag: every post and comment (all), new posts only (new_posts), or off (signed in)")
def follow_tag(request: MemberRequest, tag: str, payload: TagFollowIn):
    found = queries.tag_for(tag)
    return TagFollowOut(tag=found.slug, name=found.name, level=services.set_tag_follow(request.auth, found, level=payload.level))


class FollowedPostOut(Schema):
    slug: str
    title: str


class FollowsOut(Schema):
    posts: list[FollowedPostOut]
    tags: list[TagFollowOut]


@router.get("/follows", response=FollowsOut, auth=member_auth, summary="The posts and tags you follow (signed in)")
def list_follows(request: MemberRequest):
    return FollowsOut(
        posts=[FollowedPostOut(slug=f.post.slug, title=f.post.title) for f in queries.post_follows_of(request.auth)],
        tags=[TagFollowOut(tag=f.tag.slug, name=f.tag.name, level=f.level) for f in queries.tag_follows_of(request.auth)],
    )


class NotificationSettingsOut(Schema):
    replies: bool
    mentions: bool


class NotificationSettingsPatch(Schema):
    replies: bool | None = None
    mentions: bool | None = None


@router.get("/notification-settings", response=NotificationSettingsOut, auth=member_auth, summary="Whether replies to you and mentions of you notify you (signed in)")
def get_notification_settings(request: MemberRequest):
    current = services.notification_settings(request.auth)
    return NotificationSettingsOut(replies=current.replies, mentions=current.mentions)


@router.patch("/notification-settings", response=NotificationSettingsOut, auth=member_auth, summary="Switch notifications about replies to you or mentions of you on or off (signed in)")
def update_notification_settings(request: MemberRequest, payload: NotificationSettingsPatch):
    current = services.update_notification_settings(request.auth, **payload.dict(exclude_none=True))
    return NotificationSettingsOut(replies=current.replies, mentions=current.mentions)


class MemberOut(Schema):
    id: int
    display_name: str
    handle: str
    job_title: str
    organisations: list[str]


@router.get("/members/{user_id}", response=MemberOut, auth=member_auth, summary="A member's community profile, with the @handle to mention them (approved members)")
def get_member(request: MemberRequest, user_id: Id):
    require_approved(request)
    person = queries.member_for(request.auth, user_id)
    return MemberOut(
        id=person.pk, display_name=person.get_full_name(), handle=ensure_handle(person), job_title=person.job_title,
        organisations=[o.slug for o in queries.organisations_of(person)],
    )


class NotificationOut(Schema):
    id: int
    kind: str
    post: str
    post_title: str
    comment: int | None
    actor_name: str
    created_at: datetime
    read: bool


class NotificationPage(Schema):
    count: int
    page: int
    pages: int
    results: list[NotificationOut]


class NotificationFilters(Schema):
    unread_only: bool = False
    page: int = Field(1, ge=1, le=10000)


def _notification_out(n: Notification) -> NotificationOut:
    return NotificationOut(
        id=n.pk, kind=n.kind, post=n.post.slug, post_title=n.post.title, comment=n.comment_id,
        actor_name=n.actor.display_name if n.actor else "", created_at=n.created_at, read=n.read_at is not None,
    )


@router.get("/notifications", response=NotificationPage, auth=member_auth, summary="Your notifications, newest first (signed in)")
def list_notifications(request: MemberRequest, filters: Query[NotificationFilters]):
    notifications = queries.notifications_of(request.auth)
    if filters.unread_only:
        notifications = notifications.filter(read_at=None)
    paginator = Paginator(notifications, PAGE_SIZE)
    page = paginator.get_page(filters.page)
    return NotificationPage(
        count=paginator.count, page=page.number, pages=paginator.num_pages,
        results=[_notification_out(n) for n in page],
    )


class MarkReadIn(Schema):
    ids: list[Id] | None = Field(None, max_length=1000)


class MarkedOut(Schema):
    marked: int


@router.post("/notifications/read", response=MarkedOut, auth=member_auth, summary="Mark your notifications read: those listed, or all (signed in)")
def mark_notifications_read(request: MemberRequest, payload: MarkReadIn):
    return MarkedOut(marked=services.mark_read(request.auth, payload.ids))
