"""/api/v1/opportunities/: every operation, who may call it, and its JSON."""

import pytest
from django.test import Client

from kakehashi.mail.models import OutboxMessage
from kakehashi.opportunities.models import Opportunity

from ..api import FORBIDDEN, NOT_FOUND, UNAUTHENTICATED, api_url, bearer_client, iso, json_request
from ..factories import OpportunityFactory
from .helpers import ACTORS, client_for, in_days

pytestmark = pytest.mark.django_db

API = api_url("opportunities")


def new_body(**overrides) -> dict:
    body = {
        "kind": "manufacturing_offer", "title": "Die-casting capacity in Pune",
        "summary": "Aluminium high-pressure die casting, 250 to 1,600 tonnes.", "details": "IATF 16949.",
        "sectors": ["29", "24"], "target_countries": ["jp"], "visibility": "anonymous",
        "expires_on": in_days(100).isoformat(),
    }
    body.update(overrides)
    return body


# --- the permission matrix -------------------------------------------------------------------


def insiders(ok=200):
    return {"visitor": 401, "unapproved": 404, "other_org_member": 404, "member": ok, "staff": 404}


def staff_only(ok=200):
    return {"visitor": 401, "unapproved": 403, "other_org_member": 403, "member": 403, "staff": ok}


READ_APPROVED = {"visitor": 404, "unapproved": 404, "other_org_member": 200, "member": 200, "staff": 200}
READ_INSIDERS = {"visitor": 404, "unapproved": 404, "other_org_member": 404, "member": 200, "staff": 200}

ROWS = [
    ("get", "/", dict.fromkeys(ACTORS, 200)),
    ("get", "/mine", {"visitor": 401, "unapproved": 403, "other_org_member": 200, "member": 200, "staff": 200}),
    ("get", "/review", staff_only()),
    ("get", "/{public}", dict.fromkeys(ACTORS, 200)),
    ("get", "/{members}", READ_APPROVED),
    ("get", "/{anonymous}", READ_APPROVED),
    ("get", "/{draft}", READ_INSIDERS),
    ("get", "/{expired}", READ_INSIDERS),
    ("post", "/", {"visitor": 401, "unapproved": 403, "other_org_member": 201, "member": 201, "staff": 403}),
    ("patch", "/{draft}", insiders()),
    ("post", "/{draft}/submit", insiders()),
    ("post", "/{public}/renew", insiders()),
    ("post", "/{public}/close", insiders()),
    ("post", "/{submitted}/approve", staff_only()),
    ("post", "/{submitted}/return", staff_only()),
]
BODIES = {
    "/": new_body(), "/{draft}": {"title": "Renamed"}, "/{public}/renew": {"expires_on": in_days(200).isoformat()},
    "/{public}/close": {"outcome": "meeting_held"}, "/{submitted}/return": {"comment": "Add the tonnage."},
}


def fill(path: str, world) -> str:
    return path.format(**{n: getattr(world, n).reference for n in ("public", "members", "anonymous", "draft", "expired", "submitted")})


@pytest.mark.parametrize(("method", "path", "expected"), ROWS, ids=[f"{m} {p}" for m, p, _ in ROWS])
@pytest.mark.parametrize("actor", ACTORS)
def test_api_opportunities_permission_matrix(world, method, path, expected, actor):
    url = API + fill(path, world)
    before = {o.pk: (o.status, o.title, o.expires_on) for o in Opportunity.objects.all()}

    response = json_request(client_for(world.actors[actor]), method, url, BODIES.get(path))

    assert response.status_code == expected[actor], response.content
    body = response.json()
    if expected[actor] == 401:
        assert body == UNAUTHENTICATED
    elif expected[actor] == 403:
        assert body == FORBIDDEN
    elif expected[actor] == 404:
        assert body == NOT_FOUND
    if expected[actor] >= 400:
        assert {o.pk: (o.status, o.title, o.expires_on) for o in Opportunity.objects.all()} == before


def test_api_opportunities_permission_matrix_covers_every_operation():
    from kakehashi.opportunities.api import router

    operations = {
        (method.lower(), path.replace("{kkref:reference}", "*"))
        for path, view in router.path_operations.items()
        for operation in view.operations
        for method in operation.methods
    }
    rows = {(method, "/" + "/".join("*" if p.startswith("{") else p for p in path.strip("/").split("/")).rstrip("/"))
            for method, path, _ in ROWS}

    assert {(m, p or "/") for m, p in rows} == {(m, p or "/") for m, p in operations}


# --- reads -----------------------------------------------------------------------------------


def test_api_list_json_for_a_visitor(client, org_a):
    opportunity = OpportunityFactory(
        organisation=org_a, title="Gear hobbing", target_countries=["JP"], sectors=["29", "28"], reference="KK-0000A001"
    )

    response = client.get(f"{API}/")

    assert response.status_code == 200
    assert response.json() == {
        "count": 1, "page": 1, "pages": 1, "indexing": None,
        "results": [{
            "reference": "KK-0000A001", "kind": "manufacturing_offer", "aim": "co_production", "title": "Gear hobbing",
            "summary": opportunity.summary, "language": "en", "sectors": ["28", "29"], "target_countries": ["JP"],
            "trl": None, "company_stage": "", "ticket_min_usd": None, "ticket_max_usd": None, "visibility": "public",
            "status": "published", "expires_on": opportunity.expires_on.isoformat(),
            "published_at": iso(opportunity.published_at),
            "organisation": {"slug": org_a.slug, "name": "Sundaram Precision", "country": "IN"},
            "organisation_country": "IN", "shown_language": "", "translated_by": "original",
        }],
    }


def test_api_list_filters_and_pages(client, org_a):
    for _ in range(21):
        OpportunityFactory(organisation=org_a)
    OpportunityFactory(organisation=org_a, kind="pilot_call", trl=5, title="Smart-factory pilot")

    page_two = client.get(f"{API}/?page=2").json()
    pilots = client.get(f"{API}/?aim=research").json()

    assert (page_two["count"], page_two["page"], page_two["pages"], len(page_two["results"])) == (22, 2, 2, 2)
    assert [o["title"] for o in pilots["results"]] == ["Smart-factory pilot"]


def test_api_list_with_a_bearer_token_shows_members_only_opportunities(member, org_a):
    OpportunityFactory(organisation=org_a, visibility="members", title="For members")
    with_token = bearer_client(member).get(f"{API}/").json()
    without = Client().get(f"{API}/").json()

    assert ([o["title"] for o in with_token["results"]], without["count"]) == (["For members"], 0)


def test_api_read_with_a_wrong_bearer_token_is_unauthenticated(org_a):
    opportunity = OpportunityFactory(organisation=org_a)

    for url in (f"{API}/", f"{API}/{opportunity.reference}"):
        response = Client().get(url, headers={"Authorization": "Bearer kk_wrong"})
        assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)


def test_api_detail_shows_review_comments_to_the_owner_only(member, other_org_member, staff, org_a):
    opportunity = OpportunityFactory(organisation=org_a, review_comment="Earlier note")

    mine = client_for(member).get(f"{API}/{opportunity.reference}").json()
    theirs = client_for(other_org_member).get(f"{API}/{opportunity.reference}").json()
    staffs = client_for(staff).get(f"{API}/{opportunity.reference}").json()

    assert (mine["review_comment"], mine["can_manage"]) == ("Earlier note", True)
    assert (theirs["review_comment"], theirs["can_manage"]) == (None, False)
    assert (staffs["review_comment"], staffs["can_manage"]) == ("Earlier note", False)
    assert mine["details"] == opportunity.details


def test_api_unknown_reference_is_not_found(client):
    assert (client.get(f"{API}/KK-DEADBEEF").status_code, client.get(f"{API}/KK-DEADBEEF").json()) == (404, NOT_FOUND)


# --- writes ----------------------------------------------------------------------------------


def test_api_whole_workflow_with_tokens(member, staff, org_a):
    as_member = bearer_client(member, enforce_csrf_checks=True)
    as_staff = bearer_client(staff, enforce_csrf_checks=True)

    created = json_request(as_member, "post", f"{API}/", new_body())
    reference = created.json()["reference"]
    patched = json_request(as_member, "patch", f"{API}/{reference}", {"summary": "Now up to 2,000 tonnes.", "language": "ja"})
    submitted = json_request(as_member, "post", f"{API}/{reference}/submit")
    queue = json_request(as_staff, "get", f"{API}/review")
    returned = json_request(as_staff, "post", f"{API}/{reference}/return", {"comment": "Name the alloys."})
    resubmitted = json_request(as_member, "post", f"{API}/{reference}/submit")
    approved = json_request(as_staff, "post", f"{API}/{reference}/approve")
    renewed = json_request(as_member, "post", f"{API}/{reference}/renew", {"expires_on": in_days(300).isoformat()})
    closed = json_request(as_member, "post", f"{API}/{reference}/close", {"outcome": "partnership_formed"})

    assert [r.status_code for r in (created, patched, submitted, queue, returned, resubmitted, approved, renewed, closed)] == [
        201, 200, 200, 200, 200, 200, 200, 200, 200
    ]
    assert (created.json()["status"], created.json()["language"], created.json()["target_countries"]) == ("draft", "en", ["JP"])
    assert created.json()["organisation"] == {"slug": org_a.slug, "name": "Sundaram Precision", "country": "IN"}
    assert (patched.json()["summary"], patched.json()["language"]) == ("Now up to 2,000 tonnes.", "ja")
    assert [o["reference"] for o in queue.json()["results"]] == [reference]
    assert returned.json()["review_comment"] == "Name the alloys."
    assert approved.json()["status"] == "published"
    assert renewed.json()["expires_on"] == in_days(300).isoformat()
    assert (closed.json()["status"], closed.json()["outcome"]) == ("closed", "partnership_formed")
    assert list(OutboxMessage.objects.order_by("created_at").values_list("template", flat=True)) == [
        "opportunities/mail/opportunity_returned", "opportunities/mail/opportunity_published",
    ]


def test_api_create_without_organisation_uses_the_only_one(member, org_a):
    response = json_request(client_for(member), "post", f"{API}/", new_body())

    assert response.status_code == 201
    assert Opportunity.objects.get().organisation == org_a


def test_api_create_for_someone_elses_organisation_is_refused(member, other_org_member):
    slug = other_org_member.memberships.get().organisation.slug

    response = json_request(client_for(member), "post", f"{API}/", new_body(organisation=slug))

    assert response.status_code == 400
    assert response.json() == {"detail": [{"loc": ["body", "organisation"], "msg": "You cannot publish for this organisation."}]}


def test_api_service_errors_are_400_with_the_fields(member, org_a):
    response = json_request(client_for(member), "post", f"{API}/", new_body(title="  ", kind="technology_offer", trl=12))

    assert response.status_code == 400
    assert response.json() == {"detail": [
        {"loc": ["body", "title"], "msg": "This field is required."},
        {"loc": ["body", "trl"], "msg": "Enter a level from 1 to 9."},
    ]}


def test_api_invalid_transition_is_400(member, org_a):
    opportunity = OpportunityFactory(organisation=org_a, status="draft")

    response = json_request(client_for(member), "post", f"{API}/{opportunity.reference}/renew", {"expires_on": in_days(20).isoformat()})

    assert (response.status_code, response.json()) == (400, {"detail": "Only published or expired opportunities can be renewed."})


def test_api_submit_of_an_incomplete_draft_lists_what_is_missing(member, org_a):
    opportunity = OpportunityFactory(organisation=org_a, status="draft", kind="investment_sought")

    response = json_request(client_for(member), "post", f"{API}/{opportunity.reference}/submit")

    assert response.status_code == 400
    assert [e["loc"][1] for e in response.json()["detail"]] == ["company_stage", "ticket_min_usd", "ticket_max_usd"]


def test_api_patch_with_null_clears_only_nullable_facts(member, org_a):
    opportunity = OpportunityFactory(organisation=org_a, status="draft", kind="technology_offer", trl=4)

    response = json_request(client_for(member), "patch", f"{API}/{opportunity.reference}", {"trl": None, "title": None})

    assert response.status_code == 200
    assert (response.json()["trl"], response.json()["title"]) == (None, opportunity.title)


@pytest.mark.parametrize(
    "body",
    [
        {"expires_on": "not-a-date"},
        {"title": "x" * 201},
        {"details": "x" * 10_001},
        {"sectors": "29"},
        {"trl": "high"},
        {"title": "a\x00b"},
    ],
    ids=["date", "title-length", "details-length", "sectors-type", "trl-type", "nul"],
)
def test_api_schema_errors_are_422_and_store_nothing(member, org_a, body):
    response = json_request(client_for(member), "post", f"{API}/", new_body(**body))

    assert response.status_code == 422
    assert response.json()["message"] == "Some fields are not valid."
    assert Opportunity.objects.count() == 0


def test_api_session_writes_need_the_csrf_token(member, org_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    response = json_request(client, "post", f"{API}/", new_body())

    assert response.status_code == 403
    assert Opportunity.objects.count() == 0
