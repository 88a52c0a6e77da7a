"""The author of a contribution that staff hid, removed or warned about is told in their
notification centre; the warning e-mail respects its switch."""

import pytest

from kakehashi.community import moderation, services
from kakehashi.mail.models import OutboxMessage
from kakehashi.notices import services as notices
from kakehashi.notices.models import Notice

from ..factories import PostFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment():
    return services.add_comment(UserFactory(email="writer@example.org", language="ja"), PostFactory(title="Perspectives"), body="Buy cheap watches")


@pytest.mark.parametrize(("action", "kind"), [("hide", "moderation_hidden"), ("delete", "moderation_deleted"), ("warn", "moderation_warned")])
def test_the_author_is_notified_of_a_moderation_decision(comment, action, kind):
    moderation.review(StaffFactory(), comment=comment, action=action, note="No advertising, please.")

    notice = Notice.objects.get(recipient=comment.author)
    assert (notice.kind, notice.url, notice.params) == (kind, f"/community/comments/{comment.pk}/", {"title": "Perspectives"})


def test_keeping_a_contribution_tells_its_author_nothing(comment):
    moderation.review(StaffFactory(), comment=comment, action="keep")

    assert not Notice.objects.exists()


def test_the_warning_email_respects_its_switch(comment):
    notices.set_email_switches(comment.author, {"moderation_warned": False})

    moderation.review(StaffFactory(), comment=comment, action="warn", note="No advertising, please.")

    assert not OutboxMessage.objects.filter(template="community/mail/moderation_warning").exists()
    assert Notice.objects.filter(recipient=comment.author, kind="moderation_warned").count() == 1
