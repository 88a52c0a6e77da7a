"""Flags, the automatic hide, and staff decisions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kakehashi.community import moderation, services
from kakehashi.community.models import Flag
from kakehashi.core.models import AuditEntry
from kakehashi.mail.models import OutboxMessage

from ..factories import PostFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment():
    return services.add_comment(UserFactory(email="writer@example.org", language="ja"), PostFactory(title="Perspectives"), body="Buy cheap watches")


def test_a_comment_is_hidden_after_three_flags_from_distinct_members(comment):
    for _i in range(2):
        moderation.flag(UserFactory(), comment=comment, reason="spam")
    comment.refresh_from_db()
    assert comment.hidden_at is None

    moderation.flag(UserFactory(), comment=comment, reason="spam")

    comment.refresh_from_db()
    assert comment.hidden_at is not None
    assert AuditEntry.objects.filter(action="moderation.auto_hidden").count() == 1


def test_flagging_twice_or_flagging_yourself_is_refused(comment):
    flagger = UserFactory()
    moderation.flag(flagger, comment=comment, reason="spam")

    with pytest.raises(ValidationError) as twice:
        moderation.flag(flagger, comment=comment, reason="other")
    with pytest.raises(ValidationError) as own:
        moderation.flag(comment.author, comment=comment, reason="other")

    assert (twice.value.messages, own.value.messages) == (["You have already flagged this."], ["You cannot flag your own writing."])
    assert Flag.objects.count() == 1


def test_only_approved_members_flag(comment):
    with pytest.raises(PermissionDenied):
        moderation.flag(UserFactory(approval_status="pending"), comment=comment, reason="spam")


def test_hidden_comment_shows_a_placeholder_to_members_and_the_text_to_staff(client, comment):
    for _ in range(3):
        moderation.flag(UserFactory(), comment=comment, reason="spam")

    client.force_login(UserFactory())
    member_view = client.get(comment.post.get_absolute_url()).content.decode()
    client.force_login(StaffFactory())
    staff_view = client.get(comment.post.get_absolute_url()).content.decode()

    assert "This comment is hidden while staff review it." in member_view and "Buy cheap watches" not in member_view
    assert "Buy cheap watches" in staff_view and "Hidden from members until reviewed." in staff_view


def test_keep_unhides_and_resolves_every_open_flag(comment):
    for _ in range(3):
        moderation.flag(UserFactory(), comment=comment, reason="off_topic")

    moderation.review(StaffFactory(), comment=comment, action="keep")

    comment.refresh_from_db()
    assert comment.hidden_at is None
    assert set(Flag.objects.values_list("resolution", flat=True)) == {"kept"}
    assert moderation.open_queue() == []


def test_warn_mails_the_author_in_their_language(comment):
    moderation.flag(UserFactory(), comment=comment, reason="spam")

    moderation.review(StaffFactory(), comment=comment, action="warn", note="No advertising, please.")

    message = OutboxMessage.objects.get(recipient="writer@example.org")
    assert (message.template, message.locale) == ("community/mail/moderation_warning", "ja")
    assert "No advertising, please." in message.body_text


def test_suspend_deactivates_the_author_and_hides_the_comment(comment):
    moderation.flag(UserFactory(), comment=comment, reason="spam")

    moderation.review(StaffFactory(), comment=comment, action="suspend")

    comment.refresh_from_db()
    comment.author.refresh_from_db()
    assert (comment.author.is_active, comment.hidden_at is not None) == (False, True)
    assert list(moderation.action_log().values_list("action", flat=True)) == ["moderation.suspend"]


def test_delete_leaves_the_removed_placeholder(comment):
    moderation.flag(UserFactory(), comment=comment, reason="inappropriate")

    moderation.review(StaffFactory(), comment=comment, action="delete")

    comment.refresh_from_db()
    assert (comment.is_deleted, comment.body) == (True, "")


def test_queue_lists_the_most_flagged_first():
    post = PostFactory()
    a = services.add_comment(UserFactory(), post, body="a")
    b = services.add_comment(UserFactory(), post, body="b")
    moderation.flag(UserFactory(), comment=a, reason="spam")
    for _ in range(2):
        moderation.flag(UserFactory(), comment=b, reason="spam")
    moderation.flag(UserFactory(), post=post, reason="other")

    queue = moderation.open_queue()

    assert [(row["kind"], row["target"].pk, row["count"]) for row in queue] == [
        ("comment", b.pk, 2), ("comment", a.pk, 1), ("post", post.pk, 1)
    ]


def test_a_hidden_post_disappears_for_visitors_and_members(client):
    post = PostFactory()
    moderation.flag(UserFactory(), post=post, reason="spam")

    moderation.review(StaffFactory(), post=post, action="hide")

    assert client.get(post.get_absolute_url()).status_code == 404


def test_a_hidden_comment_cannot_be_edited_by_its_author(comment):
    for _ in range(3):
        moderation.flag(UserFactory(), comment=comment, reason="spam")
    comment.refresh_from_db()

    with pytest.raises(ValidationError) as exc:
        services.edit_comment(comment.author, comment, body="Nothing to see")

    assert exc.value.messages == ["This comment is hidden while staff review it."]


def test_deleting_twice_keeps_the_first_deletion_time(comment):
    first = services.delete_comment(comment.author, comment).deleted_at

    again = services.delete_comment(comment.author, comment)

    assert again.deleted_at == first


def test_queue_shows_reasons_in_the_readers_language(comment):
    from django.utils import translation

    moderation.flag(UserFactory(), comment=comment, reason="off_topic")

    with translation.override("ja"):
        reasons = moderation.open_queue()[0]["reasons"]
        expected = translation.gettext("Off-topic")

    assert reasons == [expected] and expected != "Off-topic"
