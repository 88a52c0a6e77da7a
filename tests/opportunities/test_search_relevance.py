"""Opportunity search returns only relevant opportunities (semantic + lexical, with a
cut-off), says how many, says when results are still being computed, never fails on odd
input and never reveals, through a lexical hit, what the viewer may not see."""

import json

import pytest
from django.utils import timezone

from kakehashi.matching import encoders, store
from kakehashi.opportunities.matches import COLLECTION
from kakehashi.opportunities.matches.collection import document_of

from ..corpora import blns, blns_sample
from ..factories import OpportunityFactory
from .helpers import client_for, in_days

pytestmark = pytest.mark.django_db

CODEWORD = "Kestrelvane"  # a made-up word only the hidden opportunities contain


@pytest.fixture
def indexed(member, org_a, other_org_member, unapproved):
    """Organisation A's live opportunities in three languages, one unrelated, and hidden ones
    (members-only, anonymous, draft, submitted, expired) whose texts contain CODEWORD; every
    one has vectors and a lexical text, as if a reindex had just run (a hidden one may keep
    its vectors until its indexing task runs: search must still not show it)."""
    def make(**kwargs):
        return OpportunityFactory(organisation=org_a, created_by=member, **kwargs)

    hidden_text = f"{CODEWORD} precision machining of automotive gears"
    made = {
        "en": make(title="CNC machining of precision auto parts in Chennai",
                   summary="Turning and milling of transmission shafts for car makers.", details=""),
        "ja": make(title="精密自動車部品の切削加工を承ります", summary="トランスミッションシャフトの旋盤加工とフライス加工。",
                   details="", language="ja"),
        "hi": make(title="चेन्नई में सटीक ऑटो पार्ट्स की मशीनिंग", summary="कार निर्माताओं के लिए ट्रांसमिशन शाफ्ट।",
                   details="", language="hi"),
        "cotton": make(title="Organic cotton apparel sourcing", summary="Knitted T-shirts for retail chains.",
                       details="", sectors=["14"]),
        "members": make(title=f"Members-only: {hidden_text}", summary=hidden_text, details="", visibility="members"),
        "anonymous": make(title=f"Anonymous: {hidden_text}", summary=hidden_text, details="", visibility="anonymous"),
        "draft": make(title=f"Draft: {hidden_text}", summary=hidden_text, details="", status="draft",
                      published_at=None),
        "submitted": make(title=f"Submitted: {hidden_text}", summary=hidden_text, details="", status="submitted",
                          published_at=None, submitted_at=timezone.now()),
        "expired": make(title=f"Expired: {hidden_text}", summary=hidden_text, details="", status="expired",
                        expires_on=in_days(-3)),
    }
    store.save(COLLECTION, [document_of(o) for o in made.values()])
    return made


def _page_refs(client, q, **params):
    response = client.get("/opportunities/", {"q": q, **params})
    assert response.status_code == 200
    return [o.reference for o in response.context["opportunities"]], response.content.decode()


def _api(client, q):
    response = client.get("/api/v1/opportunities/", {"q": q})
    assert response.status_code == 200
    return response.json()


def test_a_japanese_query_finds_the_machining_offers_in_every_language_and_not_the_unrelated(client, indexed):
    refs, html = _page_refs(client, "精密自動車部品の加工")

    assert set(refs) == {indexed["en"].reference, indexed["ja"].reference, indexed["hi"].reference}
    assert "3 opportunities relevant to your search" in html


def test_a_nonsense_query_finds_nothing_and_the_page_helps(client, indexed):
    refs, html = _page_refs(client, "xyzzyqq")

    assert refs == []
    assert "0 opportunities relevant to your search" in html
    assert "No opportunity is relevant to “xyzzyqq”." in html
    assert 'href="?kind=manufacturing_offer"' in html and 'href="?sector=C"' in html
    assert "Search again without the filters" not in html


def test_the_empty_state_offers_to_drop_the_filters(client, indexed):
    _, html = _page_refs(client, "xyzzyqq", kind="manufacturing_offer")

    assert '<a href="?q=xyzzyqq">Search again without the filters</a>' in html


@pytest.mark.parametrize("q", ["wedding cake recipe", "qwrtp zkvb", "!!!", "?", "a"])
def test_queries_about_nothing_here_find_nothing(client, indexed, q):
    assert _api(client, q)["count"] == 0


def test_the_api_counts_the_relevant_results(client, indexed):
    body = _api(client, "precision machining of auto parts")

    assert body["count"] == len(body["results"]) >= 1
    assert indexed["cotton"].reference not in {r["reference"] for r in body["results"]}
    assert body["indexing"] is None


# --- while indexing -----------------------------------------------------------------------


def test_while_some_opportunities_have_no_vectors_the_page_and_api_say_so(client, indexed, org_a):
    OpportunityFactory(organisation=org_a, title="Freshly published, not indexed yet")

    _, html = _page_refs(client, "precision machining")
    body = _api(client, "precision machining")

    assert "Search results are still being computed: 6 of 7 opportunities indexed." in html
    assert body["indexing"] == {"indexed": 6, "total": 7}


def test_without_a_query_nothing_is_said_about_indexing(client, indexed, org_a):
    OpportunityFactory(organisation=org_a, title="Freshly published, not indexed yet")

    assert "still being computed" not in client.get("/opportunities/").content.decode()


# --- no leaks -----------------------------------------------------------------------------


HIDDEN_FROM = {
    "visitor": ("members", "anonymous", "draft", "submitted", "expired"),
    "unapproved": ("members", "anonymous", "draft", "submitted", "expired"),
    "other_org_member": ("draft", "submitted", "expired"),
}


@pytest.mark.parametrize("actor", sorted(HIDDEN_FROM))
@pytest.mark.parametrize("q", [CODEWORD, CODEWORD.lower(), "Kes", f'"{CODEWORD}"', f"{CODEWORD}*"])
def test_a_lexical_hit_never_reveals_what_the_viewer_may_not_see(indexed, actor, q, request):
    user = None if actor == "visitor" else request.getfixturevalue(actor)
    client = client_for(user)
    hidden = {indexed[name].reference for name in HIDDEN_FROM[actor]}

    refs, html = _page_refs(client, q)
    body = _api(client, q)

    assert not hidden & set(refs)
    assert not hidden & {r["reference"] for r in body["results"]}
    for name in HIDDEN_FROM[actor]:
        assert indexed[name].title not in html
        assert indexed[name].title not in json.dumps(body, ensure_ascii=False)


def test_a_member_of_another_organisation_finds_the_anonymous_offer_without_its_owner(indexed, other_org_member):
    client = client_for(other_org_member)

    refs, html = _page_refs(client, CODEWORD)
    body = _api(client, CODEWORD)

    assert indexed["anonymous"].reference in refs
    card = next(chunk for chunk in html.split("<li") if indexed["anonymous"].title in chunk)
    assert "Sundaram Precision" not in card
    anonymous = next(r for r in body["results"] if r["reference"] == indexed["anonymous"].reference)
    assert anonymous["organisation"] is None
    assert "Sundaram Precision" not in json.dumps(anonymous)


def test_the_owning_member_finds_its_own_draft_by_a_word_in_it(indexed, member):
    refs, _ = _page_refs(client_for(member), CODEWORD)

    # the search lists live opportunities only, even for their organisation
    assert indexed["draft"].reference not in refs
    assert indexed["members"].reference in refs


# --- bad input ----------------------------------------------------------------------------


ODD = [
    "", " ", "a", "ab", "x" * 299, "!!!", "...", "？！", '"', '""', '"unclosed', "*", "NEAR(cnc machining)", "cnc OR",
    "OR", "AND NOT", "-cnc", "^cnc", "title:cnc", "(cnc", "cnc)", "%", "_", "%_%", "50%", "a_b", "\\", "'; --",
    "精", "गि",
]


@pytest.mark.parametrize("q", ODD)
def test_odd_queries_answer_on_the_page_and_the_api(client, indexed, q):
    page = client.get("/opportunities/", {"q": q})
    api = client.get("/api/v1/opportunities/", {"q": q})

    assert page.status_code == 200
    assert api.status_code == 200
    assert "fts5" not in page.content.decode().lower()


def test_a_query_of_500_characters_is_cut_on_the_page_and_refused_by_the_api(client, indexed):
    page = client.get("/opportunities/", {"q": "machining " * 50})
    api = client.get("/api/v1/opportunities/", {"q": "machining " * 50})

    assert page.status_code == 200
    assert api.status_code == 422 and "detail" in api.json()


def test_naughty_strings_never_fail_the_search(client, indexed):
    """Every string through the search itself; a few of every category through the API."""
    from django.contrib.auth.models import AnonymousUser

    from kakehashi.opportunities import queries as opportunity_queries

    queries = [text[:300].replace("\x00", "") for text in blns()]
    for encoder in encoders.active():  # one batch instead of 500 model calls: searches find them kept
        encoder.encode_queries(queries)
    for query in queries:
        opportunity_queries.search(AnonymousUser(), q=query)
    sample = [text[:300].replace("\x00", "") for text in blns_sample()]
    failures = [query for query in sample if client.get("/api/v1/opportunities/", {"q": query}).status_code != 200]

    assert failures == []
