"""Whole journeys through the pages, with the e-mails read from the outbox."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from kakehashi.accounts.models import Organisation, User
from kakehashi.core.models import Sector
from kakehashi.mail.models import OutboxMessage

from ..factories import PASSWORD, MembershipFactory, OrganisationFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _link(message: OutboxMessage) -> str:
    return re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s/]+/", message.body_text).group(0)


def _org_form(**overrides):
    data = {
        "name": "Pune Gears Pvt Ltd", "name_local": "", "country": "IN", "other_country": "", "org_type": "sme",
        "size_band": "50-249", "region_code": "IN-MH", "city": "Pune", "website": "https://pune-gears.example",
        "sectors": [Sector.objects.get(code="29").pk], "description_en": "Gears for two-wheelers.",
        "description_ja": "", "description_hi": "",
    }
    data.update(overrides)
    return data


def test_signup_verification_organisation_approval_dashboard(client, django_capture_on_commit_callbacks):
    staff = StaffFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {"display_name": "Asha Rao", "email": "asha@pune-gears.example", "password1": PASSWORD, "password2": PASSWORD},
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    message = OutboxMessage.objects.get(recipient="asha@pune-gears.example")
    assert message.template == "account/email/email_confirmation_signup"

    response = client.post(_link(message).split("://", 1)[1].split("/", 1)[1].join(["/", ""]))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:onboarding")

    response = client.post(reverse("accounts:organisation_create"), _org_form())
    assert response.status_code == 302
    org = Organisation.objects.get(name="Pune Gears Pvt Ltd")
    assert org.status == "pending"
    assert client.get(reverse("accounts:dashboard"))["Location"] == reverse("accounts:onboarding")

    client.force_login(staff)
    response = client.post(reverse("accounts:staff_decide_organisation", args=[org.pk]), {"decision": "approve"})
    assert response.status_code == 302

    client.force_login(User.objects.get(email="asha@pune-gears.example"))
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 200
    assert "Pune Gears Pvt Ltd" in response.content.decode()


def test_signup_remembers_the_language_the_person_signed_up_in(client):
    client.post(
        reverse("account_signup"),
        {"display_name": "田中", "email": "tanaka@example.jp", "password1": PASSWORD, "password2": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="ja",
    )

    user = User.objects.get(email="tanaka@example.jp")
    assert (user.language, user.timezone, user.approval_status) == ("ja", "Asia/Tokyo", "pending")
    assert OutboxMessage.objects.get().locale == "ja"


def test_visitor_gets_the_language_of_accept_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="hi")

    assert response.status_code == 200
    assert '<html lang="hi">' in response.content.decode()


def test_member_gets_their_saved_language_whatever_the_browser_says(client):
    client.force_login(UserFactory(language="ja"))

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en", follow=True)

    assert '<html lang="ja">' in response.content.decode()


def test_switching_language_is_saved_on_the_members_profile(client):
    user = UserFactory(language="en")
    client.force_login(user)

    response = client.post(reverse("accounts:set_language"), {"language": "hi", "next": "/organisations/"})

    user.refresh_from_db()
    assert (response.status_code, response["Location"], user.language) == (302, "/organisations/", "hi")


def test_switching_language_as_a_visitor_sets_the_cookie(client):
    response = client.post(reverse("accounts:set_language"), {"language": "ja", "next": "/"})

    assert response.cookies["kakehashi_language"].value == "ja"
    assert '<html lang="ja">' in client.get("/").content.decode()


def test_login_is_rate_limited_after_repeated_failures(client):
    user = UserFactory(email="target@example.org")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password"})

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts. Try again later." in response.content.decode()


def test_login_with_the_right_password_lands_on_the_dashboard(client):
    MembershipFactory(user=UserFactory(email="ok@example.org"))

    response = client.post(reverse("account_login"), {"login": "ok@example.org", "password": PASSWORD})

    assert (response.status_code, response["Location"]) == (302, reverse("accounts:dashboard"))


def test_export_gives_the_members_data_as_json(client):
    membership = MembershipFactory(user=UserFactory(email="me@example.org", display_name="Me"))
    client.force_login(membership.user)

    response = client.get(reverse("accounts:export"))

    data = json.loads(response.content)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="kakehashi-')
    assert data["account"]["email"] == "me@example.org"
    assert data["memberships"] == [
        {
            "organisation": membership.organisation.name,
            "organisation_slug": membership.organisation.slug,
            "role": "member",
            "status": "active",
            "since": membership.created_at.isoformat(),
        }
    ]


def test_delete_account_needs_the_email_address_typed(client):
    user = UserFactory(email="leaving@example.org")
    client.force_login(user)

    wrong = client.post(reverse("accounts:delete_account"), {"confirm": "someone@example.org"})
    right = client.post(reverse("accounts:delete_account"), {"confirm": "Leaving@Example.org "})

    assert wrong.status_code == 200
    assert wrong.context["form"].errors == {"confirm": ["That is not the e-mail address of this account."]}
    assert (right.status_code, right["Location"]) == (302, "/")
    assert not User.objects.filter(email="leaving@example.org").exists()


def test_directory_filters_by_country_type_sector_and_name(client):
    OrganisationFactory(name="Chennai Auto Parts", country="IN", sectors=["29"])
    OrganisationFactory(name="Osaka Robotics", country="JP", region_code="JP-27", org_type="startup", sectors=["28"])
    OrganisationFactory(name="Hidden Pending", status="pending")

    def names(**params):
        return [o.name for o in client.get(reverse("accounts:directory"), params).context["page"].object_list]

    assert names() == ["Chennai Auto Parts", "Osaka Robotics"]
    assert names(country="JP") == ["Osaka Robotics"]
    assert names(org_type="startup") == ["Osaka Robotics"]
    assert names(sector="29") == ["Chennai Auto Parts"]
    assert names(sector="C") == ["Chennai Auto Parts", "Osaka Robotics"]
    assert names(q="osaka") == ["Osaka Robotics"]
    assert names(country="nonsense") == ["Chennai Auto Parts", "Osaka Robotics"]


def test_directory_list_makes_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for i in range(30):
        OrganisationFactory(name=f"Org {i:02d}")

    with django_assert_max_num_queries(8):
        response = client.get(reverse("accounts:directory"))

    assert len(response.context["page"].object_list) == 24


def test_owner_answers_a_join_request_from_the_members_page(client, django_capture_on_commit_callbacks):
    org = OrganisationFactory()
    owner = MembershipFactory(organisation=org, role="owner").user
    request = MembershipFactory(organisation=org, status="requested")
    client.force_login(owner)

    response = client.post(reverse("accounts:membership_decide", args=[request.pk]), {"decision": "accept"})

    request.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, reverse("accounts:members", args=[org.slug]))
    assert request.status == "active"


def test_api_token_is_shown_once_and_authenticates_as_its_owner(client):
    user = UserFactory(email="script-owner@example.org")
    client.force_login(user)

    response = client.post(reverse("accounts:api_token_create"), {"token-name": "nightly export"})
    secret = response.context["new_token"]
    again = client.get(reverse("accounts:settings"))

    assert response.status_code == 200
    assert secret.startswith("kk_") and secret in response.content.decode()
    assert secret not in again.content.decode()
    assert "nightly export" in again.content.decode()
    api = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert (api.status_code, api.json()["email"]) == (200, "script-owner@example.org")


def test_api_token_revoked_no_longer_authenticates(client):
    from kakehashi.accounts import services

    user = UserFactory()
    token, secret = services.create_api_token(user, name="old")
    client.force_login(user)

    response = client.post(reverse("accounts:api_token_revoke", args=[token.pk]))

    assert (response.status_code, response["Location"]) == (302, reverse("accounts:settings"))
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_api_token_of_someone_else_cannot_be_revoked(client):
    from kakehashi.accounts import services

    token, secret = services.create_api_token(UserFactory(), name="theirs")
    client.force_login(UserFactory())

    response = client.post(reverse("accounts:api_token_revoke", args=[token.pk]))

    assert response.status_code == 404
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200


def test_api_token_without_a_name_shows_a_field_error(client):
    client.force_login(UserFactory())

    response = client.post(reverse("accounts:api_token_create"), {"token-name": ""})

    assert response.status_code == 200
    assert response.context["token_form"].errors == {"name": ["This field is required."]}


def test_home_page_announces_the_community_and_events_feeds(client):
    html = client.get("/").content.decode()
    head = html.split("</head>")[0]

    feeds = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="([^"]+)" href="([^"]+)">', head)
    assert feeds == [("Kakehashi · Community", "/community/feed/atom/"), ("Kakehashi · Events", "/events/feed/atom/")]
    for _title, href in feeds:
        assert client.get(href)["Content-Type"].startswith("application/atom+xml")


def test_settings_profile_save_keeps_a_digest_change_made_on_the_same_page(client, member):
    client.force_login(member)
    forms = re.findall(r"<form method=\"post\"[^>]*>(.*?)</form>", client.get("/settings/").content.decode(), re.DOTALL)
    [form] = [f for f in forms if 'name="profile-display_name"' in f]
    assert 'name="prefs-digest"' in form  # one form: what a browser sends on the profile "Save"
    data = {"form": re.findall(r'name="form" value="(\w+)"', form), "profile-display_name": "Asha Rao",
            "profile-job_title": "", "profile-bio": "", "profile-language": "en", "profile-timezone": "Asia/Kolkata",
            "prefs-email_notifications": "on", "prefs-digest": "weekly"}

    response = client.post("/settings/", data)

    member.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, "/settings/")
    assert (member.display_name, member.digest) == ("Asha Rao", "weekly")


def test_settings_saved_message_is_in_the_language_just_chosen(client, member):
    client.force_login(member)
    data = {"form": "profile", "profile-display_name": member.display_name, "profile-job_title": "",
            "profile-bio": "", "profile-language": "hi", "profile-timezone": "Asia/Kolkata"}

    response = client.post("/settings/", data, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["सहेजा गया।"]
    assert '<html lang="hi">' in response.content.decode()


def test_onboarding_tells_a_waiting_applicant_that_the_organisation_decides(client):
    applicant = UserFactory(approval_status="pending")
    MembershipFactory(user=applicant, organisation=OrganisationFactory(), status="requested")
    founder = UserFactory(approval_status="pending")
    MembershipFactory(user=founder, organisation=OrganisationFactory(status="pending"), role="owner")

    client.force_login(applicant)
    asked = client.get("/welcome/").content.decode()
    client.force_login(founder)
    registered = client.get("/welcome/").content.decode()

    assert "The organisation's administrators will answer your request" in asked and "will review your application" not in asked
    assert "will review your application" in registered and "administrators will answer your request" not in registered
