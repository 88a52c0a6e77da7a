"""Staff make members translators (the desk, versions as the secretariat) and take it back."""

from django.urls import reverse

from kakehashi.core.models import AuditEntry

from .helpers import client_for

PAGE = reverse("translations:translators")
DESK = reverse("translations:desk")


def test_staff_make_a_member_a_translator_who_then_uses_the_desk(world):
    assert client_for(world.reader).get(DESK).status_code == 403
    response = client_for(world.staff).post(PAGE, {"email": "ASHA@sundaram.example.in"})
    assert response.status_code == 302 and response["Location"] == PAGE
    world.reader.refresh_from_db()
    assert client_for(world.reader).get(DESK).status_code == 200
    html = client_for(world.staff).get(PAGE).content.decode()
    assert f'<li class="translator" data-id="{world.reader.pk}">Asha Rao · asha@sundaram.example.in' in html
    assert AuditEntry.objects.filter(action="translation.translator_granted", target_id=str(world.reader.pk)).count() == 1


def test_staff_take_the_permission_back(world):
    client_for(world.staff).post(PAGE, {"email": world.reader.email})
    response = client_for(world.staff).post(PAGE, {"action": "revoke", "user": str(world.reader.pk)})
    assert response.status_code == 302
    assert client_for(world.reader).get(DESK).status_code == 403
    assert f'data-id="{world.reader.pk}"' not in client_for(world.staff).get(PAGE).content.decode()
    assert AuditEntry.objects.filter(action="translation.translator_revoked").count() == 1


def test_an_unknown_or_unapproved_address_is_a_400_that_says_so(world):
    for email in ("nobody@example.org", world.unapproved.email, ""):
        response = client_for(world.staff).post(PAGE, {"email": email})
        assert response.status_code == 400, email
        assert "No approved member has this e-mail address." in response.content.decode()
    assert not AuditEntry.objects.filter(action="translation.translator_granted").exists()
    assert client_for(world.staff).post(PAGE, {"action": "revoke", "user": "99999999999999"}).status_code == 400


def test_only_staff_grant_or_see_translators(world):
    anonymous = client_for(None).post(PAGE, {"email": world.reader.email})
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("account_login"))
    client_for(world.staff).post(PAGE, {"email": world.outsider.email})  # a translator is no staff
    for user in (world.reader, world.owner, world.outsider, world.unapproved):
        assert client_for(user).get(PAGE).status_code == 403
        assert client_for(user).post(PAGE, {"email": world.reader.email}).status_code == 403
    world.reader.refresh_from_db()
    assert not world.reader.has_perm("translations.translate")
