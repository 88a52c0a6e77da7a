"""New-post notifications: followers of a post's tags hear about it once, when it becomes
visible (published now, or when a scheduled time arrives)."""

import datetime as dt

import pytest
from django.utils import timezone

from kakehashi.community import fanout, services
from kakehashi.community.digests import send_due_digests
from kakehashi.community.models import Notification, Post, Tag, TagFollow
from kakehashi.mail.models import OutboxMessage

from ..factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ai():
    return Tag.objects.create(slug="ai", name="AI")


@pytest.fixture
def followers(ai):
    every = UserFactory(email="every@example.org", language="ja")
    new_only = UserFactory(email="new@example.org", language="hi")
    TagFollow.objects.create(user=every, tag=ai, level="all")
    TagFollow.objects.create(user=new_only, tag=ai, level="new_posts")
    return every, new_only


def _publish(author, django_capture_on_commit_callbacks, **kwargs):
    """create_post as a view calls it: the announcement runs after commit."""
    with django_capture_on_commit_callbacks(execute=True):
        return services.create_post(author, title=kwargs.pop("title", "Robots in Pune"), body="Hello **all**",
                                    language="en", tags=["AI"], **kwargs)


def test_publishing_notifies_followers_of_its_tags_at_both_levels_once(followers, ai, django_capture_on_commit_callbacks):
    author = StaffFactory(email="author@example.org")
    TagFollow.objects.create(user=author, tag=ai, level="all")  # the author is not told about their own post

    post = _publish(author, django_capture_on_commit_callbacks)

    assert sorted(Notification.objects.values_list("recipient__email", "kind", "comment")) == [
        ("every@example.org", "new_post", None), ("new@example.org", "new_post", None),
    ]
    assert sorted(OutboxMessage.objects.values_list("recipient", "locale", "template")) == [
        ("every@example.org", "ja", "community/mail/new_post"), ("new@example.org", "hi", "community/mail/new_post"),
    ]
    post.refresh_from_db()
    assert post.announced_at is not None and post.announce_done_at is not None
    assert fanout.announce_post(post.pk) == 0
    assert fanout.announce_due_posts(timezone.now() + dt.timedelta(hours=1)) == 0
    assert (Notification.objects.count(), OutboxMessage.objects.count()) == (2, 2)


def test_new_post_email_names_the_tag_and_unsubscribes_from_it(followers, django_capture_on_commit_callbacks):
    every, _new_only = followers
    _publish(StaffFactory(display_name="Sato Haruka"), django_capture_on_commit_callbacks)
    message = OutboxMessage.objects.get(recipient="new@example.org")

    token = message.headers["List-Unsubscribe"].rsplit("/unsubscribe/", 1)[1].rstrip("/>")
    result = services.unsubscribe(token)

    assert message.context["tags"] == "AI"
    assert message.context["url"] == "http://127.0.0.1:8000/community/posts/robots-in-pune/"
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (result.scope, result.name) == ("tag", "AI")
    assert list(TagFollow.objects.values_list("user", flat=True)) == [every.pk]


def test_new_post_email_in_english(ai, django_capture_on_commit_callbacks):
    TagFollow.objects.create(user=UserFactory(email="en@example.org", display_name="Asha"), tag=ai, level="new_posts")

    _publish(StaffFactory(display_name="Sato Haruka"), django_capture_on_commit_callbacks)

    message = OutboxMessage.objects.get()
    assert message.subject == "New post in “AI”: Robots in Pune"
    assert "Sato Haruka published “Robots in Pune” (tagged “AI”):" in message.body_text
    assert "You receive this because you follow the tag “AI”." in message.body_text


def test_a_scheduled_post_is_announced_by_the_sweep_once_its_time_comes(followers, django_capture_on_commit_callbacks):
    at = timezone.now() + dt.timedelta(days=1)
    post = _publish(StaffFactory(), django_capture_on_commit_callbacks, published_at=at)

    before = fanout.announce_due_posts(at - dt.timedelta(minutes=1))
    first = fanout.announce_due_posts(at + dt.timedelta(minutes=1))
    second = fanout.announce_due_posts(at + dt.timedelta(minutes=2))

    assert (before, first, second) == (0, 1, 0)
    assert Notification.objects.filter(post=post, kind="new_post").count() == 2
    assert OutboxMessage.objects.count() == 2


def test_a_claim_by_a_live_worker_is_left_alone_and_a_stale_one_taken_over(followers, ai):
    """A worker claimed the post and died after notifying one follower: within the lease
    nobody else announces it; after the lease the sweep finishes the job, and nobody gets a
    second notification or e-mail."""
    every, new_only = followers
    now = timezone.now()
    post = Post.objects.create(title="Claimed", slug="claimed", body="x", body_html="<p>x</p>", language="en",
                               published_at=now - dt.timedelta(minutes=1), announced_at=now)
    post.tags.add(ai)
    Notification.objects.create(recipient=every, kind="new_post", post=post, emailed=True)

    during_lease = fanout.announce_due_posts(now + dt.timedelta(minutes=5))
    after_lease = fanout.announce_due_posts(now + fanout.ANNOUNCE_LEASE + dt.timedelta(seconds=1))

    assert (during_lease, after_lease) == (0, 1)
    assert sorted(Notification.objects.values_list("recipient", flat=True)) == sorted([every.pk, new_only.pk])
    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == ["new@example.org"]


def test_a_draft_is_announced_when_staff_publish_it(followers, django_capture_on_commit_callbacks):
    staff = StaffFactory()
    draft = _publish(staff, django_capture_on_commit_callbacks, published_at=None)
    assert (Notification.objects.count(), fanout.announce_due_posts()) == (0, 0)

    with django_capture_on_commit_callbacks(execute=True):
        services.update_post(staff, draft, published_at=timezone.now())

    assert Notification.objects.filter(post=draft, kind="new_post").count() == 2


def test_editing_an_announced_post_announces_nothing_again(followers, django_capture_on_commit_callbacks):
    staff = StaffFactory()
    post = _publish(staff, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        services.update_post(staff, Post.objects.get(pk=post.pk), title="Robots in Pune, updated")

    assert (Notification.objects.count(), OutboxMessage.objects.count()) == (2, 2)


def test_a_post_hidden_by_moderation_is_announced_only_if_staff_keep_it(followers, ai):
    now = timezone.now()
    post = Post.objects.create(title="Flagged", slug="flagged", body="x", body_html="<p>x</p>", language="en",
                               published_at=now - dt.timedelta(minutes=1), hidden_at=now)
    post.tags.add(ai)

    hidden = fanout.announce_due_posts()
    Post.objects.filter(pk=post.pk).update(hidden_at=None)
    kept = fanout.announce_due_posts()

    assert (hidden, kept) == (0, 1)


def test_members_only_post_is_announced_to_approved_followers_only(ai, django_capture_on_commit_callbacks):
    waiting = UserFactory(approval_status="pending")
    approved = UserFactory()
    inactive = UserFactory(is_active=False)
    for user in (waiting, approved, inactive):
        TagFollow.objects.create(user=user, tag=ai, level="new_posts")

    _publish(StaffFactory(), django_capture_on_commit_callbacks, visibility="members")

    assert list(Notification.objects.values_list("recipient", flat=True)) == [approved.pk]


def test_new_post_respects_the_no_email_switch_and_the_digest(ai, django_capture_on_commit_callbacks):
    silent = UserFactory(email_notifications=False)
    digest_reader = UserFactory(email="digest@example.org", digest="daily", date_joined=timezone.now() - dt.timedelta(days=2))
    for user in (silent, digest_reader):
        TagFollow.objects.create(user=user, tag=ai, level="all")

    post = _publish(StaffFactory(display_name="Sato"), django_capture_on_commit_callbacks)
    immediate = OutboxMessage.objects.count()
    send_due_digests(timezone.now() + dt.timedelta(hours=1))

    assert immediate == 0
    assert sorted(Notification.objects.values_list("recipient", "emailed")) == sorted([(silent.pk, False), (digest_reader.pk, False)])
    digest = OutboxMessage.objects.get()
    assert (digest.recipient, digest.template) == ("digest@example.org", "community/mail/digest")
    assert digest.context["items"] == [
        {"actor": "Sato", "kind": "new_post", "title": post.title, "url": f"http://127.0.0.1:8000{post.get_absolute_url()}"}
    ]
    assert "Sato published a new post: Robots in Pune" in digest.body_text


def test_notification_centre_links_a_new_post_to_the_post(client, ai, django_capture_on_commit_callbacks):
    reader = UserFactory()
    TagFollow.objects.create(user=reader, tag=ai, level="new_posts")
    post = _publish(StaffFactory(display_name="Sato"), django_capture_on_commit_callbacks)
    client.force_login(reader)

    notice = reader.notices.get()
    html = client.get("/notifications/").content.decode()
    opened = client.get(f"/notifications/{notice.pk}/")

    assert f'<a href="/notifications/{notice.pk}/">Sato published “Robots in Pune” in a tag you follow.</a>' in html
    assert opened.status_code == 302 and opened["Location"] == post.get_absolute_url()


def test_new_post_is_listed_by_the_api_without_a_comment(client, followers, django_capture_on_commit_callbacks):
    every, _new_only = followers
    post = _publish(StaffFactory(display_name="Sato"), django_capture_on_commit_callbacks)
    client.force_login(every)

    result = client.get("/api/v1/community/notifications").json()["results"]

    assert [(n["kind"], n["post"], n["comment"], n["actor_name"]) for n in result] == [("new_post", post.slug, None, "Sato")]
