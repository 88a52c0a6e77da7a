"""Permission matrix for every view and API operation of the accounts and core apps.

Actors (all relative to organisation A, an approved Indian organisation):

- visitor: not signed in
- unapproved: signed in, approval pending, no organisation
- member: approved member (role "member") of organisation A
- other_org_member: approved owner of organisation B
- owner: approved owner of organisation A
- staff: staff of the running body

Every view and operation is shown to refuse a stranger (visitor), a non-member
(unapproved) and a member of another organisation (other_org_member).
"""

from types import SimpleNamespace

import pytest
from django.test import Client

from kakehashi.accounts import services
from kakehashi.accounts.models import ApprovalStatus, Membership, Organisation, User
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

from ..api import FORBIDDEN, NOT_FOUND, UNAUTHENTICATED

ACTORS = ["visitor", "unapproved", "member", "other_org_member", "owner", "staff"]


def login(path: str) -> str:
    return f"/accounts/login/?next={path}"


@pytest.fixture
def world(db, member, other_org_member, unapproved, staff):
    org_a = member.memberships.get().organisation
    owner_a = MembershipFactory(
        user=UserFactory(email="owner-a@example.org"), organisation=org_a, role=Membership.Role.OWNER
    ).user
    org_b = other_org_member.memberships.get().organisation
    applicant = UserFactory(email="applicant@example.org", approval_status=ApprovalStatus.PENDING)
    request_a = MembershipFactory(user=applicant, organisation=org_a, status=Membership.Status.REQUESTED)
    request_b = MembershipFactory(
        user=UserFactory(email="applicant-b@example.org"), organisation=org_b, status=Membership.Status.REQUESTED
    )
    pending_owner = UserFactory(email="pending-owner@example.org", approval_status=ApprovalStatus.PENDING)
    pending_org = OrganisationFactory(name="Hidden Pending Works", slug="hidden-pending-works", status=ApprovalStatus.PENDING)
    MembershipFactory(user=pending_owner, organisation=pending_org, role=Membership.Role.OWNER)
    return SimpleNamespace(
        actors={
            "visitor": None,
            "unapproved": unapproved,
            "member": member,
            "other_org_member": other_org_member,
            "owner": owner_a,
            "staff": staff,
        },
        org_a=org_a,
        org_b=org_b,
        member_membership=member.memberships.get(),
        other_membership=other_org_member.memberships.get(),
        request_a=request_a,
        request_b=request_b,
        applicant=applicant,
        pending_org=pending_org,
        pending_owner=pending_owner,
    )


def client_as(world, actor: str, **kwargs) -> Client:
    client = Client(**kwargs)
    user = world.actors[actor]
    if user is not None:
        client.force_login(user)
    return client


def fill(template: str, world) -> str:
    return template.format(
        a=world.org_a.slug,
        b=world.org_b.slug,
        pending=world.pending_org.slug,
        request_a=world.request_a.pk,
        request_b=world.request_b.pk,
        member_membership=world.member_membership.pk,
        other_membership=world.other_membership.pk,
        applicant=world.applicant.pk,
        pending_org_id=world.pending_org.pk,
    )


def assert_outcome(response, expected, path: str) -> None:
    """expected: an int status, or ("redirect", url) for a 302 to url ("login" = the login page)."""
    if isinstance(expected, tuple):
        _kind, url = expected
        if url == "login":
            url = login(path)
        assert (response.status_code, response.headers.get("Location")) == (302, url)
    else:
        assert response.status_code == expected


LOGIN = ("redirect", "login")


def matrix(table: dict[str, dict[str, object]]) -> list:
    """Flatten {path: {actor: expected}} into parametrize rows with readable ids."""
    rows = []
    for path, outcomes in table.items():
        assert set(outcomes) == set(ACTORS), path
        for actor in ACTORS:
            rows.append(pytest.param(path, actor, outcomes[actor], id=f"{path} {actor}"))
    return rows


def everyone(expected) -> dict[str, object]:
    return dict.fromkeys(ACTORS, expected)


def signed_in_ok(expected=200) -> dict[str, object]:
    return {"visitor": LOGIN, **{actor: expected for actor in ACTORS if actor != "visitor"}}


def managers_only() -> dict[str, object]:
    return {"visitor": LOGIN, "unapproved": 404, "member": 404, "other_org_member": 404, "owner": 200, "staff": 200}


def staff_only() -> dict[str, object]:
    return {"visitor": LOGIN, "unapproved": 403, "member": 403, "other_org_member": 403, "owner": 403, "staff": 200}


# --- web pages: GET ---------------------------------------------------------------------

GET_PAGES = {
    "/": {"visitor": 200, "unapproved": 200, **dict.fromkeys(["member", "other_org_member", "owner", "staff"], ("redirect", "/dashboard/"))},
    "/healthz": everyone(200),
    "/organisations/": everyone(200),
    "/organisations/new/": signed_in_ok(),
    "/organisations/join/": signed_in_ok(),
    "/organisations/{a}/": everyone(200),
    "/organisations/{pending}/": {
        "visitor": 404, "unapproved": 404, "member": 404, "other_org_member": 404, "owner": 404, "staff": 200,
    },
    "/organisations/{a}/edit/": managers_only(),
    "/organisations/{a}/members/": managers_only(),
    "/welcome/": {
        "visitor": LOGIN,
        "unapproved": 200,
        "member": ("redirect", "/dashboard/"),
        "other_org_member": ("redirect", "/dashboard/"),
        "owner": ("redirect", "/dashboard/"),
        "staff": 200,
    },
    "/dashboard/": {**signed_in_ok(), "unapproved": ("redirect", "/welcome/")},
    "/notifications/": signed_in_ok(),
    "/settings/": signed_in_ok(),
    "/settings/export/": signed_in_ok(),
    "/settings/delete/": signed_in_ok(),
    "/staff/approvals/": staff_only(),
}


@pytest.mark.parametrize(("path", "actor", "expected"), matrix(GET_PAGES))
def test_page_get_permission_matrix(world, path, actor, expected):
    url = fill(path, world)
    client = client_as(world, actor)

    response = client.get(url)

    assert_outcome(response, expected, url)


@pytest.mark.parametrize("actor", ["visitor", "unapproved", "member", "other_org_member", "owner"])
def test_pending_organisation_page_not_found_does_not_leak_name(world, actor):
    client = client_as(world, actor)

    response = client.get(f"/organisations/{world.pending_org.slug}/")

    assert response.status_code == 404
    assert "Hidden Pending Works" not in response.content.decode()


def test_pending_organisation_page_visible_to_its_own_owner(world):
    client = Client()
    client.force_login(world.pending_owner)

    response = client.get(f"/organisations/{world.pending_org.slug}/")

    assert response.status_code == 200
    assert response.context["org"] == world.pending_org


@pytest.mark.parametrize("actor", ["unapproved", "member", "other_org_member", "owner", "staff"])
def test_export_page_contains_only_own_data(world, actor):
    client = client_as(world, actor)

    response = client.get("/settings/export/")

    assert response.status_code == 200
    assert response.json()["account"]["email"] == world.actors[actor].email


POST_ONLY = [
    "/memberships/{request_a}/decide/",
    "/memberships/{member_membership}/role/",
    "/memberships/{member_membership}/remove/",
    "/memberships/{member_membership}/leave/",
    "/staff/members/{applicant}/decide/",
    "/staff/organisations/{pending_org_id}/decide/",
    "/i18n/setlang/",
]


@pytest.mark.parametrize("path", POST_ONLY)
@pytest.mark.parametrize("actor", ACTORS)
def test_post_only_view_get_is_method_not_allowed(world, path, actor):
    client = client_as(world, actor)

    response = client.get(fill(path, world))

    assert response.status_code == 405


# --- web pages: POST (state changes) ----------------------------------------------------


def membership_state(membership_id: int):
    """(role, status) of the membership, or None once it is deleted."""
    return Membership.objects.filter(pk=membership_id).values_list("role", "status").first()


MEMBERSHIP_ACTIONS = {
    "decide": {
        "path": "/memberships/{request_a}/decide/",
        "data": {"decision": "accept"},
        "target": "request_a",
        "after": ("member", "active"),
    },
    "role": {
        "path": "/memberships/{member_membership}/role/",
        "data": {"role": "admin"},
        "target": "member_membership",
        "after": ("admin", "active"),
    },
    "remove": {
        "path": "/memberships/{member_membership}/remove/",
        "data": {},
        "target": "member_membership",
        "after": None,
    },
}


@pytest.mark.parametrize("action", list(MEMBERSHIP_ACTIONS))
@pytest.mark.parametrize("actor", ACTORS)
def test_membership_action_permission_matrix(world, action, actor):
    spec = MEMBERSHIP_ACTIONS[action]
    url = fill(spec["path"], world)
    target_id = getattr(world, spec["target"]).pk
    before = membership_state(target_id)
    client = client_as(world, actor)

    response = client.post(url, spec["data"])

    if actor == "visitor":
        assert (response.status_code, response.headers["Location"]) == (302, login(url))
        assert membership_state(target_id) == before
    elif actor in ("owner", "staff"):
        assert (response.status_code, response.headers["Location"]) == (302, f"/organisations/{world.org_a.slug}/members/")
        assert membership_state(target_id) == spec["after"]
    else:
        assert response.status_code == 404
        assert membership_state(target_id) == before


@pytest.mark.parametrize("action", list(MEMBERSHIP_ACTIONS))
@pytest.mark.parametrize("actor", ["member", "owner"])
def test_membership_action_on_other_organisation_not_found(world, action, actor):
    path = {"decide": "/memberships/{request_b}/decide/", "role": "/memberships/{other_membership}/role/",
            "remove": "/memberships/{other_membership}/remove/"}[action]
    target_id = world.request_b.pk if action == "decide" else world.other_membership.pk
    before = membership_state(target_id)
    data = {"decide": {"decision": "accept"}, "role": {"role": "member"}, "remove": {}}[action]
    client = client_as(world, actor)

    response = client.post(fill(path, world), data)

    assert response.status_code == 404
    assert membership_state(target_id) == before


@pytest.mark.parametrize("actor", ["member", "other_org_member", "owner"])
def test_membership_role_with_invalid_role_by_non_manager_not_found(world, actor):
    membership = world.request_b if actor != "other_org_member" else world.request_a
    client = client_as(world, actor)

    response = client.post(f"/memberships/{membership.pk}/role/", {"role": "emperor"})

    assert response.status_code == 404


@pytest.mark.parametrize("actor", ACTORS)
def test_leave_permission_matrix(world, actor):
    url = f"/memberships/{world.member_membership.pk}/leave/"
    client = client_as(world, actor)

    response = client.post(url)

    if actor == "visitor":
        assert (response.status_code, response.headers["Location"]) == (302, login(url))
        assert Membership.objects.filter(pk=world.member_membership.pk).exists()
    elif actor == "member":
        assert (response.status_code, response.headers["Location"]) == (302, "/welcome/")
        assert not Membership.objects.filter(pk=world.member_membership.pk).exists()
    else:
        assert (response.status_code, response.headers["Location"]) == (302, "/dashboard/")
        assert Membership.objects.filter(pk=world.member_membership.pk).exists()


def organisation_post_data(org: Organisation, **overrides) -> dict:
    data = {
        "name": org.name,
        "name_local": org.name_local,
        "country": org.country,
        "other_country": org.other_country,
        "org_type": org.org_type,
        "size_band": org.size_band,
        "region_code": org.region_code,
        "city": org.city,
        "website": org.website,
        "sectors": [s.code for s in org.sectors.all()],
        "description_en": "Edited description.",
        "description_ja": "",
        "description_hi": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("actor", ACTORS)
def test_organisation_edit_post_permission_matrix(world, actor):
    url = f"/organisations/{world.org_a.slug}/edit/"
    data = organisation_post_data(world.org_a, name="Renamed By Someone")
    client = client_as(world, actor)

    response = client.post(url, data)

    name = Organisation.objects.get(pk=world.org_a.pk).name
    if actor == "visitor":
        assert (response.status_code, response.headers["Location"], name) == (302, login(url), "Sundaram Precision")
    elif actor in ("owner", "staff"):
        assert (response.status_code, response.headers["Location"], name) == (
            302, f"/organisations/{world.org_a.slug}/", "Renamed By Someone",
        )
    else:
        assert (response.status_code, name) == (404, "Sundaram Precision")


@pytest.mark.parametrize("actor", ACTORS)
def test_staff_decide_member_permission_matrix(world, actor):
    url = f"/staff/members/{world.applicant.pk}/decide/"
    client = client_as(world, actor)

    response = client.post(url, {"decision": "approve"})

    status = User.objects.get(pk=world.applicant.pk).approval_status
    if actor == "visitor":
        assert (response.status_code, response.headers["Location"], status) == (302, login(url), "pending")
    elif actor == "staff":
        assert (response.status_code, response.headers["Location"], status) == (302, "/staff/approvals/", "approved")
    else:
        assert (response.status_code, status) == (403, "pending")


@pytest.mark.parametrize("actor", ACTORS)
def test_staff_decline_member_permission_matrix(world, actor):
    url = f"/staff/members/{world.applicant.pk}/decide/"
    client = client_as(world, actor)

    response = client.post(url, {"decision": "decline", "reason": "Not a real company."})

    status = User.objects.get(pk=world.applicant.pk).approval_status
    if actor == "visitor":
        assert (response.status_code, response.headers["Location"], status) == (302, login(url), "pending")
    elif actor == "staff":
        assert (response.status_code, response.headers["Location"], status) == (302, "/staff/approvals/", "declined")
    else:
        assert (response.status_code, status) == (403, "pending")


@pytest.mark.parametrize("actor", ACTORS)
def test_staff_decide_organisation_permission_matrix(world, actor):
    url = f"/staff/organisations/{world.pending_org.pk}/decide/"
    client = client_as(world, actor)

    response = client.post(url, {"decision": "approve"})

    status = Organisation.objects.get(pk=world.pending_org.pk).status
    owner_status = User.objects.get(pk=world.pending_owner.pk).approval_status
    if actor == "visitor":
        assert (response.status_code, response.headers["Location"], status, owner_status) == (
            302, login(url), "pending", "pending",
        )
    elif actor == "staff":
        assert (response.status_code, response.headers["Location"], status, owner_status) == (
            302, "/staff/approvals/", "approved", "approved",
        )
    else:
        assert (response.status_code, status, owner_status) == (403, "pending", "pending")


def test_staff_decide_organisation_by_its_own_pending_owner_forbidden(world):
    client = Client()
    client.force_login(world.pending_owner)

    response = client.post(f"/staff/organisations/{world.pending_org.pk}/decide/", {"decision": "approve"})

    assert response.status_code == 403
    assert Organisation.objects.get(pk=world.pending_org.pk).status == "pending"


def test_organisation_create_post_by_visitor_redirects_to_login(world):
    count = Organisation.objects.count()
    data = organisation_post_data(world.org_a, name="Visitor Org")

    response = Client().post("/organisations/new/", data)

    assert (response.status_code, response.headers["Location"]) == (302, login("/organisations/new/"))
    assert Organisation.objects.count() == count


def test_organisation_join_post_by_visitor_redirects_to_login(world):
    count = Membership.objects.count()

    response = Client().post("/organisations/join/", {"organisation": world.org_a.pk, "message": "hi"})

    assert (response.status_code, response.headers["Location"]) == (302, login("/organisations/join/"))
    assert Membership.objects.count() == count


def test_settings_post_by_visitor_redirects_to_login(world):
    response = Client().post("/settings/", {"form": "profile", "profile-display_name": "x"})

    assert (response.status_code, response.headers["Location"]) == (302, login("/settings/"))


def test_delete_account_post_by_visitor_redirects_to_login(world):
    count = User.objects.count()

    response = Client().post("/settings/delete/", {"confirm": world.actors["member"].email})

    assert (response.status_code, response.headers["Location"]) == (302, login("/settings/delete/"))
    assert User.objects.count() == count


@pytest.mark.parametrize("actor", ["unapproved", "member", "other_org_member"])
def test_delete_account_with_someone_elses_email_refused(world, actor):
    client = client_as(world, actor)

    response = client.post("/settings/delete/", {"confirm": world.actors["owner"].email})

    assert response.status_code == 200
    assert response.context["form"].errors == {"confirm": ["That is not the e-mail address of this account."]}
    assert User.objects.filter(pk=world.actors["owner"].pk).exists()
    assert User.objects.filter(pk=world.actors[actor].pk).exists()


@pytest.mark.parametrize("actor", ["unapproved", "member", "other_org_member", "owner", "staff"])
def test_organisation_join_form_pending_organisation_refused(world, actor):
    before = Membership.objects.count()
    client = client_as(world, actor)

    response = client.post("/organisations/join/", {"organisation": world.pending_org.pk, "message": "hi"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"organisation": ["Choose an organisation from the list."]}
    assert Membership.objects.count() == before


@pytest.mark.parametrize("path", ["/", "/organisations/", "/organisations/?q=Hidden", "/api/v1/organisations?q=Hidden"])
@pytest.mark.parametrize("actor", ACTORS)
def test_pending_organisation_never_listed(world, path, actor):
    client = client_as(world, actor)

    response = client.get(path, follow=True)  # "/" leads approved members to their dashboard

    assert response.status_code == 200
    assert "Hidden Pending Works" not in response.content.decode()


@pytest.mark.parametrize("actor", ["visitor", "member"])
def test_set_language_refuses_offsite_next(world, actor):
    client = client_as(world, actor)

    response = client.post("/i18n/setlang/", {"language": "ja", "next": "https://evil.example/"})

    assert (response.status_code, response.headers["Location"]) == (302, "/")


@pytest.mark.parametrize("actor", ACTORS)
def test_set_language_is_public(world, actor):
    client = client_as(world, actor)

    response = client.post("/i18n/setlang/", {"language": "ja", "next": "/organisations/"})

    assert (response.status_code, response.headers["Location"]) == (302, "/organisations/")
    assert response.cookies["kakehashi_language"].value == "ja"
    if world.actors[actor] is not None:
        assert User.objects.get(pk=world.actors[actor].pk).language == "ja"


# --- API ----------------------------------------------------------------------------------

API_ERRORS = {401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND}


def api_everyone(expected) -> dict[str, object]:
    return dict.fromkeys(ACTORS, expected)


def api_signed_in(expected=200) -> dict[str, object]:
    return {"visitor": 401, **{actor: expected for actor in ACTORS if actor != "visitor"}}


def api_managers() -> dict[str, object]:
    return {"visitor": 401, "unapproved": 404, "member": 404, "other_org_member": 404, "owner": 200, "staff": 200}


def api_staff() -> dict[str, object]:
    return {"visitor": 401, "unapproved": 403, "member": 403, "other_org_member": 403, "owner": 403, "staff": 200}


API_GET = {
    "/api/v1/sectors": api_everyone(200),
    "/api/v1/organisations": api_everyone(200),
    "/api/v1/organisations/{a}": api_everyone(200),
    "/api/v1/organisations/{pending}": {
        "visitor": 404, "unapproved": 404, "member": 404, "other_org_member": 404, "owner": 404, "staff": 200,
    },
    "/api/v1/organisations/{a}/members": api_managers(),
    "/api/v1/organisations/{pending}/members": {
        "visitor": 401, "unapproved": 404, "member": 404, "other_org_member": 404, "owner": 404, "staff": 200,
    },
    "/api/v1/me": api_signed_in(),
    "/api/v1/me/export": api_signed_in(),
    "/api/v1/staff/approvals": api_staff(),
}


@pytest.mark.parametrize(("path", "actor", "expected"), matrix(API_GET))
def test_api_get_permission_matrix(world, path, actor, expected):
    client = client_as(world, actor)

    response = client.get(fill(path, world))

    assert response.status_code == expected
    if expected in API_ERRORS:
        assert response.json() == API_ERRORS[expected]


@pytest.mark.parametrize("actor", ["unapproved", "member", "other_org_member", "owner", "staff"])
@pytest.mark.parametrize("path", ["/api/v1/me", "/api/v1/me/export"])
def test_api_me_returns_only_own_account(world, actor, path):
    client = client_as(world, actor)

    response = client.get(path)

    body = response.json()
    email = body["email"] if path == "/api/v1/me" else body["account"]["email"]
    assert email == world.actors[actor].email


@pytest.mark.parametrize("actor", ["owner", "staff"])
def test_api_members_lists_only_that_organisation(world, actor):
    client = client_as(world, actor)

    response = client.get(f"/api/v1/organisations/{world.org_a.slug}/members")

    assert sorted(m["member_email"] for m in response.json()) == sorted(
        [world.actors["member"].email, world.actors["owner"].email, world.applicant.email]
    )


def test_api_pending_organisation_visible_to_its_own_owner(world):
    client = Client()
    client.force_login(world.pending_owner)

    response = client.get(f"/api/v1/organisations/{world.pending_org.slug}")

    assert (response.status_code, response.json()["status"]) == (200, "pending")


@pytest.mark.parametrize("actor", ACTORS)
def test_api_join_permission_matrix(world, actor):
    user = world.actors[actor]
    before = Membership.objects.count()
    client = client_as(world, actor)

    response = client.post(f"/api/v1/organisations/{world.org_a.slug}/join", {"message": ""}, content_type="application/json")

    if actor == "visitor":
        assert (response.status_code, response.json(), Membership.objects.count()) == (401, UNAUTHENTICATED, before)
    elif actor in ("member", "owner"):
        assert (response.status_code, response.json(), Membership.objects.count()) == (
            400, {"detail": "You are already a member of this organisation."}, before,
        )
    else:
        assert response.status_code == 201
        assert Membership.objects.get(user=user, organisation=world.org_a).status == "requested"


@pytest.mark.parametrize("actor", ACTORS)
def test_api_join_pending_organisation_permission_matrix(world, actor):
    before = Membership.objects.count()
    client = client_as(world, actor)

    response = client.post(
        f"/api/v1/organisations/{world.pending_org.slug}/join", {"message": ""}, content_type="application/json"
    )

    expected = {
        "visitor": (401, UNAUTHENTICATED),
        "staff": (400, {"detail": "This organisation cannot take members yet."}),
    }.get(actor, (404, NOT_FOUND))
    assert (response.status_code, response.json(), Membership.objects.count()) == (*expected, before)


@pytest.mark.parametrize("actor", ACTORS)
def test_api_decide_membership_permission_matrix(world, actor):
    client = client_as(world, actor)

    response = client.post(
        f"/api/v1/memberships/{world.request_a.pk}/decide", {"accept": True}, content_type="application/json"
    )

    status = Membership.objects.get(pk=world.request_a.pk).status
    if actor == "visitor":
        assert (response.status_code, response.json(), status) == (401, UNAUTHENTICATED, "requested")
    elif actor in ("owner", "staff"):
        assert (response.status_code, response.json()["status"], status) == (200, "active", "active")
    else:
        assert (response.status_code, response.json(), status) == (404, NOT_FOUND, "requested")


@pytest.mark.parametrize("actor", ["member", "owner"])
def test_api_decide_membership_of_other_organisation_not_found(world, actor):
    client = client_as(world, actor)

    response = client.post(
        f"/api/v1/memberships/{world.request_b.pk}/decide", {"accept": True}, content_type="application/json"
    )

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert Membership.objects.get(pk=world.request_b.pk).status == "requested"


@pytest.mark.parametrize("actor", ACTORS)
def test_api_patch_me_permission_matrix(world, actor):
    client = client_as(world, actor)

    response = client.patch("/api/v1/me", {"display_name": "Changed Name"}, content_type="application/json")

    if actor == "visitor":
        assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)
        assert not User.objects.filter(display_name="Changed Name").exists()
    else:
        assert (response.status_code, response.json()["email"]) == (200, world.actors[actor].email)
        assert list(User.objects.filter(display_name="Changed Name").values_list("pk", flat=True)) == [
            world.actors[actor].pk
        ]


@pytest.mark.parametrize("decision", [{"approve": True}, {"approve": False, "reason": "No."}])
@pytest.mark.parametrize("actor", ACTORS)
def test_api_staff_decide_member_permission_matrix(world, actor, decision):
    client = client_as(world, actor)

    response = client.post(f"/api/v1/staff/members/{world.applicant.pk}/decide", decision, content_type="application/json")

    status = User.objects.get(pk=world.applicant.pk).approval_status
    if actor == "staff":
        assert (response.status_code, status) == (200, "approved" if decision["approve"] else "declined")
    else:
        expected = 401 if actor == "visitor" else 403
        assert (response.status_code, response.json(), status) == (expected, API_ERRORS[expected], "pending")


@pytest.mark.parametrize("decision", [{"approve": True}, {"approve": False, "reason": "No."}])
@pytest.mark.parametrize("actor", ACTORS)
def test_api_staff_decide_organisation_permission_matrix(world, actor, decision):
    client = client_as(world, actor)

    response = client.post(
        f"/api/v1/staff/organisations/{world.pending_org.pk}/decide", decision, content_type="application/json"
    )

    status = Organisation.objects.get(pk=world.pending_org.pk).status
    if actor == "staff":
        assert (response.status_code, status) == (200, "approved" if decision["approve"] else "declined")
    else:
        expected = 401 if actor == "visitor" else 403
        assert (response.status_code, response.json(), status) == (expected, API_ERRORS[expected], "pending")


def test_api_staff_decide_organisation_by_its_own_pending_owner_forbidden(world):
    client = Client()
    client.force_login(world.pending_owner)

    response = client.post(
        f"/api/v1/staff/organisations/{world.pending_org.pk}/decide", {"approve": True}, content_type="application/json"
    )

    assert (response.status_code, response.json()) == (403, FORBIDDEN)
    assert Organisation.objects.get(pk=world.pending_org.pk).status == "pending"


# --- API authentication: bearer tokens and CSRF -----------------------------------------


def test_api_bearer_token_authenticates(member):
    _token, secret = services.create_api_token(member, name="t")

    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert (response.status_code, response.json()["email"]) == (200, member.email)


def test_api_bearer_token_wrong_secret_unauthenticated(member):
    services.create_api_token(member, name="t")

    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION="Bearer kk_not-the-right-secret")

    assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)


def test_api_bearer_token_without_prefix_unauthenticated(member):
    _token, secret = services.create_api_token(member, name="t")

    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret[3:]}")

    assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)


def test_api_bearer_token_of_inactive_user_unauthenticated(member):
    _token, secret = services.create_api_token(member, name="t")
    User.objects.filter(pk=member.pk).update(is_active=False)

    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)


def test_api_bearer_token_post_needs_no_csrf(world):
    user = world.actors["other_org_member"]
    _token, secret = services.create_api_token(user, name="t")
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        f"/api/v1/organisations/{world.org_a.slug}/join", {"message": ""},
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}",
    )

    assert response.status_code == 201
    assert Membership.objects.get(user=user, organisation=world.org_a).status == "requested"


def test_api_bearer_token_non_staff_on_staff_operation_forbidden(member):
    _token, secret = services.create_api_token(member, name="t")

    response = Client().get("/api/v1/staff/approvals", HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert (response.status_code, response.json()) == (403, FORBIDDEN)


def test_api_session_post_without_csrf_token_forbidden(world):
    user = world.actors["other_org_member"]
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(f"/api/v1/organisations/{world.org_a.slug}/join", {"message": ""}, content_type="application/json")

    assert response.status_code == 403
    assert not Membership.objects.filter(user=user, organisation=world.org_a).exists()


def test_api_session_patch_without_csrf_token_forbidden(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    response = client.patch("/api/v1/me", {"display_name": "Changed"}, content_type="application/json")

    assert response.status_code == 403
    assert User.objects.get(pk=member.pk).display_name == member.display_name


def test_api_session_post_with_csrf_token_allowed(world):
    user = world.actors["other_org_member"]
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/organisations/")  # sets the csrftoken cookie (the base template has a form)
    token = client.cookies["csrftoken"].value

    response = client.post(
        f"/api/v1/organisations/{world.org_a.slug}/join", {"message": ""},
        content_type="application/json", HTTP_X_CSRFTOKEN=token,
    )

    assert response.status_code == 201
    assert Membership.objects.get(user=user, organisation=world.org_a).status == "requested"


@pytest.mark.parametrize("actor", ["unapproved", "member"])
def test_web_session_post_without_csrf_token_forbidden(world, actor):
    client = client_as(world, actor, enforce_csrf_checks=True)

    response = client.post("/settings/", {"form": "profile", "profile-display_name": "Changed"})

    assert response.status_code == 403
    assert User.objects.get(pk=world.actors[actor].pk).display_name == world.actors[actor].display_name


# --- API tokens (settings page) --------------------------------------------------------


@pytest.mark.parametrize("actor", ACTORS)
def test_api_token_create_permission_matrix(world, actor):
    client = client_as(world, actor)

    response = client.post("/settings/tokens/", {"token-name": "cli"})

    if actor == "visitor":
        assert_outcome(response, LOGIN, "/settings/tokens/")
        assert not services.authenticate_token("kk_none")
        return
    assert response.status_code == 200
    assert services.authenticate_token(response.context["new_token"]) == world.actors[actor]


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("visitor", LOGIN), ("unapproved", 404), ("member", ("redirect", "/settings/")),
     ("other_org_member", 404), ("owner", 404), ("staff", 404)],
)
def test_api_token_revoke_permission_matrix(world, actor, expected):
    token, secret = services.create_api_token(world.actors["member"], name="member's")
    path = f"/settings/tokens/{token.pk}/revoke/"

    response = client_as(world, actor).post(path)

    assert_outcome(response, expected, path)
    assert (services.authenticate_token(secret) is None) == (actor == "member")


# --- every page of accounts and core is in a matrix above ------------------------------

COVERED_URL_NAMES = {
    "accounts:home", "accounts:set_language", "healthz",
    "accounts:directory", "accounts:organisation_create", "accounts:organisation_join", "accounts:organisation",
    "accounts:organisation_edit", "accounts:members", "accounts:membership_decide", "accounts:membership_role",
    "accounts:membership_remove", "accounts:leave", "accounts:onboarding", "accounts:dashboard",
    "accounts:settings", "accounts:export", "accounts:delete_account", "accounts:api_token_create",
    "accounts:api_token_revoke", "accounts:staff_approvals", "accounts:staff_decide_member",
    "accounts:staff_decide_organisation",
    # One notice's pages: only its recipient, else 404 (tests/notices/test_centre.py).
    "accounts:notifications", "accounts:notification_open", "accounts:notifications_read",
}


def test_permission_matrix_covers_every_url_of_accounts_and_core():
    from django.urls import get_resolver

    names = {"healthz"}
    resolver = get_resolver().namespace_dict["accounts"][1]
    names |= {f"accounts:{name}" for name in resolver.reverse_dict if isinstance(name, str)}

    assert names == COVERED_URL_NAMES, "add the new URL to a permission matrix in this file"
