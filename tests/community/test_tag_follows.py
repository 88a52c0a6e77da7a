"""Following a tag at a level, and how tag followers take part in the comment fan-out."""

import pytest
from django.core.exceptions import ValidationError

from kakehashi.community import services
from kakehashi.community.models import Notification, PostFollow, Tag, TagFollow
from kakehashi.core.models import AuditEntry
from kakehashi.mail.models import OutboxMessage

from ..factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ai():
    return Tag.objects.create(slug="ai", name="AI")


@pytest.fixture
def post(ai):
    post = PostFactory(title="Robots in Pune")
    post.tags.add(ai)
    return post


def _comment(author, post, body="Great session!", parent=None):
    comment = services.add_comment(author, post, body=body, parent=parent)
    services.fan_out_comment(comment.pk)  # the task's work, run here (tests do not commit)
    return comment


def test_set_tag_follow_stores_the_level_and_off_removes_it(ai):
    user = UserFactory()

    services.set_tag_follow(user, ai, level="all")
    first = list(TagFollow.objects.values_list("user", "tag", "level"))
    services.set_tag_follow(user, ai, level="new_posts")
    second = list(TagFollow.objects.values_list("level", flat=True))
    services.set_tag_follow(user, ai, level="off")

    assert (first, second, TagFollow.objects.count()) == ([(user.pk, ai.pk, "all")], ["new_posts"], 0)
    assert list(AuditEntry.objects.filter(action="tag.follow_level").values_list("data", flat=True)) == [
        {"level": "off"}, {"level": "new_posts"}, {"level": "all"}
    ]


@pytest.mark.parametrize("level", ["", "ALL", "everything", "all\x00"])
def test_set_tag_follow_unknown_level_is_refused(ai, level):
    with pytest.raises(ValidationError) as exc:
        services.set_tag_follow(UserFactory(), ai, level=level)

    assert exc.value.message_dict == {"level": ["Choose every post and comment, new posts only, or off."]}
    assert TagFollow.objects.count() == 0


def test_comment_notifies_followers_of_the_tag_at_level_all_only(post, ai):
    every = UserFactory(email="every@example.org")
    new_only = UserFactory(email="new@example.org")
    TagFollow.objects.create(user=every, tag=ai, level="all")
    TagFollow.objects.create(user=new_only, tag=ai, level="new_posts")

    _comment(UserFactory(), post)

    assert list(Notification.objects.values_list("recipient__email", "kind")) == [("every@example.org", "comment")]
    message = OutboxMessage.objects.get(recipient="every@example.org")
    assert (message.context["via"], message.context["tags"]) == ("tag", "AI")
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "You receive this because you follow every post and comment tagged “AI”." in message.body_text


def test_a_member_matched_by_several_rules_gets_one_notification_and_one_email(post, ai):
    """Follows the post, follows two of its tags, and is replied to: one reply."""
    robots = Tag.objects.create(slug="robots", name="Robots")
    post.tags.add(robots)
    busy = UserFactory(email="busy@example.org")
    PostFollow.objects.create(user=busy, post=post)
    TagFollow.objects.create(user=busy, tag=ai, level="all")
    TagFollow.objects.create(user=busy, tag=robots, level="all")
    top = _comment(busy, post, body="question")

    _comment(UserFactory(), post, body="answer", parent=top)

    assert list(Notification.objects.filter(recipient=busy).values_list("kind", flat=True)) == ["reply"]
    assert OutboxMessage.objects.filter(recipient="busy@example.org").count() == 1


def test_post_follower_who_also_follows_the_tag_is_told_about_the_post_follow(post, ai):
    reader = UserFactory(email="reader@example.org")
    PostFollow.objects.create(user=reader, post=post)
    TagFollow.objects.create(user=reader, tag=ai, level="all")

    _comment(UserFactory(), post)

    assert OutboxMessage.objects.get().context["via"] == "post"


def test_tag_follower_who_switched_the_post_off_hears_nothing_about_it(post, ai):
    quiet = UserFactory()
    TagFollow.objects.create(user=quiet, tag=ai, level="all")
    services.set_following(quiet, post, active=False)

    _comment(UserFactory(), post)

    assert Notification.objects.count() == 0


def test_tag_follow_never_notifies_the_commenter(post, ai):
    commenter = UserFactory()
    TagFollow.objects.create(user=commenter, tag=ai, level="all")

    _comment(commenter, post)

    assert Notification.objects.count() == 0


def test_tag_follower_not_approved_hears_nothing_about_a_members_only_post(ai):
    members_post = PostFactory(visibility="members")
    members_post.tags.add(ai)
    waiting = UserFactory(approval_status="pending")
    approved = UserFactory()
    for user in (waiting, approved):
        TagFollow.objects.create(user=user, tag=ai, level="all")

    _comment(UserFactory(), members_post)

    assert list(Notification.objects.values_list("recipient", flat=True)) == [approved.pk]


@pytest.mark.parametrize("preferences", [{"email_notifications": False}, {"digest": "daily"}], ids=["email_off", "digest"])
def test_tag_follower_with_email_off_or_on_a_digest_gets_no_email_now(post, ai, preferences):
    reader = UserFactory(**preferences)
    TagFollow.objects.create(user=reader, tag=ai, level="all")

    _comment(UserFactory(), post)

    assert list(Notification.objects.values_list("recipient", "emailed")) == [(reader.pk, False)]
    assert OutboxMessage.objects.count() == 0


def test_tag_comment_unsubscribe_keeps_new_posts(post, ai):
    reader = UserFactory(email="reader@example.org")
    TagFollow.objects.create(user=reader, tag=ai, level="all")
    _comment(UserFactory(), post)
    token = OutboxMessage.objects.get().headers["List-Unsubscribe"].rsplit("/unsubscribe/", 1)[1].rstrip("/>")

    result = services.unsubscribe(token)
    _comment(UserFactory(), post)

    assert (result.scope, result.name) == ("tag_comments", "AI")
    assert list(TagFollow.objects.values_list("level", flat=True)) == ["new_posts"]
    assert OutboxMessage.objects.filter(recipient="reader@example.org").count() == 1


def test_fan_out_with_tag_followers_twice_sends_nobody_a_second_email(post, ai):
    for _ in range(3):
        TagFollow.objects.create(user=UserFactory(), tag=ai, level="all")
    comment = _comment(UserFactory(), post)

    assert services.fan_out_comment(comment.pk) == 0
    assert (Notification.objects.count(), OutboxMessage.objects.count()) == (3, 3)
