"""No oracle on anonymity: an approved member of another organisation cannot find out which
organisation is behind an anonymous opportunity by naming organisations to the operations
that take an opportunity (expressing interest through the API and the form, reading or
answering interests, threads and outcomes, searching).

Each test enumerates EVERY organisation in the database (approved, pending, declined, the
owner's, the caller's, one the caller asked to join) and slugs or ids that do not exist,
and asserts that the responses (status and body, with the named organisation's own slug,
id and name and per-request tokens replaced) are identical for every organisation the
caller does not act for — the owner's above all."""

import re
from urllib.parse import urlencode

import pytest
from django.test import Client

from kakehashi.accounts.models import Organisation
from kakehashi.accounts.services import create_api_token
from kakehashi.opportunities.interest import queries as interest_queries
from kakehashi.opportunities.models import Interest, Introduction

from ..factories import MembershipFactory, OpportunityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

MISSING_SLUGS = ["no-such-organisation", "x"]
MISSING_IDS = [987654]
NOT_YOURS = (
    '{"detail": [{"loc": ["body", "organisation"], '
    '"msg": "You can write only for an approved organisation you belong to."}]}'
)


class Scene:
    def __init__(self):
        self.owner_org = OrganisationFactory(name="Hidden Owner Works", slug="hidden-owner-works")
        self.owner = MembershipFactory(organisation=self.owner_org, role="owner").user
        self.opportunity = OpportunityFactory(
            organisation=self.owner_org, created_by=self.owner, visibility="anonymous",
            title="Gear grinding partner wanted", kind="sourcing_request",
        )
        self.caller_org = OrganisationFactory(name="Caller Robotics", slug="caller-robotics", country="JP")
        self.caller = MembershipFactory(organisation=self.caller_org, role="member").user
        OrganisationFactory(name="Another Approved", slug="another-approved")
        OrganisationFactory(name="Still Pending", slug="still-pending", status="pending")
        OrganisationFactory(name="Was Declined", slug="was-declined", status="declined")
        asked = OrganisationFactory(name="Asked To Join", slug="asked-to-join")
        MembershipFactory(user=self.caller, organisation=asked, status="requested")
        _token, secret = create_api_token(self.caller, name="oracle")
        self.api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
        self.web = Client()
        self.web.force_login(self.caller)

    def organisations(self) -> list[Organisation]:
        return list(Organisation.objects.order_by("pk"))

    def acts_for(self) -> set[int]:
        return interest_queries.organisation_ids_of(self.caller)


@pytest.fixture
def scene(db):
    return Scene()


TOKENS = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), 'name="csrfmiddlewaretoken" value="-"'),
    (re.compile(r'nonce="[^"]*"'), 'nonce="-"'),
    (re.compile(r"'nonce-[^']*'"), "'nonce--'"),
]


def normalised(response, *named: object) -> tuple[int, str]:
    """Status and body, with what the request itself named (slug, id, name) and per-request
    tokens replaced, so that only what the server chose to say remains."""
    body = response.content.decode()
    for pattern, replacement in TOKENS:
        body = pattern.sub(replacement, body)
    for value in sorted({str(v) for v in named if v not in (None, "")}, key=len, reverse=True):
        # Not in a textarea's size (a small id would also match rows="6").
        body = re.sub(rf'(?<![\w-])(?<!rows=")(?<!cols="){re.escape(value)}(?![\w-])', "<NAMED>", body)
    return response.status_code, body


def distinct_answers(answers: dict[str, tuple[int, str]]) -> dict[tuple[int, str], list[str]]:
    grouped: dict[tuple[int, str], list[str]] = {}
    for who, answer in answers.items():
        grouped.setdefault(answer, []).append(who)
    return grouped


def test_expressing_interest_through_the_api_answers_alike_for_every_organisation_not_yours(scene):
    answers = {}
    for org in scene.organisations():
        if org.pk in scene.acts_for():
            continue
        response = scene.api.post(
            "/api/v1/opportunities/interests",
            {"opportunity": scene.opportunity.reference, "message": "We grind gears.", "organisation": org.slug},
            content_type="application/json",
        )
        answers[org.slug] = normalised(response, org.slug, org.pk, org.name)
    for slug in MISSING_SLUGS:
        response = scene.api.post(
            "/api/v1/opportunities/interests",
            {"opportunity": scene.opportunity.reference, "message": "We grind gears.", "organisation": slug},
            content_type="application/json",
        )
        answers[slug] = normalised(response, slug)

    grouped = distinct_answers(answers)

    assert "hidden-owner-works" in answers
    assert list(grouped) == [(400, NOT_YOURS)], grouped
    assert Interest.objects.count() == 0


def test_expressing_interest_through_the_form_answers_alike_for_every_organisation_not_yours(scene):
    url = f"/opportunities/{scene.opportunity.reference}/interest/"
    answers = {}
    for org in scene.organisations():
        if org.pk in scene.acts_for():
            continue
        response = scene.web.post(url, {"organisation": org.pk, "message": "We grind gears."})
        answers[org.slug] = normalised(response, org.slug, org.pk, org.name)
    for missing in [*MISSING_IDS, "hidden-owner-works"]:
        response = scene.web.post(url, {"organisation": missing, "message": "We grind gears."})
        answers[str(missing)] = normalised(response, missing)

    grouped = distinct_answers(answers)

    assert len(grouped) == 1, {answer[0]: who for answer, who in grouped.items()}
    (status, body), = grouped
    assert status == 400
    assert "Hidden Owner Works" not in body
    assert Interest.objects.count() == 0


def test_the_callers_own_organisation_still_works_after_the_enumeration(scene):
    response = scene.api.post(
        "/api/v1/opportunities/interests",
        {"opportunity": scene.opportunity.reference, "message": "We grind gears.", "organisation": "caller-robotics"},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert (response.json()["owner"], response.json()["organisation"]["slug"]) == (None, "caller-robotics")


def interest_paths(interest_id: object, introduction_id: object) -> list[tuple[str, str, dict]]:
    """Every operation that reads or answers an interest, its thread or outcomes."""
    return [
        ("api", "get", f"/api/v1/opportunities/interests/{interest_id}", {}),
        ("api", "post", f"/api/v1/opportunities/interests/{interest_id}/accept", {}),
        ("api", "post", f"/api/v1/opportunities/interests/{interest_id}/decline", {"reason": "No"}),
        ("api", "post", f"/api/v1/opportunities/interests/{interest_id}/withdraw", {}),
        ("api", "get", f"/api/v1/opportunities/introductions/{introduction_id}", {}),
        ("api", "get", f"/api/v1/opportunities/introductions/{introduction_id}/messages", {}),
        ("api", "post", f"/api/v1/opportunities/introductions/{introduction_id}/messages", {"body": "Hi"}),
        ("api", "post", f"/api/v1/opportunities/introductions/{introduction_id}/outcomes", {"outcome": "meeting_held"}),
        ("web", "get", f"/opportunities/interests/{interest_id}/", {}),
        ("web", "post", f"/opportunities/interests/{interest_id}/accept/", {}),
        ("web", "post", f"/opportunities/interests/{interest_id}/decline/", {"reason": "No"}),
        ("web", "post", f"/opportunities/interests/{interest_id}/withdraw/", {}),
        ("web", "get", f"/opportunities/introductions/{introduction_id}/", {}),
        ("web", "post", f"/opportunities/introductions/{introduction_id}/messages/", {"body": "Hi"}),
        ("web", "post", f"/opportunities/introductions/{introduction_id}/outcome/", {"outcome": "meeting_held"}),
    ]


def test_interests_threads_and_outcomes_of_other_organisations_answer_alike(scene):
    """Each organisation the caller does not act for has an accepted interest (with its
    introduction) — in the anonymous opportunity, or for its owner in another one — and
    none of them, nor a missing id, answers differently."""
    elsewhere = OpportunityFactory(organisation=OrganisationFactory(name="Elsewhere", slug="elsewhere"))
    targets = {}
    for number, org in enumerate(scene.organisations(), start=1):
        if org.pk in scene.acts_for():
            continue
        opportunity = elsewhere if org.pk == scene.owner_org.pk else scene.opportunity
        interest = Interest.objects.create(  # ids no page shows by chance (e.g. "initial-scale=1")
            pk=700000 + number, opportunity=opportunity, organisation=org, message="Hello", state=Interest.State.ACCEPTED
        )
        targets[org.slug] = (interest.pk, Introduction.objects.create(pk=800000 + number, interest=interest).pk)
    targets["missing"] = (MISSING_IDS[0], MISSING_IDS[0])

    answers: dict[str, dict[str, tuple[int, str]]] = {}
    for who, (interest_id, introduction_id) in targets.items():
        templates = interest_paths("{i}", "{n}")
        for index, (client_kind, method, path, data) in enumerate(interest_paths(interest_id, introduction_id)):
            client = scene.api if client_kind == "api" else scene.web
            kwargs = {"content_type": "application/json"} if client_kind == "api" and method == "post" else {}
            response = getattr(client, method)(path, data, **kwargs)
            operation = f"{method.upper()} {templates[index][2]}"
            answers.setdefault(operation, {})[who] = normalised(response, interest_id, introduction_id)

    assert len(answers) == len(interest_paths(1, 2))
    assert {op: len(distinct_answers(by_org)) for op, by_org in answers.items()} == dict.fromkeys(answers, 1), {
        op: [(a[0], w) for a, w in distinct_answers(by_org).items()] for op, by_org in answers.items()
    }
    assert {op: next(iter(by_org.values()))[0] for op, by_org in answers.items()} == dict.fromkeys(answers, 404)


def test_search_answers_alike_whichever_organisation_is_searched_for(scene):
    """Searching for an organisation's name or slug never singles out the anonymous
    opportunity of that organisation (nor shows its owner)."""
    answers = {}
    for org in scene.organisations():
        if org.pk in scene.acts_for():
            continue
        for q in (org.name, org.slug):
            api = scene.api.get("/api/v1/opportunities/", {"q": q})
            page = scene.web.get("/opportunities/", {"q": q})
            answers[f"{org.slug}: {q}"] = (normalised(api, q), normalised(page, q, urlencode({"q": q})[2:]))

    grouped = distinct_answers(answers)

    assert len(grouped) == 1, grouped
    ((api_status, _api), (page_status, page)), = grouped
    assert (api_status, page_status, "Hidden Owner Works" in page) == (200, 200, False)
