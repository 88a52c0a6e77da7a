"""The outbox in the admin: every staff account reads it (the README sends staff there);
nobody adds or edits a message there."""

import pytest

from kakehashi.mail import services

from ..factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "ja", "hi"])
def test_staff_account_without_permissions_reads_the_outbox(client, language):
    member = UserFactory(email="haruka@example.jp")
    message = services.queue_mail(to=member.email, user=member, template="accounts/mail/member_approved",
                                  context={"name": member.display_name}, locale="ja")
    client.force_login(StaffFactory(language=language, is_superuser=False))

    listing = client.get("/admin/mail/outboxmessage/")
    detail = client.get(f"/admin/mail/outboxmessage/{message.pk}/change/")

    assert (listing.status_code, detail.status_code) == (200, 200)
    assert "haruka@example.jp" in listing.content.decode()
    assert 'name="_save"' not in detail.content.decode()
    assert client.get("/admin/mail/outboxmessage/add/").status_code == 403


def test_member_who_is_not_staff_cannot_open_the_outbox(client):
    client.force_login(UserFactory())

    response = client.get("/admin/mail/outboxmessage/")

    assert (response.status_code, response["Location"]) == (302, "/admin/login/?next=/admin/mail/outboxmessage/")
