"""Who hears about what: the notification fan-out of comments and of new posts.

Rules, for a comment: active followers of the post, followers of one of its tags at level
"all" (unless they switched this post off), the author of the comment replied to, and the
members it @mentions. For a post when it becomes visible: followers of its tags (levels
"all" and "new posts only") and the members it mentions. Whatever the number of rules that
match, a person gets one notification (a reply outranks a mention, which outranks a follow),
never about their own action, and only about posts they may read. "Replies to me" and
"mentions" are on unless the member switched them off (`NotificationSettings`).

Notifications and their e-mails are written in batches, each batch in one transaction, and
people already notified are skipped, so a rerun after a crash sends nobody a second e-mail.
When a translation engine is configured, an e-mail quoting a text written in another language
than its recipient's carries the machine translation under it (fan-outs run in tasks, so
`translate_now` may wait for the engine; down or refusing, the e-mail goes without it).
New posts are announced exactly once: `announce_post` (right after publishing) and the
periodic `announce_due_posts` (scheduled posts) claim the post with one conditional UPDATE;
a claim older than `ANNOUNCE_LEASE` that never finished is taken again.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from kakehashi.accounts import people
from kakehashi.core.language import detect_language
from kakehashi.core.languages import NATIVE_NAMES
from kakehashi.core.links import absolute_url
from kakehashi.mail.services import queue_mail, send_queued_after_commit
from kakehashi.notices import services as notices
from kakehashi.translations import providers
from kakehashi.translations import services as translations

from . import tokens
from .digests import wants_digest
from .mentions import mentioned_ids
from .models import Comment, Notification, NotificationSettings, Post, PostFollow, TagFollow

if TYPE_CHECKING:
    from kakehashi.accounts.models import User

FAN_OUT_BATCH = 500
ANNOUNCE_LEASE = dt.timedelta(minutes=10)
ANNOUNCE_PER_SWEEP = 50
Kind = Notification.Kind
RANK: dict[str, int] = {Kind.REPLY: 3, Kind.MENTION: 2, Kind.COMMENT: 1, Kind.NEW_POST: 1}
USER_FIELDS = ("pk", "email", "language", "display_name", "email_notifications", "digest")


@dataclass(frozen=True)
class Target:
    """Why one person hears about one event: the kind of notification and the rule behind
    it ("post", "tag", "reply" or "mention"; for "tag", which followed tags of the post)."""

    kind: str
    via: str
    tag_ids: tuple[int, ...] = ()


# --- choosing recipients ----------------------------------------------------------------------


def _readers(post: Post, user_ids: list[int], now: dt.datetime) -> set[int]:
    """Those of `user_ids` who may read `post` at `now` (queries.posts_visible_to, as a filter)."""
    readers = people.active_users().filter(pk__in=user_ids)
    if post.hidden_at is not None or post.published_at is None or post.published_at > now:
        readers = readers.filter(Q(is_staff=True) | Q(pk=post.author_id))
    elif post.visibility == Post.Visibility.MEMBERS:
        readers = readers.filter(people.approved_member_q() | Q(pk=post.author_id))
    return set(readers.values_list("pk", flat=True))


def _tag_followers(post: Post, levels: list[str]) -> dict[int, list[int]]:
    """user id → ids of the post's tags they follow at one of `levels`."""
    followers: dict[int, list[int]] = defaultdict(list)
    rows = TagFollow.objects.filter(tag__in=post.tags.all(), level__in=levels).values_list("user_id", "tag_id")
    for user_id, tag_id in rows.iterator(chunk_size=2000):
        followers[user_id].append(tag_id)
    return followers


def _choose(
    candidates: dict[int, list[Target]], post: Post, actor_id: int | None, now: dt.datetime | None = None
) -> dict[int, Target]:
    """One target per person: not the actor, only readers of the post, without the kinds
    they switched off, the highest-ranked of what is left (the first among equals)."""
    candidates.pop(actor_id, None)  # type: ignore[arg-type]
    if not candidates:
        return {}
    switched_off = {
        user_id: (replies, mentions)
        for user_id, replies, mentions in NotificationSettings.objects.filter(user_id__in=list(candidates))
        .filter(Q(replies=False) | Q(mentions=False)).values_list("user_id", "replies", "mentions")
    }
    allowed = _readers(post, list(candidates), now or timezone.now())
    chosen: dict[int, Target] = {}
    for user_id, options in candidates.items():
        if user_id not in allowed:
            continue
        replies, mentions = switched_off.get(user_id, (True, True))
        options = [t for t in options if (t.kind != Kind.REPLY or replies) and (t.kind != Kind.MENTION or mentions)]
        if options:
            chosen[user_id] = max(options, key=lambda t: RANK[t.kind])
    return chosen


def comment_targets(comment: Comment, *, mentions_only: bool = False) -> dict[int, Target]:
    post = comment.post
    candidates: dict[int, list[Target]] = defaultdict(list)
    if not mentions_only:
        for user_id in PostFollow.objects.filter(post=post, active=True).values_list("user_id", flat=True).iterator(chunk_size=2000):
            candidates[user_id].append(Target(Kind.COMMENT, "post"))
        switched_off_post = set(PostFollow.objects.filter(post=post, active=False).values_list("user_id", flat=True))
        for user_id, tag_ids in _tag_followers(post, [TagFollow.Level.ALL]).items():
            if user_id not in switched_off_post:
                candidates[user_id].append(Target(Kind.COMMENT, "tag", tuple(tag_ids)))
        parent = comment.parent if comment.parent_id else None
        if parent is not None and parent.author_id and not parent.is_deleted:
            candidates[parent.author_id].append(Target(Kind.REPLY, "reply"))
    for user_id in mentioned_ids(comment.body_html):
        candidates[user_id].append(Target(Kind.MENTION, "mention"))
    return _choose(candidates, post, comment.author_id)


def post_targets(post: Post, *, mentions_only: bool = False, now: dt.datetime | None = None) -> dict[int, Target]:
    candidates: dict[int, list[Target]] = defaultdict(list)
    if not mentions_only:
        for user_id, tag_ids in _tag_followers(post, [TagFollow.Level.ALL, TagFollow.Level.NEW_POSTS]).items():
            candidates[user_id].append(Target(Kind.NEW_POST, "tag", tuple(tag_ids)))
    for user_id in mentioned_ids(post.body_html):
        candidates[user_id].append(Target(Kind.MENTION, "mention"))
    return _choose(candidates, post, post.author_id, now)


# --- writing notifications and e-mails -------------------------------------------------------


def _mail_now(user: User, kind: str) -> bool:
    """E-mail this notification at once? Not with e-mail off; replies and mentions always;
    the rest waits for the digest of a member who reads one."""
    if not user.email_notifications:
        return False
    return kind in (Kind.REPLY, Kind.MENTION) or not wants_digest(user)


@dataclass(frozen=True)
class Event:
    """What happened, for the notifications and e-mails about it."""

    post: Post
    comment: Comment | None
    actor: User | None
    template: str
    url: str
    excerpt: str
    tag_level: str  # what the unsubscribe link of a tag follower lowers their follow to
    language: str = ""  # of the excerpt
    translated: dict[str, str | None] = field(default_factory=dict)  # the excerpt per reader's language

    def translation_for(self, language: str) -> dict[str, str]:
        """The mail context's `translation` (and `translated_from`) for a reader of `language`."""
        if not self.language or language == self.language or not providers.configured():
            return {}
        if language not in self.translated:
            self.translated[language] = translations.translate_now(self.excerpt, self.language, language)
        text = self.translated[language]
        return {"translation": text, "translated_from": NATIVE_NAMES.get(self.language, self.language)} if text else {}


def _notify(event: Event, targets: dict[int, Target], already: Callable[[list[int] | None], set[int]]) -> int:
    """Notify everyone in `targets` not `already` notified, FAN_OUT_BATCH people per
    transaction (notifications and e-mails commit together); returns how many were notified."""
    notified_before = already(None)
    todo = [user_id for user_id in targets if user_id not in notified_before]
    if todo and event.language and providers.configured():
        # ask the engine before any batch locks rows: once per language the recipients read
        languages: set[str] = set()
        for start in range(0, len(todo), FAN_OUT_BATCH):
            languages.update(people.users_by_ids(todo[start : start + FAN_OUT_BATCH]).values_list("language", flat=True))
        for code in languages:
            event.translation_for(code)
    notified = 0
    for start in range(0, len(todo), FAN_OUT_BATCH):
        batch = todo[start : start + FAN_OUT_BATCH]
        with transaction.atomic():
            _lock(event)  # a second run of this fan-out at the same moment waits here (PostgreSQL)
            done = already(batch)  # a worker that ran this batch before us
            users = [u for u in people.users_by_ids(batch).only(*USER_FIELDS) if u.pk not in done]
            mail_now = {u.pk for u in users if _mail_now(u, targets[u.pk].kind)}
            Notification.objects.bulk_create(
                [
                    Notification(recipient=u, kind=targets[u.pk].kind, post=event.post, comment=event.comment,
                                 actor=event.actor, emailed=u.pk in mail_now)
                    for u in users
                ],
                ignore_conflicts=True,
            )
            _notices(event, users, targets)
            for user in users:
                if user.pk in mail_now:
                    _mail(user, targets[user.pk], event)
            send_queued_after_commit()  # one deliver_due task per batch
        notified += len(users)
    return notified


def notice_key(post_id: int, comment_id: int | None) -> str:
    """What a community notice is about in the notification centre."""
    return f"comment:{comment_id}" if comment_id else f"post:{post_id}"


def _notices(event: Event, users: list[User], targets: dict[int, Target]) -> None:
    """The same notifications in the member's notification centre."""
    by_kind: dict[str, list[int]] = {}
    for user in users:
        by_kind.setdefault(targets[user.pk].kind, []).append(user.pk)
    comment_id = event.comment.pk if event.comment else None
    url = reverse("community:comment", args=[comment_id]) if comment_id else event.post.get_absolute_url()
    for kind, user_ids in by_kind.items():
        notices.notify(
            user_ids, kind, key=notice_key(event.post.pk, comment_id), url=url, actor=event.actor,
            actor_name=event.actor.get_full_name() if event.actor else "", title=event.post.title,
        )


def _lock(event: Event) -> None:
    """Lock the comment (or post) notified about until the batch commits, so two runs of
    one fan-out (a task put back while its first worker still ran) never both mail a batch;
    SQLite needs no lock: its write transactions already run one at a time."""
    rows = Comment.objects.filter(pk=event.comment.pk) if event.comment else Post.objects.filter(pk=event.post.pk)
    list(rows.select_for_update().values_list("pk", flat=True))


def _mail(user: User, target: Target, event: Event) -> None:
    post = event.post
    if target.via == "post":
        token = tokens.unsubscribe_token(user.pk, post.pk)
    elif target.via == "tag":
        token = tokens.tag_token(user.pk, list(target.tag_ids), event.tag_level)
    else:
        token = tokens.kind_token(user.pk, target.kind)
    unsubscribe_url = tokens.url(token)
    queue_mail(
        to=user.email, user=user, template=event.template, locale=user.language,
        context={
            "name": user.get_short_name(), "actor": event.actor.get_full_name() if event.actor else "",
            "kind": target.kind, "via": target.via, "tags": ", ".join(t.name for t in post.tags.all() if t.pk in target.tag_ids),
            "post_title": post.title, "url": event.url, "excerpt": event.excerpt, "unsubscribe_url": unsubscribe_url,
            **event.translation_for(user.language),
        },
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        send=False,  # the batch is sent by one deliver_due task
    )


def fan_out_comment(comment_id: int, *, mentions_only: bool = False) -> int:
    """Notify about a new comment (or, with `mentions_only`, the members an edit newly
    mentions). Idempotent; returns how many were notified."""
    comment = Comment.objects.select_related("post", "author", "parent").prefetch_related("post__tags").get(pk=comment_id)
    if comment.is_deleted or comment.is_hidden:
        return 0
    post = comment.post
    event = Event(
        post=post, comment=comment, actor=comment.author, template="community/mail/new_comment",
        url=absolute_url("community:comment", comment.pk), excerpt=Truncator(comment.body).chars(400),
        tag_level=TagFollow.Level.NEW_POSTS, language=detect_language(comment.body),
    )

    def already(user_ids: list[int] | None) -> set[int]:
        rows = Notification.objects.filter(comment=comment)
        if user_ids is not None:
            rows = rows.filter(recipient_id__in=user_ids)
        return set(rows.values_list("recipient_id", flat=True))

    return _notify(event, comment_targets(comment, mentions_only=mentions_only), already)


def _fan_out_post(post: Post, *, mentions_only: bool, now: dt.datetime | None = None) -> int:
    event = Event(
        post=post, comment=None, actor=post.author, template="community/mail/new_post",
        url=absolute_url(post), excerpt=Truncator(post.body).chars(400),
        tag_level=TagFollow.Level.OFF, language=post.language,
    )

    def already(user_ids: list[int] | None) -> set[int]:
        rows = Notification.objects.filter(post=post, comment=None, kind__in=[Kind.NEW_POST, Kind.MENTION])
        if user_ids is not None:
            rows = rows.filter(recipient_id__in=user_ids)
        return set(rows.values_list("recipient_id", flat=True))

    return _notify(event, post_targets(post, mentions_only=mentions_only, now=now), already)


# --- announcing new posts --------------------------------------------------------------------


def _due(now: dt.datetime) -> Q:
    """Visible by `now`, not announced, and not claimed by a live worker."""
    return Q(published_at__lte=now, hidden_at=None, announce_done_at=None) & (
        Q(announced_at=None) | Q(announced_at__lt=now - ANNOUNCE_LEASE)
    )


def _announce(post_id: int, now: dt.datetime) -> int | None:
    """Claim the post (one conditional UPDATE), notify, mark it done. None: not ours to
    announce (not due, or another worker has it)."""
    if Post.objects.filter(_due(now), pk=post_id).update(announced_at=now) != 1:
        return None
    translations.item_changed("post", post_id)  # a scheduled post, now visible, waits on the translation desk
    post = Post.objects.select_related("author").prefetch_related("tags").get(pk=post_id)
    notified = _fan_out_post(post, mentions_only=False, now=now)
    Post.objects.filter(pk=post_id, announced_at=now).update(announce_done_at=timezone.now())
    return notified


def announce_post(post_id: int) -> int:
    """Right after a post is published: notify followers of its tags and the members it
    mentions. Returns how many were notified (0 when it is not due or already announced)."""
    return _announce(post_id, timezone.now()) or 0


def announce_due_posts(now: dt.datetime | None = None) -> int:
    """Periodic job: announce scheduled posts whose time has come. Returns how many posts
    this run announced; safe to run in several processes at once."""
    now = now or timezone.now()
    due = list(Post.objects.filter(_due(now)).order_by("published_at").values_list("pk", flat=True)[:ANNOUNCE_PER_SWEEP])
    return sum(1 for post_id in due if _announce(post_id, now) is not None)


def notify_post_mentions(post_id: int) -> int:
    """After an edit of an announced post: notify members it newly mentions."""
    post = Post.objects.select_related("author").prefetch_related("tags").get(pk=post_id)
    if post.announce_done_at is None:
        return 0  # the announcement, still to come, includes them
    return _fan_out_post(post, mentions_only=True)
