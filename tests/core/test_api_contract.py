"""The API's contract (core.apicontract): documented errors, JSON on every error path, and
the defects the security review found, each pinned by a test. The schemathesis run over
the whole schema is in test_api_fuzz.py."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.crypto import get_random_string

from kakehashi.accounts.services import create_api_token
from kakehashi.api import api
from kakehashi.community.models import Notification
from kakehashi.events import registration
from kakehashi.opportunities.models import Opportunity

from ..factories import EventSessionFactory, MembershipFactory, PostFactory, SpeakerFactory, StaffFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"
UNAUTHENTICATED = {"detail": "Sign in or send an API token."}
TOO_BIG = 2**63
TOO_SMALL = -(2**63) - 1


def bearer(user) -> Client:
    _token, secret = create_api_token(user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def post_json(client: Client, url: str, body, method: str = "post"):
    return getattr(client, method)(url, json.dumps(body), content_type=JSON)


def media(response) -> str:
    return response["Content-Type"].split(";")[0]


def error_fields(response) -> list:
    return [e["loc"] for e in response.json()["detail"]]


# --- the schema documents every error ---------------------------------------------------------


def _operations():
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield method, path, operation


def test_every_operation_documents_its_errors_with_a_json_detail():
    undocumented = []
    for method, path, operation in _operations():
        codes = {int(c) for c in operation["responses"]}
        expected = {401}
        if {} not in operation["security"]:
            expected.add(403)
        if "{" in path:
            expected |= {404, 422}
        if method != "get":
            expected |= {400, 429}
        if "requestBody" in operation:
            expected |= {413, 422}
        if not expected <= codes:
            undocumented.append((method, path, sorted(expected - codes)))
        for code in codes - {200, 201, 204}:
            content = operation["responses"][code]["content"][JSON]["schema"]
            assert content["$ref"].startswith("#/components/schemas/"), (method, path, code)

    assert undocumented == []


def test_error_schemas_are_a_detail_object():
    schemas = api.get_openapi_schema(path_prefix="/api/v1/")["components"]["schemas"]

    assert schemas["ErrorOut"]["required"] == ["detail"]
    assert schemas["SchemaInvalidOut"]["required"] == ["detail", "message"]


def test_every_integer_input_is_bounded_to_a_signed_64_bit_integer():
    """SQLite raises OverflowError (a 500) on larger integers: the schema refuses them (422)."""
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    unbounded = []

    def walk(node, where):
        if isinstance(node, dict):
            if node.get("type") == "integer" and not (
                node.get("minimum", TOO_SMALL) >= -(2**63) and node.get("maximum", TOO_BIG) <= 2**63 - 1
            ):
                unbounded.append(where)
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")

    for method, path, operation in _operations():
        walk(operation.get("parameters", []), f"{method} {path} parameters")
    output_only = {name for name in schema["components"]["schemas"] if name.endswith(("Out", "Page", "Error"))}
    for name, component in schema["components"]["schemas"].items():
        if name not in output_only:
            walk(component, name)

    assert unbounded == []


# --- out-of-range integers are 422 on every database -----------------------------------------


@pytest.mark.parametrize("value", [TOO_BIG, TOO_SMALL, 0])
def test_notifications_read_out_of_range_id_is_422(member, value):
    response = post_json(bearer(member), "/api/v1/community/notifications/read", {"ids": [1, value]})

    assert (response.status_code, error_fields(response)) == (422, [["body", "payload", "ids", 1]])
    assert Notification.objects.count() == 0


@pytest.mark.parametrize("value", [TOO_BIG, TOO_SMALL])
def test_session_speakers_out_of_range_id_is_422(staff, value):
    session = EventSessionFactory()
    speaker = SpeakerFactory(series=session.series)

    response = post_json(bearer(staff), f"/api/v1/events/sessions/{session.slug}", {"speakers": [speaker.pk, value]}, "patch")

    assert (response.status_code, error_fields(response)) == (422, [["body", "payload", "speakers", 1]])
    assert list(session.speakers.all()) == []


@pytest.mark.parametrize(
    ("method", "url", "name"),
    [
        ("get", "/api/v1/community/members/{n}", "user_id"),
        ("delete", "/api/v1/community/comments/{n}", "comment_id"),
        ("delete", "/api/v1/events/registrations/{n}", "registration_id"),
        ("get", "/api/v1/opportunities/interests/{n}", "interest_id"),
        ("get", "/api/v1/opportunities/introductions/{n}/messages", "introduction_id"),
    ],
)
@pytest.mark.parametrize("value", [TOO_BIG, 0])
def test_path_id_out_of_range_is_422(member, method, url, name, value):
    response = getattr(bearer(member), method)(url.format(n=value))

    assert (response.status_code, media(response), error_fields(response)) == (422, JSON, [["path", name]])


def test_comment_parent_out_of_range_is_422(member):
    post = PostFactory()

    response = post_json(bearer(member), f"/api/v1/community/posts/{post.slug}/comments", {"body": "Hi", "parent": TOO_BIG})

    assert (response.status_code, error_fields(response)) == (422, [["body", "payload", "parent"]])


# --- unauthenticated writes are 401 JSON; signed-in session writes still need CSRF -------------


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("post", "/api/v1/community/notifications/read", {}),
        ("post", "/api/v1/opportunities/", {}),
        ("patch", "/api/v1/me", {}),
        ("put", "/api/v1/community/tags/ai/follow", {"level": "all"}),
        ("delete", "/api/v1/events/registrations/1", None),
    ],
)
def test_unauthenticated_write_is_401_json(method, url, body):
    client = Client(enforce_csrf_checks=True)

    response = getattr(client, method)(url, json.dumps(body) if body is not None else "", content_type=JSON)

    assert (response.status_code, media(response), response.json()) == (401, JSON, UNAUTHENTICATED)


def test_signed_in_session_write_without_csrf_token_is_403_json(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    response = post_json(client, "/api/v1/community/notifications/read", {})

    assert (response.status_code, media(response)) == (403, JSON)
    assert response.json() == {"detail": "CSRF check failed: send the X-CSRFToken header with a signed-in session."}


def test_signed_in_session_write_with_csrf_token_passes(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    client.cookies["csrftoken"] = token = get_random_string(32)

    response = client.post("/api/v1/community/notifications/read", "{}", content_type=JSON, headers={"X-CSRFToken": token})

    assert (response.status_code, response.json()) == (200, {"marked": 0})


def test_wrong_bearer_token_is_401_even_with_a_signed_in_session(member):
    client = Client(HTTP_AUTHORIZATION="Bearer kk_not-a-token")
    client.force_login(member)

    responses = [client.get("/api/v1/me"), client.get("/api/v1/community/posts")]

    assert [(r.status_code, r.json()) for r in responses] == [(401, UNAUTHENTICATED), (401, UNAUTHENTICATED)]


# --- trailing slashes: each path answers with and without it ----------------------------------


def opportunity_body() -> dict:
    return {
        "kind": "manufacturing_offer", "title": "Die-casting capacity in Pune", "summary": "Aluminium die casting.",
        "visibility": "public", "expires_on": (timezone.localdate() + dt.timedelta(days=100)).isoformat(),
    }


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize("url", ["/api/v1/opportunities", "/api/v1/opportunities/"])
def test_create_opportunity_with_or_without_the_trailing_slash(settings, member, debug, url):
    settings.DEBUG = debug

    response = post_json(bearer(member), url, opportunity_body())

    assert (response.status_code, response.json()["title"]) == (201, "Die-casting capacity in Pune")
    assert Opportunity.objects.get().title == "Die-casting capacity in Pune"


@pytest.mark.parametrize("url", ["/api/v1/me", "/api/v1/me/", "/api/v1/community/posts/", "/api/v1/opportunities/mine/"])
def test_reads_answer_with_or_without_the_trailing_slash(member, url):
    response = bearer(member).get(url)

    assert (response.status_code, media(response)) == (200, JSON)


@pytest.mark.parametrize("url", ["/api/v1/", "/api/v1/no-such-thing", "/api/v1/community/nothing/here/", "/api/v1/opportunities/KK-1/nope"])
def test_unknown_api_path_is_404_json(member, url):
    response = bearer(member).post(url, "{}", content_type=JSON)

    assert (response.status_code, media(response), response.json()) == (404, JSON, {"detail": "Not found."})


def test_method_the_path_does_not_have_is_405_json(member):
    response = bearer(member).delete("/api/v1/me")

    assert (response.status_code, media(response), set(response["Allow"].split(", "))) == (405, JSON, {"GET", "PATCH"})
    assert response.json() == {"detail": "This method is not allowed here."}


# --- oversized and unreadable bodies are JSON ------------------------------------------------


def test_body_over_the_upload_limit_is_413_json(settings, member):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = post_json(bearer(member), "/api/v1/community/notifications/read", {"ids": list(range(1, 400))})

    assert (response.status_code, media(response), response.json()) == (
        413, JSON, {"detail": "The request body is too large."}
    )


def test_body_that_is_not_json_is_400_json(member):
    response = bearer(member).post("/api/v1/community/notifications/read", "{not json", content_type=JSON)

    assert (response.status_code, response.json()) == (400, {"detail": "The request body is not valid JSON."})


# --- bearer tokens work on every read ----------------------------------------------------------


def test_bearer_token_reads_a_members_only_post(member):
    post = PostFactory(slug="members-only", visibility="members")

    by_token = bearer(member).get(f"/api/v1/community/posts/{post.slug}")
    comments = bearer(member).get(f"/api/v1/community/posts/{post.slug}/comments")
    anonymous = Client().get(f"/api/v1/community/posts/{post.slug}")

    assert (by_token.status_code, by_token.json()["slug"], comments.status_code) == (200, "members-only", 200)
    assert anonymous.status_code == 404


def test_session_cookie_reads_a_members_only_post(member):
    post = PostFactory(slug="members-only", visibility="members")
    client = Client()
    client.force_login(member)

    response = client.get(f"/api/v1/community/posts/{post.slug}")

    assert (response.status_code, response.json()["slug"]) == (200, "members-only")


def test_bearer_token_of_a_registrant_gets_the_joining_link(member):
    session = EventSessionFactory(slug="digital-partnership")
    registration.register_member(member, session)

    by_token = bearer(member).get(f"/api/v1/events/sessions/{session.slug}").json()
    anonymous = Client().get(f"/api/v1/events/sessions/{session.slug}").json()

    assert (by_token["join_url"], by_token["my_status"]) == ("https://meet.example/room-42", "confirmed")
    assert (anonymous["join_url"], anonymous["my_status"]) == (None, None)


def test_bearer_token_of_staff_sees_unpublished_sessions_in_the_list():
    staff = StaffFactory()
    EventSessionFactory(slug="draft-session", published=False)

    by_token = bearer(staff).get("/api/v1/events/sessions", {"when": "all"}).json()
    anonymous = Client().get("/api/v1/events/sessions", {"when": "all"}).json()

    assert ([s["slug"] for s in by_token["results"]], anonymous["results"]) == (["draft-session"], [])


def test_bearer_token_lists_members_only_organisation_posts(member):
    PostFactory(slug="members-only", visibility="members", organisation=MembershipFactory().organisation)

    response = bearer(member).get("/api/v1/community/posts")

    assert [p["slug"] for p in response.json()["results"]] == ["members-only"]


def test_schema_and_docs_are_still_served(client):
    schema = client.get("/api/v1/openapi.json")
    docs = client.get("/api/v1/docs")

    assert (schema.status_code, schema.json()["info"]["title"], docs.status_code) == (200, "Kakehashi API", 200)
