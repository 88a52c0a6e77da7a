"""Bad input through the form and the API: the Big List of Naughty Strings is stored as
given (stripped), shown escaped and never causes a 500; empty, whitespace-only, NUL and
100,000-character texts get clear errors and store nothing. Every string goes through the
form, the API's input schema and the service; a few of every category (blns_sample) also
through the whole request and the page."""

import json

import pytest
from django.utils.html import escape

from kakehashi.opportunities.models import Opportunity
from tests.corpora import blns, blns_sample
from tests.html import without_own_scripts

from .helpers import client_for, in_days

pytestmark = pytest.mark.django_db

FIELDS = {"title": 200, "summary": 600, "details": 10_000}


def rotate(strings: list[str]) -> list[dict[str, str]]:
    """One submission per string; field k gets string i+k, so every string goes in every field."""
    n = len(strings)
    return [{f: strings[(i + k) % n][:limit] for k, (f, limit) in enumerate(FIELDS.items())} for i in range(n)]


def form_data(**overrides) -> dict:
    data = {
        "kind": "business_request", "language": "", "sectors": ["29"], "target_countries": [], "visibility": "public",
        "expires_on": in_days(60).isoformat(), "trl": "", "company_stage": "", "ticket_min_usd": "", "ticket_max_usd": "",
    }
    data.update(overrides)
    return data


def expected_errors(values: dict[str, str]) -> dict[str, list[str]]:
    return {f: ["This field is required."] for f in ("title", "summary") if not values[f].strip()}


def test_blns_every_string_through_the_form_and_the_service_is_stored_stripped(member, org_a):
    from kakehashi.opportunities import services
    from kakehashi.opportunities.forms import OpportunityForm
    from kakehashi.opportunities.queries import publishing_organisations

    accepted = 0
    for values in rotate(blns()):
        form = OpportunityForm(form_data(organisation=org_a.pk, **values), organisations=publishing_organisations(member))

        assert {k: list(v) for k, v in form.errors.items()} == expected_errors(values), values
        if form.errors:
            continue
        opportunity = services.create_draft(member, form.cleaned_data["organisation"], **form.service_kwargs())
        assert {f: getattr(opportunity, f) for f in FIELDS} == {f: v.strip() for f, v in values.items()}, values
        accepted += 1

    assert accepted > 400


def test_blns_every_string_through_the_api_schema_and_the_service_round_trips(member, org_a):
    from kakehashi.opportunities import services
    from kakehashi.opportunities.api import OpportunityCreateIn

    created = 0
    for values in rotate(blns()):
        body = {"kind": "business_offer", "sectors": ["29"], "expires_on": in_days(60).isoformat(), **values}
        data = OpportunityCreateIn.model_validate(body).dict()
        data.pop("organisation")

        opportunity = services.create_draft(member, org_a, **data)

        opportunity.refresh_from_db()
        assert {f: getattr(opportunity, f) for f in FIELDS} == {f: v.strip() for f, v in values.items()}, values
        created += 1

    assert created > 400


def test_blns_through_the_form_is_stored_stripped_and_shown_escaped(client, member, org_a):
    client.force_login(member)
    accepted = script_shown = 0

    for values in rotate(blns_sample()):
        response = client.post("/opportunities/new/", form_data(organisation=org_a.pk, **values))

        assert response.status_code in (302, 400), values
        if response.status_code == 400:
            assert {k: list(v) for k, v in response.context["form"].errors.items()} == expected_errors(values), values
            continue
        assert expected_errors(values) == {}, values
        opportunity = Opportunity.objects.order_by("-pk").first()
        stored = {f: getattr(opportunity, f) for f in FIELDS}
        assert stored == {f: v.strip() for f, v in values.items()}, values
        page = client.get(f"/opportunities/{opportunity.reference}/")
        html = page.content.decode()
        assert page.status_code == 200, values
        assert "<script" not in without_own_scripts(html).lower(), values
        assert escape(stored["title"]) in html and escape(stored["summary"]) in html, values
        if "\r" not in stored["details"]:
            assert escape(stored["details"]) in html, values
        if stored["title"] == "<script>alert(0)</script>":
            assert "&lt;script&gt;alert(0)&lt;/script&gt;" in html
            script_shown += 1
        accepted += 1

    assert accepted == len(blns_sample())
    assert script_shown == 1
    listing = client.get("/opportunities/mine/")
    assert listing.status_code == 200 and "<script" not in without_own_scripts(listing.content.decode()).lower()


def test_blns_through_the_api_never_500_and_round_trips(member, org_a):
    client = client_for(member)
    created = 0

    for values in rotate(blns_sample()):
        body = {"kind": "business_offer", "sectors": ["29"], "expires_on": in_days(60).isoformat(), **values}
        response = client.post("/api/v1/opportunities/", json.dumps(body), content_type="application/json")

        assert response.status_code in (201, 400, 422), values
        if response.status_code != 201:
            assert "detail" in response.json(), values
            continue
        reference = response.json()["reference"]
        fetched = client.get(f"/api/v1/opportunities/{reference}").json()
        assert {f: fetched[f] for f in FIELDS} == {f: v.strip() for f, v in values.items()}, values
        created += 1

    assert created == len(blns_sample())
    searched = client.get("/api/v1/opportunities/mine?page=3")
    assert searched.status_code == 200


@pytest.mark.parametrize("query", ["<script>alert(0)</script>", "'; DROP TABLE opportunities;--", "%00", "🇯🇵" * 200, "\u202e"])
def test_naughty_search_queries_answer(client, query):
    page = client.get("/opportunities/", {"q": query, "sector": query, "kind": query})
    api = client.get("/api/v1/opportunities/", {"q": query[:300]})

    assert page.status_code == 200
    assert "<script>alert(0)" not in page.content.decode()
    assert api.status_code == 200


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"title": " \t\u3000 "}, "title", "This field is required."),
        ({"summary": "\n\n"}, "summary", "This field is required."),
        ({"details": "x" * 100_000}, "details", "Ensure this value has at most 10000 characters (it has 100000)."),
        ({"title": "a\x00b"}, "title", "Null characters are not allowed."),
        ({"expires_on": "31/12/2030"}, "expires_on", "Enter a valid date."),
        ({"kind": "gift"}, "kind", "Select a valid choice. gift is not one of the available choices."),
        ({"sectors": ["99X"]}, "sectors", "Select a valid choice. 99X is not one of the available choices."),
        ({"target_countries": ["ZZ"]}, "target_countries", "Select a valid choice. ZZ is not one of the available choices."),
        ({"trl": "12", "kind": "technology_offer"}, "trl", "Enter a level from 1 to 9."),
    ],
    ids=["empty", "whitespace", "newlines", "100k-details", "nul", "date", "kind", "sector", "country", "trl"],
)
def test_form_refuses_bad_input_with_a_clear_error(client, member, org_a, overrides, field, message):
    client.force_login(member)

    response = client.post("/opportunities/new/", form_data(
        organisation=org_a.pk, **{"title": "Title", "summary": "Summary", "details": "", **overrides}
    ))

    assert response.status_code == 400
    assert list(response.context["form"].errors[field]) == [message]
    assert Opportunity.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "status", "field"),
    [
        ({"title": "   "}, 400, "title"),
        ({"summary": "\u2028"}, 400, "summary"),
        ({"details": "x" * 100_000}, 422, "details"),
        ({"title": "a\x00b"}, 422, "title"),
    ],
    ids=["whitespace-title", "separator-summary", "100k-details", "nul"],
)
def test_api_refuses_bad_input_with_the_field(member, org_a, overrides, status, field):
    body = {"kind": "business_offer", "title": "T", "summary": "S", "expires_on": in_days(60).isoformat(), **overrides}

    response = client_for(member).post("/api/v1/opportunities/", json.dumps(body), content_type="application/json")

    assert response.status_code == status
    detail = response.json()["detail"]
    assert field in {entry["loc"][-1] for entry in detail}
    assert Opportunity.objects.count() == 0
