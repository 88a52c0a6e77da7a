"""/api/v1/opportunities/interests… and /introductions…: behaviour, anonymity, refusals as
4xx JSON, and who may call each operation."""

import pytest

from kakehashi.opportunities.models import Interest, IntroductionMessage, OutcomeRecord

from ...api import FORBIDDEN, JSON, NOT_FOUND, UNAUTHENTICATED, api_url, bearer_client, iso
from ...factories import OpportunityFactory
from .helpers import OWNER_ORG, SENDER_ORG, accept, express, outbox

pytestmark = pytest.mark.django_db

API = api_url("opportunities")


class Api:
    """A client that authenticates with a bearer token (errors come in English)."""

    def __init__(self, user=None):
        self.client = bearer_client(user)

    def get(self, path, params=None):
        return self.client.get(f"{API}{path}", params)

    def post(self, path, data=None):
        return self.client.post(f"{API}{path}", data or {}, content_type=JSON)


def party(org) -> dict:
    return {"slug": org.slug, "name": org.name, "country": org.country}


# --- behaviour ---------------------------------------------------------------------------------


def test_create_interest_returns_it_and_mails_the_owner_side(world):
    response = Api(world.sender).post(
        "/interests", {"opportunity": world.opportunity.reference, "message": "We machine housings."}
    )

    interest = Interest.objects.get()
    assert response.status_code == 201
    assert response.json() == {
        "id": interest.pk, "side": "sender", "opportunity": world.opportunity.reference,
        "opportunity_title": "Precision auto parts sourcing", "owner": party(world.owner_org),
        "organisation": party(world.sender_org), "sent_by_name": "Asha Rao", "message": "We machine housings.",
        "state": "pending", "decline_reason": "", "created_at": iso(interest.created_at), "answered_at": None,
        "introduction": None,
        "shown_language": "", "translated_by": "original",
    }
    assert [t for _r, _l, t in outbox()] == ["interest_received", "interest_received"]


def test_create_interest_twice_is_a_400_with_the_reason(world):
    express(world)

    response = Api(world.sender_colleague).post("/interests", {"opportunity": world.opportunity.reference, "message": "Again"})

    assert (response.status_code, response.json()) == (
        400, {"detail": "Your organisation has already expressed interest in this opportunity."}
    )


def test_create_interest_in_your_own_opportunity_is_a_400(world):
    response = Api(world.owner).post("/interests", {"opportunity": world.opportunity.reference, "message": "Hi"})

    assert (response.status_code, response.json()) == (
        400, {"detail": "You cannot express interest in your own organisation's opportunity."}
    )


@pytest.mark.parametrize("status", ["draft", "closed"])
def test_create_interest_in_an_opportunity_that_is_not_live_is_a_404(world, status):
    opportunity = OpportunityFactory(organisation=world.owner_org, status=status)

    response = Api(world.sender).post("/interests", {"opportunity": opportunity.reference, "message": "Hi"})

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


@pytest.mark.parametrize(
    ("payload", "field"),
    [({"message": "a\x00b"}, "message"), ({"message": "x" * 4001}, "message"), ({"message": None}, "message")],
    ids=["nul", "too-long", "missing"],
)
def test_bad_message_is_a_422_naming_the_field(world, payload, field):
    response = Api(world.sender).post("/interests", {"opportunity": world.opportunity.reference, **payload})

    assert response.status_code == 422
    assert [e["loc"][-1] for e in response.json()["detail"]] == [field]
    assert Interest.objects.count() == 0


def test_whitespace_message_is_a_400_naming_the_field(world):
    response = Api(world.sender).post("/interests", {"opportunity": world.opportunity.reference, "message": "  "})

    assert (response.status_code, response.json()) == (
        400, {"detail": [{"loc": ["body", "message"], "msg": "This field is required."}]}
    )


def test_lists_sent_and_received(world):
    interest = express(world)

    sent = Api(world.sender_colleague).get("/interests", {"box": "sent"}).json()
    received = Api(world.owner_colleague).get("/interests", {"box": "received"}).json()
    nothing = Api(world.third).get("/interests", {"box": "received"}).json()

    assert [(i["id"], i["side"]) for i in sent] == [(interest.pk, "sender")]
    assert [(i["id"], i["side"], i["organisation"]["name"]) for i in received] == [(interest.pk, "owner", SENDER_ORG)]
    assert nothing == []


def test_an_unknown_box_is_a_422(world):
    assert Api(world.sender).get("/interests", {"box": "spam"}).status_code == 422


def test_anonymous_owner_is_null_for_the_sender_until_accepted(world):
    anonymous = OpportunityFactory(organisation=world.owner_org, visibility="anonymous")
    api = Api(world.sender)
    created = api.post("/interests", {"opportunity": anonymous.reference, "message": "Hello"})
    interest_id = created.json()["id"]
    before = [created.content.decode(), api.get("/interests").content.decode(), api.get(f"/interests/{interest_id}").content.decode()]

    accepted = Api(world.owner).post(f"/interests/{interest_id}/accept")
    after = api.get(f"/interests/{interest_id}").json()

    assert created.json()["owner"] is None
    for body in before:
        assert OWNER_ORG not in body and "tokai-seiki" not in body
    assert accepted.json()["owner"] == party(world.owner_org)
    assert after["owner"] == party(world.owner_org)


def test_accept_then_the_introduction_and_its_thread(world):
    interest = express(world)

    accepted = Api(world.owner).post(f"/interests/{interest.pk}/accept")
    intro_id = accepted.json()["introduction"]
    posted = Api(world.sender).post(f"/introductions/{intro_id}/messages", {"body": "Shall we meet?"})
    recorded = Api(world.owner).post(f"/introductions/{intro_id}/outcomes", {"outcome": "meeting_held", "note": "Osaka"})
    thread = Api(world.staff).get(f"/introductions/{intro_id}/messages").json()
    intro = Api(world.sender).get(f"/introductions/{intro_id}").json()
    listed = Api(world.owner).get("/introductions").json()

    message = IntroductionMessage.objects.get()
    record = OutcomeRecord.objects.get()
    assert (accepted.status_code, accepted.json()["state"]) == (200, "accepted")
    assert (posted.status_code, posted.json()) == (
        201, {"id": message.pk, "author_name": "Asha Rao", "body": "Shall we meet?", "created_at": iso(message.created_at), "shown_language": "", "translated_by": "original"}
    )
    assert recorded.status_code == 201
    assert thread == [posted.json()]
    assert intro == {
        "id": intro_id, "interest": interest.pk, "opportunity": world.opportunity.reference,
        "opportunity_title": "Precision auto parts sourcing",
        "owner": {**party(world.owner_org), "website": "https://tokai-seiki.example.jp/", "contact_name": "Sato Haruka",
                  "contact_email": "haruka@tokai.example.jp"},
        "sender": {**party(world.sender_org), "website": "https://sundaram.example.in/", "contact_name": "Asha Rao",
                   "contact_email": "asha@sundaram.example.in"},
        "created_at": intro["created_at"],
        "outcomes": [{"id": record.pk, "outcome": "meeting_held", "note": "Osaka", "organisation": OWNER_ORG,
                      "recorded_by_name": "Sato Haruka", "created_at": iso(record.created_at)}],
    }
    assert [i["id"] for i in listed] == [intro_id]


def test_accept_twice_is_a_400(world):
    interest = express(world)
    Api(world.owner).post(f"/interests/{interest.pk}/accept")

    response = Api(world.owner_colleague).post(f"/interests/{interest.pk}/accept")

    assert (response.status_code, response.json()) == (
        400, {"detail": "This expression of interest is no longer waiting for an answer (it is now: Accepted)."}
    )


def test_decline_needs_a_reason(world):
    interest = express(world)
    api = Api(world.owner)

    empty = api.post(f"/interests/{interest.pk}/decline", {"reason": " "})
    missing = api.post(f"/interests/{interest.pk}/decline", {})
    declined = api.post(f"/interests/{interest.pk}/decline", {"reason": "Not now"})

    assert (empty.status_code, empty.json()) == (400, {"detail": [{"loc": ["body", "reason"], "msg": "This field is required."}]})
    assert missing.status_code == 422
    assert (declined.status_code, declined.json()["state"], declined.json()["decline_reason"]) == (200, "declined", "Not now")


def test_withdraw(world):
    interest = express(world)

    response = Api(world.sender_colleague).post(f"/interests/{interest.pk}/withdraw")
    again = Api(world.sender).post(f"/interests/{interest.pk}/withdraw")

    assert (response.status_code, response.json()["state"]) == (200, "withdrawn")
    assert again.status_code == 400


def test_an_unknown_outcome_is_a_422(world):
    intro = accept(world, express(world))

    response = Api(world.owner).post(f"/introductions/{intro.pk}/outcomes", {"outcome": "married"})

    assert response.status_code == 422
    assert OutcomeRecord.objects.count() == 0


# --- permission matrix -------------------------------------------------------------------------

ACTORS = ["visitor", "unapproved", "third", "sender", "owner", "staff"]


def row(method, path, visitor, unapproved, third, sender, owner, staff, body=None):
    return (method, path, body, dict(zip(ACTORS, (visitor, unapproved, third, sender, owner, staff), strict=True)))


ROWS = [
    row("get", "/interests", 401, 403, 200, 200, 200, 200),
    row("post", "/interests", 401, 403, 201, 201, 400, 400, body={"opportunity": "{open}", "message": "Hello"}),
    row("get", "/interests/{pending}", 401, 403, 404, 200, 200, 200),
    row("post", "/interests/{pending}/accept", 401, 403, 404, 403, 200, 403),
    row("post", "/interests/{pending}/decline", 401, 403, 404, 403, 200, 403, body={"reason": "No"}),
    row("post", "/interests/{pending}/withdraw", 401, 403, 404, 200, 403, 403),
    row("get", "/introductions", 401, 403, 200, 200, 200, 200),
    row("get", "/introductions/{intro}", 401, 403, 404, 200, 200, 200),
    row("get", "/introductions/{intro}/messages", 401, 403, 404, 200, 200, 200),
    row("post", "/introductions/{intro}/messages", 401, 403, 404, 201, 201, 201, body={"body": "Hi"}),
    row("post", "/introductions/{intro}/outcomes", 401, 403, 404, 201, 201, 403, body={"outcome": "no_fit"}),
]


@pytest.fixture
def matrix(world):
    pending = express(world)
    intro = accept(world, express(world, OpportunityFactory(organisation=world.owner_org)))
    fresh = OpportunityFactory(organisation=world.owner_org)
    return {"pending": pending.pk, "intro": intro.pk, "open": fresh.reference}


@pytest.mark.parametrize(("method", "path", "body", "expected"), ROWS, ids=[f"{m} {p}" for m, p, _b, _e in ROWS])
@pytest.mark.parametrize("actor", ACTORS)
def test_interest_api_permission_matrix(world, matrix, method, path, body, expected, actor):
    api = Api(None if actor == "visitor" else world[actor])
    url = path.format(**matrix)
    payload = {k: v.format(**matrix) for k, v in (body or {}).items()}

    response = api.get(url) if method == "get" else api.post(url, payload)

    assert response.status_code == expected[actor], response.content
    if expected[actor] == 401:
        assert response.json() == UNAUTHENTICATED
    elif expected[actor] == 403:
        assert response.json() == FORBIDDEN
    elif expected[actor] == 404:
        assert response.json() == NOT_FOUND


def test_permission_matrix_covers_every_interest_api_operation():
    from kakehashi.api import api

    ours = {
        (method, path.removeprefix("/api/v1/opportunities"))
        for path, operations in api.get_openapi_schema()["paths"].items()
        if path.startswith(("/api/v1/opportunities/interests", "/api/v1/opportunities/introductions"))
        for method in operations
    }

    assert ours == {(m, p.replace("{pending}", "{interest_id}").replace("{intro}", "{introduction_id}")) for m, p, _b, _e in ROWS}


def test_every_operation_needs_a_signed_in_member():
    from kakehashi.api import api

    for path, operations in api.get_openapi_schema()["paths"].items():
        if path.startswith(("/api/v1/opportunities/interests", "/api/v1/opportunities/introductions")):
            for method, operation in operations.items():
                assert operation.get("security"), (method, path)


def test_staff_message_by_api_mails_both_sides(world):
    intro = accept(world, express(world))
    from kakehashi.mail.models import OutboxMessage

    OutboxMessage.objects.all().delete()

    Api(world.staff).post(f"/introductions/{intro.pk}/messages", {"body": "Desk here."})

    assert [r for r, _l, _t in outbox("intro_message")] == [
        "haruka@tokai.example.jp", "kenji@tokai.example.jp", "asha@sundaram.example.in", "vikram@sundaram.example.in",
    ]
