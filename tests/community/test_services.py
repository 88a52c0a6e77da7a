"""Community writes: posts, comments, follows, and the notification fan-out."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kakehashi.community import services
from kakehashi.community.models import Comment, Notification, PostFollow
from kakehashi.mail.models import OutboxMessage

from ..factories import PostFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _comment(author, post, body="Great session!", parent=None):
    comment = services.add_comment(author, post, body=body, parent=parent)
    services.fan_out_comment(comment.pk)  # the task's work, run here (tests do not commit)
    return comment


def test_create_post_renders_markdown_and_the_author_follows_it():
    author = UserFactory()

    post = services.create_post(author, title="Digital Partnership", body="**co-create**", language="en", tags=["AI", "Startups"])

    assert (post.slug, post.body_html) == ("digital-partnership", "<p><strong>co-create</strong></p>\n")
    assert sorted(post.tags.values_list("slug", flat=True)) == ["ai", "startups"]
    assert list(PostFollow.objects.values_list("user", "active")) == [(author.pk, True)]


def test_only_approved_members_comment():
    post = PostFactory()

    with pytest.raises(PermissionDenied):
        services.add_comment(UserFactory(approval_status="pending"), post, body="hello")
    assert Comment.objects.count() == 0


def test_comments_on_a_closed_post_are_refused():
    post = PostFactory(comments_closed=True)

    with pytest.raises(ValidationError) as exc:
        services.add_comment(UserFactory(), post, body="hello")

    assert exc.value.messages == ["Comments are closed on this post."]


def test_a_reply_to_a_reply_joins_the_same_thread():
    post = PostFactory()
    top = services.add_comment(UserFactory(), post, body="top")
    reply = services.add_comment(UserFactory(), post, body="reply", parent=top)

    nested = services.add_comment(UserFactory(), post, body="reply to reply", parent=reply)

    assert nested.parent_id == top.pk


def test_commenting_follows_the_post_unless_the_member_switched_it_off():
    post = PostFactory()
    keen, quiet = UserFactory(), UserFactory()
    services.set_following(quiet, post, active=False)

    services.add_comment(keen, post, body="one")
    services.add_comment(quiet, post, body="two")

    assert dict(PostFollow.objects.filter(user__in=[keen, quiet]).values_list("user", "active")) == {keen.pk: True, quiet.pk: False}


def test_fan_out_notifies_followers_once_and_never_the_commenter():
    author = UserFactory(email="author@example.org", language="ja")
    post = PostFactory(author=author)
    PostFollow.objects.create(user=author, post=post)
    commenter = UserFactory(email="commenter@example.org")

    _comment(commenter, post)

    assert list(Notification.objects.values_list("recipient__email", "kind")) == [("author@example.org", "comment")]
    message = OutboxMessage.objects.get()
    assert (message.recipient, message.locale, message.template) == ("author@example.org", "ja", "community/mail/new_comment")
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.headers["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/community/unsubscribe/")


def test_a_reply_notifies_its_parent_author_as_a_reply_not_as_a_follower():
    post = PostFactory()
    first = UserFactory(email="first@example.org")
    top = _comment(first, post, body="top")

    _comment(UserFactory(), post, body="answer", parent=top)

    assert list(Notification.objects.filter(recipient=first).values_list("kind", flat=True)) == ["reply"]
    assert OutboxMessage.objects.filter(recipient="first@example.org").count() == 1


def test_fan_out_twice_sends_nobody_a_second_email():
    post = PostFactory()
    for _i in range(3):
        PostFollow.objects.create(user=UserFactory(), post=post)
    comment = _comment(UserFactory(), post)

    assert services.fan_out_comment(comment.pk) == 0
    assert OutboxMessage.objects.count() == 3
    assert Notification.objects.count() == 3


def test_members_only_post_does_not_notify_a_follower_who_is_no_longer_approved():
    post = PostFactory(visibility="members")
    gone = UserFactory(approval_status="declined")
    PostFollow.objects.create(user=gone, post=post)

    _comment(UserFactory(), post)

    assert Notification.objects.filter(recipient=gone).count() == 0
    assert OutboxMessage.objects.count() == 0


def test_no_email_switch_keeps_the_in_site_notification_only():
    post = PostFactory()
    silent = UserFactory(email_notifications=False)
    PostFollow.objects.create(user=silent, post=post)

    _comment(UserFactory(), post)

    assert list(Notification.objects.values_list("recipient", "emailed")) == [(silent.pk, False)]
    assert OutboxMessage.objects.count() == 0


def test_unsubscribe_token_stops_the_emails_for_that_post_only():
    post, other = PostFactory(), PostFactory()
    reader = UserFactory()
    PostFollow.objects.create(user=reader, post=post)
    PostFollow.objects.create(user=reader, post=other)

    services.unsubscribe(services.unsubscribe_token(reader.pk, post.pk))
    _comment(UserFactory(), post)
    _comment(UserFactory(), other)

    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == [reader.email]
    assert OutboxMessage.objects.get().context["post_title"] == other.title


def test_a_forged_unsubscribe_token_is_refused():
    with pytest.raises(ValidationError) as exc:
        services.unsubscribe("not-a-token")

    assert exc.value.messages == ["This unsubscribe link is not valid."]


def test_comment_edit_window_is_fifteen_minutes_for_the_author_but_not_for_staff():
    post = PostFactory()
    author = UserFactory()
    comment = services.add_comment(author, post, body="first")
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - dt.timedelta(minutes=16))
    comment.refresh_from_db()

    with pytest.raises(ValidationError):
        services.edit_comment(author, comment, body="late edit")
    edited = services.edit_comment(StaffFactory(), comment, body="moderated")

    assert (edited.body, edited.edited_at is not None) == ("moderated", True)


def test_deleting_a_comment_keeps_a_placeholder_and_its_replies():
    post = PostFactory()
    author = UserFactory()
    top = services.add_comment(author, post, body="top")
    services.add_comment(UserFactory(), post, body="reply", parent=top)

    services.delete_comment(author, top)

    top.refresh_from_db()
    assert (top.is_deleted, top.body, top.replies.count()) == (True, "", 1)


def test_someone_else_cannot_delete_a_comment():
    comment = services.add_comment(UserFactory(), PostFactory(), body="mine")

    with pytest.raises(PermissionDenied):
        services.delete_comment(UserFactory(), comment)
