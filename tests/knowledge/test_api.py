"""API of the agreements timeline: public reads, staff writes, JSON 4xx for bad input."""

import datetime as dt

import pytest
from django.utils import timezone

from kakehashi.knowledge import services
from kakehashi.knowledge.models import Agreement, ItemLink

from ..api import FORBIDDEN, NOT_FOUND, UNAUTHENTICATED, api_url, bearer_client, json_request
from ..factories import EventSessionFactory, MembershipFactory, OrganisationFactory, SeriesFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW = {
    "kind": "memorandum", "date": "2022-03-19", "parties": "India, Japan", "title_en": "Clean Energy Partnership",
    "title_ja": "クリーンエネルギー・パートナーシップ", "summary_en": "Cooperation in clean energy.",
    "sources": [{"url": "https://www.mofa.go.jp/", "label": "MOFA"}],
}


def test_anyone_reads_the_timeline():
    response = bearer_client(None).get(api_url("knowledge/agreements"))

    body = response.json()
    assert response.status_code == 200
    assert [a["slug"] for a in body] == [
        "supply-chain-resilience-initiative", "specified-skilled-worker-memorandum",
        "india-japan-ict-memorandum-5g", "india-japan-digital-partnership",
    ]
    assert body[-1]["title"] == {"en": "India–Japan Digital Partnership", "ja": "日印デジタル・パートナーシップ", "hi": "भारत–जापान डिजिटल साझेदारी"}
    assert body[-1]["sources"][0]["checked_on"] == "2026-12-07"


def test_an_agreement_lists_the_tagged_items_the_caller_may_see():
    staff = StaffFactory()
    agreement = Agreement.objects.get(slug="india-japan-digital-partnership")
    organiser = MembershipFactory(role="owner")
    services.tag_item(staff, agreement, "session", EventSessionFactory(slug="open-session").slug)
    services.tag_item(staff, agreement, "session", EventSessionFactory(
        slug="draft-session", published=False, series=SeriesFactory(organisation=organiser.organisation)).slug)

    anonymous = bearer_client(None).get(api_url("knowledge/agreements/india-japan-digital-partnership")).json()
    organisers = bearer_client(organiser.user).get(api_url("knowledge/agreements/india-japan-digital-partnership")).json()

    assert [t["reference"] for t in anonymous["tagged"]] == ["open-session"]
    assert sorted(t["reference"] for t in organisers["tagged"]) == ["draft-session", "open-session"]


def test_an_unknown_agreement_is_a_json_404():
    response = bearer_client(None).get(api_url("knowledge/agreements/nope"))

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_staff_create_an_agreement():
    response = json_request(bearer_client(StaffFactory()), "post", api_url("knowledge/agreements"), NEW)

    body = response.json()
    assert response.status_code == 201
    assert (body["slug"], body["title"]["ja"], body["tagged"]) == ("clean-energy-partnership", "クリーンエネルギー・パートナーシップ", [])
    assert body["sources"] == [{"url": "https://www.mofa.go.jp/", "label": "MOFA", "checked_on": timezone.localdate().isoformat()}]


def test_create_without_a_source_is_a_400_naming_the_field():
    response = json_request(bearer_client(StaffFactory()), "post", api_url("knowledge/agreements"), NEW | {"sources": []})

    assert response.status_code == 400
    assert response.json() == {"detail": [{"loc": ["body", "sources"], "msg": "Give at least one official source."}]}


def test_create_with_a_future_date_for_a_signed_agreement_is_a_400():
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()

    response = json_request(bearer_client(StaffFactory()), "post", api_url("knowledge/agreements"), NEW | {"date": future})

    assert response.status_code == 400
    assert response.json()["detail"] == [{"loc": ["body", "date"], "msg": "A signed agreement's date cannot be in the future."}]


@pytest.mark.parametrize("bad", [{"kind": "treaty"}, {"date": "yesterday"}, {"title_en": "a\x00b"}, {"title_en": "x" * 201}])
def test_create_with_a_bad_field_is_a_422(bad):
    response = json_request(bearer_client(StaffFactory()), "post", api_url("knowledge/agreements"), NEW | bad)

    assert response.status_code == 422
    assert not Agreement.objects.filter(title_en__startswith="Clean").exists()


def test_staff_change_an_agreement():
    response = json_request(bearer_client(StaffFactory()), "patch", api_url("knowledge/agreements/specified-skilled-worker-memorandum"),
                            {"parties": "Government of India; Government of Japan"})

    assert response.status_code == 200
    assert Agreement.objects.get(slug="specified-skilled-worker-memorandum").parties == "Government of India; Government of Japan"


def test_staff_tag_a_session_and_an_unknown_item_is_a_400():
    client = bearer_client(StaffFactory())
    session = EventSessionFactory()
    url = api_url("knowledge/agreements/supply-chain-resilience-initiative/items")

    tagged = json_request(client, "post", url, {"kind": "session", "reference": session.slug})
    unknown = json_request(client, "post", url, {"kind": "session", "reference": "nope"})

    assert tagged.status_code == 201 and [t["reference"] for t in tagged.json()["tagged"]] == [session.slug]
    assert unknown.status_code == 400 and unknown.json()["detail"][0]["loc"] == ["body", "reference"]


WRITES = [
    ("post", "knowledge/agreements", NEW),
    ("patch", "knowledge/agreements/india-japan-digital-partnership", {"parties": "x"}),
    ("post", "knowledge/agreements/india-japan-digital-partnership/items", {"kind": "session", "reference": "s"}),
]


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_a_stranger_may_not_write(method, path, body):
    response = json_request(bearer_client(None), method, api_url(path), body)

    assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)


@pytest.mark.parametrize("who", ["non_member", "member", "other_org_member"])
@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_members_and_non_members_may_not_write(who, method, path, body):
    user = {
        "non_member": lambda: UserFactory(approval_status="pending"),
        "member": lambda: MembershipFactory().user,
        "other_org_member": lambda: MembershipFactory(organisation=OrganisationFactory()).user,
    }[who]()
    EventSessionFactory(slug="s")

    response = json_request(bearer_client(user), method, api_url(path), body)

    assert (response.status_code, response.json()) == (403, FORBIDDEN)
    assert Agreement.objects.get(slug="india-japan-digital-partnership").parties == "METI (Japan), MeitY (India)"
    assert not ItemLink.objects.exists() and not Agreement.objects.filter(title_en="Clean Energy Partnership").exists()
