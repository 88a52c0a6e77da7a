"""Behaviour of every /api/v1/ operation of the accounts and core apps."""

import re

import pytest
from django.utils.translation import gettext, override

from kakehashi.accounts.models import ApprovalStatus, Membership, Organisation, User
from kakehashi.mail.models import OutboxMessage
from tests.factories import MembershipFactory, OrganisationFactory, StaffFactory, UserFactory

from ..api import JSON, api_url, bearer_client


def mails(template: str) -> list[tuple[str, str]]:
    """(recipient, locale) of the queued messages made from `template`, sorted."""
    return sorted(OutboxMessage.objects.filter(template=template).values_list("recipient", "locale"))


@pytest.fixture
def directory(db):
    """Three approved organisations, one pending and one declined."""
    return {
        "in": OrganisationFactory(name="Sundaram Precision", slug="sundaram-precision", sectors=["29"]),
        "jp": OrganisationFactory(
            name="Tokyo Robotics", slug="tokyo-robotics", name_local="東京ロボティクス", country="JP",
            org_type="startup", region_code="JP-13", city="Tokyo", sectors=["62"],
        ),
        "xx": OrganisationFactory(
            name="Berlin Bridge", slug="berlin-bridge", country="XX", other_country="DE", org_type="investor",
            region_code="", city="Berlin", sectors=["64"],
        ),
        "pending": OrganisationFactory(name="Pending Precision", slug="pending-precision", status="pending", sectors=["29"]),
        "declined": OrganisationFactory(name="Declined Precision", slug="declined-precision", status="declined", sectors=["29"]),
    }


@pytest.fixture
def org_a(db):
    """An approved organisation with an owner (Japanese-speaking) and a plain member."""
    org = OrganisationFactory(name="Sundaram Precision", slug="sundaram-precision")
    MembershipFactory(user=UserFactory(email="owner@example.org", display_name="Owner", language="ja"), organisation=org, role="owner")
    MembershipFactory(user=UserFactory(email="plain@example.org", display_name="Plain"), organisation=org, role="member")
    return org


def owner_of(org: Organisation) -> User:
    return org.memberships.get(role="owner").user


# --- directory ----------------------------------------------------------------------------


def slugs(response) -> list[str]:
    return [o["slug"] for o in response.json()["results"]]


def test_directory_lists_approved_organisations_by_name(client, directory):
    response = client.get("/api/v1/organisations")

    assert response.status_code == 200
    assert {k: v for k, v in response.json().items() if k != "results"} == {"count": 3, "page": 1, "pages": 1}
    assert slugs(response) == ["berlin-bridge", "sundaram-precision", "tokyo-robotics"]


def test_directory_hides_pending_and_declined_even_from_staff(client, directory, staff):
    client.force_login(staff)

    response = client.get("/api/v1/organisations", {"q": "Precision"})

    assert slugs(response) == ["sundaram-precision"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "tokyo"}, ["tokyo-robotics"]),
        ({"q": "ロボ"}, ["tokyo-robotics"]),
        ({"q": "BENGALURU"}, ["sundaram-precision"]),
        ({"q": "nothing like this"}, []),
        ({"country": "JP"}, ["tokyo-robotics"]),
        ({"country": "XX"}, ["berlin-bridge"]),
        ({"org_type": "investor"}, ["berlin-bridge"]),
        ({"org_type": "sme"}, ["sundaram-precision"]),
        ({"sector": "62"}, ["tokyo-robotics"]),
        ({"sector": "J"}, ["tokyo-robotics"]),
        ({"sector": "C"}, ["sundaram-precision"]),
        ({"sector": "29"}, ["sundaram-precision"]),
        ({"sector": "A"}, []),
        ({"region": "JP-13"}, ["tokyo-robotics"]),
        ({"country": "IN", "sector": "J"}, []),
        ({"country": "JP", "org_type": "startup", "sector": "J", "q": "robo"}, ["tokyo-robotics"]),
    ],
    ids=lambda value: str(value),
)
def test_directory_filters(client, directory, params, expected):
    response = client.get("/api/v1/organisations", params)

    assert response.status_code == 200
    assert (response.json()["count"], slugs(response)) == (len(expected), expected)


def test_directory_organisation_in_two_sectors_of_one_section_listed_once(client, db):
    OrganisationFactory(slug="two-sectors", sectors=["28", "29"])

    response = client.get("/api/v1/organisations", {"sector": "C"})

    assert (response.json()["count"], slugs(response)) == (1, ["two-sectors"])


def test_directory_pagination_shape(client, db):
    for n in range(52):
        OrganisationFactory(name=f"Org {n:02d}", slug=f"org-{n:02d}")

    first = client.get("/api/v1/organisations").json()
    second = client.get("/api/v1/organisations", {"page": 2}).json()

    assert set(first) == {"count", "page", "pages", "results"}
    assert (first["count"], first["page"], first["pages"], len(first["results"])) == (52, 1, 2, 50)
    assert (second["count"], second["page"], second["pages"]) == (52, 2, 2)
    assert [o["slug"] for o in second["results"]] == ["org-50", "org-51"]


def test_directory_empty(client, db):
    response = client.get("/api/v1/organisations")

    assert response.json() == {"count": 0, "page": 1, "pages": 1, "results": []}


# --- organisation detail ---------------------------------------------------------------------


def test_organisation_detail_json(client, directory):
    response = client.get("/api/v1/organisations/tokyo-robotics")

    assert response.status_code == 200
    assert response.json() == {
        "slug": "tokyo-robotics",
        "name": "Tokyo Robotics",
        "name_local": "東京ロボティクス",
        "country": "JP",
        "other_country": "",
        "org_type": "startup",
        "size_band": "10-49",
        "region_code": "JP-13",
        "city": "Tokyo",
        "website": "",
        "sectors": ["62"],
        "descriptions": {"en": "We make precision auto parts."},
        "description": "", "shown_language": "", "translated_by": "original",  # filled with ?lang=
        "status": "approved",
    }


def test_organisation_detail_lists_every_description(client, directory):
    org = directory["in"]
    org.descriptions.create(language="ja", text="精密部品")

    response = client.get(f"/api/v1/organisations/{org.slug}")

    assert response.json()["descriptions"] == {"en": "We make precision auto parts.", "ja": "精密部品"}


@pytest.mark.parametrize("slug", ["pending-precision", "declined-precision", "no-such-organisation"])
def test_organisation_detail_hidden_not_found(client, directory, slug):
    response = client.get(f"/api/v1/organisations/{slug}")

    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})


def test_organisation_detail_not_found_in_accept_language(client, directory):
    with override("ja"):
        japanese = gettext("Not found.")

    response = client.get("/api/v1/organisations/pending-precision", HTTP_ACCEPT_LANGUAGE="ja")

    assert japanese != "Not found.", "the Japanese catalogue has no translation for this message"
    assert (response.status_code, response.json()) == (404, {"detail": japanese})


def test_organisation_detail_pending_visible_to_staff(client, directory, staff):
    client.force_login(staff)

    response = client.get("/api/v1/organisations/pending-precision")

    assert (response.status_code, response.json()["status"]) == (200, "pending")


# --- sectors -------------------------------------------------------------------------------------


def test_sectors_lists_isic_sections_and_divisions(client, db):
    response = client.get("/api/v1/sectors")

    body = response.json()
    assert response.status_code == 200
    assert [s["code"] for s in body][:2] == ["01", "02"]
    by_code = {s["code"]: s for s in body}
    assert by_code["C"] == {
        "code": "C", "level": "section", "parent": None,
        "name_en": "Manufacturing", "name_ja": "製造業", "name_hi": "विनिर्माण",
    }
    assert (by_code["29"]["level"], by_code["29"]["parent"]) == ("division", "C")
    assert len(body) == 109


# --- members and join requests -----------------------------------------------------------------


def test_members_list_for_owner(client, org_a):
    owner = owner_of(org_a)
    client.force_login(owner)

    response = client.get(f"/api/v1/organisations/{org_a.slug}/members")

    assert response.status_code == 200
    assert [{k: v for k, v in m.items() if k != "created_at"} for m in response.json()] == [
        {
            "id": m.pk, "organisation": "sundaram-precision", "member_email": m.user.email,
            "member_name": m.user.display_name, "role": m.role, "status": "active",
        }
        for m in org_a.memberships.order_by("status", "role", "created_at")
    ]


def test_join_request_creates_requested_membership_and_mails_managers(client, org_a):
    applicant = UserFactory(email="applicant@example.org", display_name="Applicant")
    client.force_login(applicant)

    response = client.post(f"/api/v1/organisations/{org_a.slug}/join", {"message": "We would like to join."}, content_type=JSON)

    membership = Membership.objects.get(user=applicant, organisation=org_a)
    assert response.status_code == 201
    assert {k: v for k, v in response.json().items() if k != "created_at"} == {
        "id": membership.pk, "organisation": "sundaram-precision", "member_email": "applicant@example.org",
        "member_name": "Applicant", "role": "member", "status": "requested",
    }
    assert (membership.status, membership.role, membership.message) == ("requested", "member", "We would like to join.")
    assert mails("accounts/mail/join_request") == [("owner@example.org", "ja")]


def test_join_request_mails_admins_too(client, org_a):
    MembershipFactory(user=UserFactory(email="admin@example.org"), organisation=org_a, role="admin")
    client.force_login(UserFactory(email="applicant@example.org"))

    client.post(f"/api/v1/organisations/{org_a.slug}/join", {}, content_type=JSON)

    assert mails("accounts/mail/join_request") == [("admin@example.org", "en"), ("owner@example.org", "ja")]


def test_join_request_twice_refused(client, org_a):
    client.force_login(UserFactory())
    client.post(f"/api/v1/organisations/{org_a.slug}/join", {}, content_type=JSON)

    response = client.post(f"/api/v1/organisations/{org_a.slug}/join", {}, content_type=JSON)

    assert (response.status_code, response.json()) == (400, {"detail": "You have already asked to join this organisation."})
    assert len(mails("accounts/mail/join_request")) == 1


def test_join_request_after_decline_asks_again(client, org_a):
    applicant = UserFactory()
    declined = MembershipFactory(user=applicant, organisation=org_a, status="declined", role="admin")
    client.force_login(applicant)

    response = client.post(f"/api/v1/organisations/{org_a.slug}/join", {"message": "Again"}, content_type=JSON)

    declined.refresh_from_db()
    assert (response.status_code, response.json()["id"]) == (201, declined.pk)
    assert (declined.status, declined.role, declined.message) == ("requested", "member", "Again")


def test_join_request_sets_time_zone_of_organisation_country(client, directory):
    applicant = UserFactory(timezone="UTC")
    client.force_login(applicant)

    client.post("/api/v1/organisations/tokyo-robotics/join", {}, content_type=JSON)

    assert User.objects.get(pk=applicant.pk).timezone == "Asia/Tokyo"


@pytest.fixture
def join_request(org_a):
    return MembershipFactory(
        user=UserFactory(email="applicant@example.org", language="hi"), organisation=org_a, status="requested"
    )


@pytest.mark.parametrize(
    ("accept", "status", "template"),
    [(True, "active", "accounts/mail/membership_accepted"), (False, "declined", "accounts/mail/membership_declined")],
)
def test_decide_join_request_by_owner(client, org_a, join_request, accept, status, template):
    client.force_login(owner_of(org_a))

    response = client.post(f"/api/v1/memberships/{join_request.pk}/decide", {"accept": accept}, content_type=JSON)

    join_request.refresh_from_db()
    assert response.status_code == 200
    assert {k: v for k, v in response.json().items() if k != "created_at"} == {
        "id": join_request.pk, "organisation": "sundaram-precision", "member_email": "applicant@example.org",
        "member_name": join_request.user.display_name, "role": "member", "status": status,
    }
    assert join_request.status == status
    assert mails(template) == [("applicant@example.org", "hi")]


def test_decide_join_request_by_admin(client, org_a, join_request):
    admin = MembershipFactory(organisation=org_a, role="admin").user
    client.force_login(admin)

    response = client.post(f"/api/v1/memberships/{join_request.pk}/decide", {"accept": True}, content_type=JSON)

    assert (response.status_code, Membership.objects.get(pk=join_request.pk).status) == (200, "active")


def test_decide_join_request_twice_refused(client, org_a, join_request):
    client.force_login(owner_of(org_a))
    client.post(f"/api/v1/memberships/{join_request.pk}/decide", {"accept": True}, content_type=JSON)

    response = client.post(f"/api/v1/memberships/{join_request.pk}/decide", {"accept": False}, content_type=JSON)

    with override("ja"):  # the owner's profile language
        expected = gettext("This request has already been answered.")
    assert (response.status_code, response.json()) == (400, {"detail": expected})
    assert Membership.objects.get(pk=join_request.pk).status == "active"


def test_decide_unknown_membership_not_found(client, org_a):
    client.force_login(owner_of(org_a))

    response = client.post("/api/v1/memberships/999999/decide", {"accept": True}, content_type=JSON)

    with override("ja"):  # the owner's profile language
        expected = gettext("Not found.")
    assert (response.status_code, response.json()) == (404, {"detail": expected})


# --- me -----------------------------------------------------------------------------------------


def test_me_returns_account(client, member):
    client.force_login(member)

    response = client.get("/api/v1/me")

    assert (response.status_code, response.json()) == (
        200,
        {
            "email": member.email, "display_name": member.display_name, "job_title": "", "bio": "",
            "language": "en", "timezone": "UTC", "approval_status": "approved", "is_staff": False,
            "email_notifications": True, "digest": "off",
        },
    )


def test_patch_me_changes_language_and_time_zone(client, member):
    client.force_login(member)

    response = client.patch("/api/v1/me", {"language": "ja", "timezone": "Asia/Tokyo"}, content_type=JSON)

    member.refresh_from_db()
    assert (response.status_code, response.json()["language"], response.json()["timezone"]) == (200, "ja", "Asia/Tokyo")
    assert (member.language, member.timezone, member.display_name) == ("ja", "Asia/Tokyo", response.json()["display_name"])


def test_patch_me_changes_profile_and_preferences(client, member):
    client.force_login(member)

    response = client.patch(
        "/api/v1/me",
        {"display_name": "Asha Rao", "job_title": "CTO", "bio": "Hello", "email_notifications": False, "digest": "weekly"},
        content_type=JSON,
    )

    member.refresh_from_db()
    assert response.status_code == 200
    assert (member.display_name, member.job_title, member.bio, member.email_notifications, member.digest) == (
        "Asha Rao", "CTO", "Hello", False, "weekly",
    )


def test_patch_me_empty_body_changes_nothing(client, member):
    client.force_login(member)

    response = client.patch("/api/v1/me", {}, content_type=JSON)

    member.refresh_from_db()
    assert (response.status_code, member.language, member.timezone) == (200, "en", "UTC")


def test_patch_me_cannot_change_approval_or_staff(client, unapproved):
    client.force_login(unapproved)

    response = client.patch("/api/v1/me", {"approval_status": "approved", "is_staff": True}, content_type=JSON)

    unapproved.refresh_from_db()
    assert response.status_code == 200
    assert (unapproved.approval_status, unapproved.is_staff) == ("pending", False)


def test_patch_me_records_audit_entry(client, member):
    from kakehashi.core.models import AuditEntry

    client.force_login(member)

    client.patch("/api/v1/me", {"timezone": "Asia/Kolkata"}, content_type=JSON)

    assert list(AuditEntry.objects.filter(actor=member).values_list("action", "data")) == [
        ("member.profile_updated", {"fields": ["timezone"]})
    ]


def test_export_contains_member_data_and_memberships(client, member):
    membership = member.memberships.get()
    client.force_login(member)

    response = client.get("/api/v1/me/export")

    body = response.json()
    assert response.status_code == 200
    assert set(body) == {"account", "email_addresses", "memberships", "activity", "emails_sent_to_you"}
    assert (body["account"]["email"], body["account"]["membership_status"]) == (member.email, "approved")
    assert body["email_addresses"] == [{"email": member.email, "verified": True, "primary": True}]
    assert body["memberships"] == [
        {
            "organisation": "Sundaram Precision",
            "organisation_slug": membership.organisation.slug,
            "role": "member",
            "status": "active",
            "since": membership.created_at.isoformat(),
        }
    ]


def test_export_does_not_contain_other_members(client, member, other_org_member):
    client.force_login(member)

    response = client.get("/api/v1/me/export")

    assert other_org_member.email not in response.content.decode()


# --- staff approvals -----------------------------------------------------------------------------


@pytest.fixture
def queue(db, staff):
    """A verified pending member, an unverified one, and a pending organisation with a pending owner."""
    waiting = UserFactory(email="waiting@example.org", display_name="Waiting", approval_status="pending")
    UserFactory(email="unverified@example.org", approval_status="pending", verified=False)
    founder = UserFactory(email="founder@example.org", display_name="Founder", approval_status="pending", language="ja")
    org = OrganisationFactory(name="New Venture", slug="new-venture", status="pending")
    MembershipFactory(user=founder, organisation=org, role="owner")
    return {"waiting": waiting, "founder": founder, "org": org}


def test_staff_approvals_lists_pending(client, staff, queue):
    client.force_login(staff)

    response = client.get("/api/v1/staff/approvals")

    body = response.json()
    assert response.status_code == 200
    assert [{k: v for k, v in m.items() if k != "date_joined"} for m in body["members"]] == [
        {"id": queue["waiting"].pk, "email": "waiting@example.org", "display_name": "Waiting", "organisations": []},
    ]  # the founder is approved with their organisation, not on their own
    assert [(o["slug"], o["status"]) for o in body["organisations"]] == [("new-venture", "pending")]


@pytest.mark.parametrize(
    ("payload", "status", "note", "template"),
    [
        ({"approve": True}, "approved", "", "accounts/mail/member_approved"),
        ({"approve": False, "reason": "Unknown company."}, "declined", "Unknown company.", "accounts/mail/member_declined"),
    ],
)
def test_staff_decide_member(client, staff, queue, payload, status, note, template):
    client.force_login(staff)
    waiting = queue["waiting"]

    response = client.post(f"/api/v1/staff/members/{waiting.pk}/decide", payload, content_type=JSON)

    waiting.refresh_from_db()
    assert (response.status_code, response.json()["email"], response.json()["approval_status"]) == (200, waiting.email, status)
    assert (waiting.approval_status, waiting.approval_note) == (status, note)
    assert mails(template) == [("waiting@example.org", "en")]
    assert client.get("/api/v1/staff/approvals").json()["members"] == []


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_staff_decline_member_without_reason_bad_request(client, staff, queue, reason):
    client.force_login(staff)
    payload = {"approve": False} if reason is None else {"approve": False, "reason": reason}

    response = client.post(f"/api/v1/staff/members/{queue['waiting'].pk}/decide", payload, content_type=JSON)

    assert (response.status_code, response.json()) == (
        400, {"detail": [{"loc": ["body", "reason"], "msg": "Give a reason when you decline."}]},
    )
    assert User.objects.get(pk=queue["waiting"].pk).approval_status == "pending"
    assert OutboxMessage.objects.filter(template="accounts/mail/member_declined").count() == 0


def test_staff_decide_unknown_member_not_found(client, staff):
    client.force_login(staff)

    response = client.post("/api/v1/staff/members/999999/decide", {"approve": True}, content_type=JSON)

    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})


def test_staff_approve_organisation_approves_pending_owner_and_mails_in_their_language(client, staff, queue):
    client.force_login(staff)
    org, founder = queue["org"], queue["founder"]

    response = client.post(f"/api/v1/staff/organisations/{org.pk}/decide", {"approve": True}, content_type=JSON)

    org.refresh_from_db()
    founder.refresh_from_db()
    assert (response.status_code, response.json()["slug"], response.json()["status"]) == (200, "new-venture", "approved")
    assert (org.status, founder.approval_status) == (ApprovalStatus.APPROVED, ApprovalStatus.APPROVED)
    assert mails("accounts/mail/organisation_approved") == [("founder@example.org", "ja")]
    assert mails("accounts/mail/member_approved") == []
    assert client.get("/api/v1/organisations/new-venture").status_code == 200
    assert client.get("/api/v1/staff/approvals").json()["organisations"] == []


def test_staff_approve_organisation_twice_mails_once(client, staff, queue):
    client.force_login(staff)
    url = f"/api/v1/staff/organisations/{queue['org'].pk}/decide"
    client.post(url, {"approve": True}, content_type=JSON)

    response = client.post(url, {"approve": True}, content_type=JSON)

    assert (response.status_code, response.json()["status"]) == (200, "approved")
    assert len(mails("accounts/mail/organisation_approved")) == 1


def test_staff_approve_organisation_then_public(client, staff, queue):
    staff_client = client
    staff_client.force_login(staff)
    staff_client.post(f"/api/v1/staff/organisations/{queue['org'].pk}/decide", {"approve": True}, content_type=JSON)
    staff_client.logout()

    response = client.get("/api/v1/organisations", {"q": "New Venture"})

    assert [o["slug"] for o in response.json()["results"]] == ["new-venture"]


def test_staff_decline_organisation_with_reason(client, staff, queue):
    client.force_login(staff)
    org = queue["org"]

    response = client.post(
        f"/api/v1/staff/organisations/{org.pk}/decide", {"approve": False, "reason": "Duplicate entry."}, content_type=JSON
    )

    org.refresh_from_db()
    assert (response.status_code, response.json()["status"]) == (200, "declined")
    assert (org.status, org.status_note) == ("declined", "Duplicate entry.")
    assert User.objects.get(pk=queue["founder"].pk).approval_status == "pending"
    assert mails("accounts/mail/organisation_declined") == [("founder@example.org", "ja")]


def test_staff_decline_organisation_without_reason_bad_request(client, staff, queue):
    client.force_login(staff)

    response = client.post(f"/api/v1/staff/organisations/{queue['org'].pk}/decide", {"approve": False}, content_type=JSON)

    assert (response.status_code, response.json()) == (
        400, {"detail": [{"loc": ["body", "reason"], "msg": "Give a reason when you decline."}]},
    )
    assert Organisation.objects.get(pk=queue["org"].pk).status == "pending"


def test_staff_decide_unknown_organisation_not_found(client, staff):
    client.force_login(staff)

    response = client.post("/api/v1/staff/organisations/999999/decide", {"approve": True}, content_type=JSON)

    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})


def test_staff_approvals_as_staff_with_bearer_token(queue):
    staff_member = StaffFactory(email="other-staff@example.org")

    response = bearer_client(staff_member).get(api_url("staff/approvals"))

    assert (response.status_code, len(response.json()["members"])) == (200, 1)  # the founder comes with the organisation


def test_staff_approvals_page_shows_the_people_waiting_with_an_organisation_not_among_members(client, staff, queue):
    applicant = UserFactory(email="applicant@example.org", approval_status="pending")
    MembershipFactory(user=applicant, organisation=OrganisationFactory(name="Approved Co"), status="requested")
    client.force_login(staff)

    html = client.get("/staff/approvals/").content.decode()

    org_card = html[html.index(f'id="org-{queue["org"].pk}"'):html.index("</article>", html.index(f'id="org-{queue["org"].pk}"'))]
    assert "Approving it also approves the person waiting with it:" in org_card and "founder@example.org" in org_card
    assert re.findall(r'id="member-(\d+)"', html) == [str(queue["waiting"].pk)]
