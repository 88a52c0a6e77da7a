"""Acting on an opportunity's matches: save for later, dismiss as not relevant (and undo),
express interest from the card; who may; the saved list; the same through the API.

The `Match` rows are written directly here (the engine's ranking is tested in
test_matching.py); test_match_cards.py renders the cards of engine-made matches."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import translation

from kakehashi.core.models import AuditEntry
from kakehashi.mail.models import OutboxMessage
from kakehashi.opportunities.matches import feedback
from kakehashi.opportunities.matches.digests import send_match_digests
from kakehashi.opportunities.matches.queries import matches_for, saved_for
from kakehashi.opportunities.models import Interest, Match, MatchFeedback, Opportunity, Visibility
from tests.api import api_url, bearer_client, json_request, session_client
from tests.factories import MembershipFactory, StaffFactory, UserFactory

from .helpers import organisation, published

pytestmark = pytest.mark.django_db

SIGNALS = {
    "semantic": 0.81, "similarity_z": 2.1, "adjusted_z": 1.9,
    "sectors": {"value": 1.0, "shared": ["29"], "adjacent": []},
    "kinds": ["sourcing_request", "manufacturing_offer"],
    "country": {"value": 1.0, "mine": "JP", "theirs": "IN", "other_country": True, "in_my_targets": True,
                "in_their_targets": True},
    "stage": {"value": 0.5}, "languages": ["ja", "en"], "cross_language": True, "passages": [],
}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


class Cards(dict):
    def __getattr__(self, name):
        return self[name]


def match(opportunity, other, score):
    return Match.objects.create(opportunity=opportunity, other=other, score=score, signals=SIGNALS)


@pytest.fixture
def cards(db):
    """Tokai Motors (Japan) looks for a supplier; three Indian offers match it (strong, good,
    possible); another organisation, an unapproved account and staff look on."""
    buyer_org = organisation("JP", "Tokai Motors")
    buyer = MembershipFactory(organisation=buyer_org, role="owner", user=UserFactory(display_name="Sato Kenta")).user
    colleague = MembershipFactory(organisation=buyer_org).user
    seller_org = organisation("IN", "Chennai Precision Components")
    seller = MembershipFactory(organisation=seller_org, role="owner").user
    request = published(buyer_org, "sourcing_request", "精密部品の調達", "CNC加工のサプライヤーを探しています。",
                        language="ja", refresh=False)
    offers = [
        published(seller_org, "manufacturing_offer", f"{label} machining offer", "We machine parts.", refresh=False)
        for label in ("Strong", "Good", "Possible")
    ]
    for offer, score in zip(offers, (0.8, 0.6, 0.4), strict=True):
        match(request, offer, score)
    return Cards(
        buyer_org=buyer_org, buyer=buyer, colleague=colleague, seller_org=seller_org, seller=seller, request=request,
        strong=offers[0], good=offers[1], possible=offers[2], staff=StaffFactory(),
        unapproved=UserFactory(approval_status="pending"),
        stranger_member=MembershipFactory(organisation=organisation("IN", "Other Works")).user,
    )


def titles(found) -> list[str]:
    return [m.other.title for m in found]


def url(cards, action: str, other=None) -> str:
    return f"/opportunities/{cards.request.reference}/matches/{(other or cards.strong).reference}/{action}/"


# --- services and reads ---------------------------------------------------------------------------


def test_matches_are_labelled_by_strength(cards):
    assert [(m.other.title, m.strength) for m in matches_for(cards.request, cards.buyer)] == [
        ("Strong machining offer", "strong"), ("Good machining offer", "good"), ("Possible machining offer", "possible"),
    ]


def test_dismissed_match_is_hidden_from_the_organisation_and_listed_apart(cards):
    feedback.dismiss_match(cards.buyer, cards.request, cards.good)

    assert titles(matches_for(cards.request, cards.colleague)) == ["Strong machining offer", "Possible machining offer"]
    assert titles(matches_for(cards.request, cards.colleague, dismissed=True)) == ["Good machining offer"]
    row = MatchFeedback.objects.get()
    assert (row.verdict, row.user, row.score) == ("dismissed", cards.buyer, 0.6)
    assert AuditEntry.objects.filter(action="match.dismissed", target_id=str(cards.request.pk)).count() == 1


def test_restoring_a_dismissed_match_shows_it_again(cards):
    feedback.dismiss_match(cards.buyer, cards.request, cards.good)

    assert feedback.restore_match(cards.colleague, cards.request, cards.good) is True
    assert feedback.restore_match(cards.colleague, cards.request, cards.good) is False

    assert titles(matches_for(cards.request, cards.buyer)) == [
        "Strong machining offer", "Good machining offer", "Possible machining offer",
    ]
    assert not MatchFeedback.objects.exists()


def test_dismissal_survives_the_matches_being_recomputed(cards):
    feedback.dismiss_match(cards.buyer, cards.request, cards.good)
    feedback.save_match(cards.buyer, cards.request, cards.strong)

    Match.objects.filter(opportunity=cards.request).delete()  # what a recomputation does: new rows
    match(cards.request, cards.strong, 0.75)
    match(cards.request, cards.good, 0.65)

    shown = matches_for(cards.request, cards.buyer)
    assert [(m.other.title, m.saved) for m in shown] == [("Strong machining offer", True)]
    assert titles(matches_for(cards.request, cards.buyer, dismissed=True)) == ["Good machining offer"]


def test_saving_a_dismissed_match_shows_it_again_and_dismissing_a_saved_one_unsaves_it(cards):
    feedback.dismiss_match(cards.buyer, cards.request, cards.good)
    feedback.save_match(cards.buyer, cards.request, cards.good)
    assert [m.saved for m in matches_for(cards.request, cards.buyer)] == [False, True, False]

    feedback.dismiss_match(cards.buyer, cards.request, cards.good)

    assert saved_for(cards.buyer) == []
    assert MatchFeedback.objects.get().verdict == "dismissed"


def test_saved_matches_are_shared_by_the_organisation_newest_first(cards):
    feedback.save_match(cards.buyer, cards.request, cards.possible)
    feedback.save_match(cards.colleague, cards.request, cards.strong)

    saved = saved_for(cards.buyer)

    assert [(s.other.title, s.feedback.user, s.strength) for s in saved] == [
        ("Strong machining offer", cards.colleague, "strong"), ("Possible machining offer", cards.buyer, "possible"),
    ]
    assert saved_for(cards.seller) == [] and saved_for(cards.staff) == []


def test_feedback_on_a_pair_that_is_not_a_match_is_refused(cards):
    Match.objects.filter(other=cards.good).delete()

    with pytest.raises(ValidationError, match="no longer listed"):
        feedback.save_match(cards.buyer, cards.request, cards.good)
    with pytest.raises(ValidationError, match="no longer listed"):
        feedback.dismiss_match(cards.buyer, cards.request, cards.good)


@pytest.mark.parametrize("who", ["staff", "seller", "stranger_member", "unapproved"])
def test_only_people_acting_for_the_organisation_may_give_feedback(cards, who):
    for act in (feedback.save_match, feedback.dismiss_match, feedback.unsave_match, feedback.restore_match):
        with pytest.raises(PermissionDenied):
            act(cards[who], cards.request, cards.strong)
    assert not MatchFeedback.objects.exists()


def test_a_dismissed_match_is_never_announced_in_the_daily_digest(cards, settings):
    settings.MATCHING_STRONG_SCORE = 0.0
    feedback.dismiss_match(cards.buyer, cards.request, cards.good)
    Match.objects.filter(other=cards.good).delete()  # recomputed: a new, unannounced row
    match(cards.request, cards.good, 0.9)

    send_match_digests()

    [mail] = OutboxMessage.objects.filter(recipient=cards.buyer.email)
    assert cards.strong.reference in mail.body_text and cards.good.reference not in mail.body_text
    assert not Match.objects.filter(notified_at__isnull=True).exists()


# --- pages ----------------------------------------------------------------------------------------


def test_save_from_the_card_goes_back_to_the_card_and_lists_it_as_saved(cards):
    client = session_client(cards.buyer)

    response = client.post(url(cards, "save"))

    assert (response.status_code, response["Location"]) == (
        302, f"/opportunities/{cards.request.reference}/#match-{cards.strong.reference}",
    )
    page = client.get("/opportunities/saved/").content.decode()
    assert "Strong machining offer" in page and "Strong match" in page and "saved by Sato Kenta" in page
    assert "Good machining offer" not in page


def test_unsave_from_the_saved_page_goes_back_to_it(cards):
    feedback.save_match(cards.buyer, cards.request, cards.strong)

    response = session_client(cards.colleague).post(url(cards, "unsave"), {"next": "saved"})

    assert (response.status_code, response["Location"]) == (302, "/opportunities/saved/")
    assert not MatchFeedback.objects.exists()


def test_dismiss_from_the_card_offers_undo_and_restore_shows_it_again(cards):
    client = session_client(cards.buyer)

    response = client.post(url(cards, "dismiss", cards.good))

    assert response["Location"] == f"/opportunities/{cards.request.reference}/?undo={cards.good.reference}#matches"
    assert titles(matches_for(cards.request, cards.buyer)) == ["Strong machining offer", "Possible machining offer"]
    response = client.post(url(cards, "restore", cards.good))
    assert response["Location"] == f"/opportunities/{cards.request.reference}/#match-{cards.good.reference}"
    assert len(matches_for(cards.request, cards.buyer)) == 3


def test_express_interest_from_the_card_sends_it_for_the_opportunitys_organisation(cards):
    MembershipFactory(user=cards.buyer, organisation=organisation("IN", "Second Hat Ltd"))  # acts for two
    client = session_client(cards.buyer)

    response = client.post(url(cards, "interest"), {"message": "We would like to talk."})

    assert response["Location"] == f"/opportunities/{cards.request.reference}/#match-{cards.strong.reference}"
    interest = Interest.objects.get()
    assert (interest.opportunity, interest.organisation, interest.sent_by, interest.message) == (
        cards.strong, cards.buyer_org, cards.buyer, "We would like to talk.",
    )
    seller_page = session_client(cards.seller).get(f"/opportunities/{cards.strong.reference}/").content.decode()
    assert "Tokai Motors" in seller_page and "We would like to talk." in seller_page


def test_second_interest_from_a_card_gets_the_same_answer_as_the_opportunity_page(cards):
    session_client(cards.buyer).post(url(cards, "interest"), {"message": "Hello"})

    response = session_client(cards.colleague).post(url(cards, "interest"), {"message": "Again"})

    assert response.status_code == 400
    assert "already expressed interest" in response.content.decode()
    assert Interest.objects.count() == 1


def test_empty_message_from_a_card_is_a_field_error(cards):
    response = session_client(cards.buyer).post(url(cards, "interest"), {"message": "  "})

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["message"]
    assert not Interest.objects.exists()


def test_interest_from_a_card_is_rate_limited_like_the_page(cards, settings):
    settings.MEMBER_RATE_LIMITS = {"interest": "1/h"}
    client = session_client(cards.buyer)
    client.post(url(cards, "interest"), {"message": "One"})

    response = client.post(url(cards, "interest", cards.good), {"message": "Two"})

    assert response.status_code == 429
    assert Interest.objects.count() == 1


def test_interest_from_a_card_never_names_the_owner_of_an_anonymous_match(cards):
    Opportunity.objects.filter(pk=cards.strong.pk).update(visibility=Visibility.ANONYMOUS)
    client = session_client(cards.buyer)
    client.post(url(cards, "interest"), {"message": "One"})

    again = client.post(url(cards, "interest"), {"message": "Two"}).content.decode()

    assert "Chennai" not in again
    assert f"Anonymous — reference {cards.strong.reference}" in again


def test_card_actions_refuse_a_get(cards):
    client = session_client(cards.buyer)
    for action in ("save", "unsave", "dismiss", "restore", "interest"):
        assert client.get(url(cards, action)).status_code == 405


def test_card_actions_need_the_csrf_token(cards):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cards.buyer)
    for action in ("save", "dismiss", "interest"):
        assert client.post(url(cards, action), {"message": "Hi"}).status_code == 403
    assert not MatchFeedback.objects.exists() and not Interest.objects.exists()


ACTIONS = ["save", "unsave", "dismiss", "restore", "interest"]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("who", ["visitor", "unapproved", "seller", "stranger_member", "staff"])
def test_card_actions_refuse_anyone_not_acting_for_the_organisation(cards, who, action):
    feedback.dismiss_match(cards.buyer, cards.request, cards.good)  # something to restore
    client = Client() if who == "visitor" else session_client(cards[who])
    target = url(cards, action, cards.good if action == "restore" else cards.strong)

    response = client.post(target, {"message": "Hi"})

    if who == "visitor":
        assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={target}")
    elif who == "unapproved":
        assert (response.status_code, response["Location"]) == (302, "/welcome/")
    else:
        assert response.status_code == 404
    assert list(MatchFeedback.objects.values_list("verdict", flat=True)) == ["dismissed"]
    assert not Interest.objects.exists()


def test_card_actions_answer_404_for_a_pair_that_is_not_a_match(cards):
    unrelated = published(cards.seller_org, "manufacturing_offer", "Unrelated", "Not matched.", refresh=False)
    client = session_client(cards.buyer)

    for action in ACTIONS:
        assert client.post(url(cards, action, unrelated), {"message": "Hi"}).status_code == 404


def test_saved_page_refuses_visitors_and_the_unapproved(cards):
    assert Client().get("/opportunities/saved/")["Location"] == "/accounts/login/?next=/opportunities/saved/"
    assert session_client(cards.unapproved).get("/opportunities/saved/")["Location"] == "/welcome/"


def test_saved_page_lists_only_the_members_own_organisations_saves(cards):
    feedback.save_match(cards.buyer, cards.request, cards.strong)

    page = session_client(cards.stranger_member).get("/opportunities/saved/").content.decode()

    assert "Strong machining offer" not in page and "No saved matches yet" in page


# --- API ------------------------------------------------------------------------------------------


def api_pair(cards, action: str, other=None) -> str:
    return api_url(f"opportunities/{cards.request.reference}/matches/{(other or cards.strong).reference}/{action}")


def test_api_saves_dismisses_and_takes_back(cards):
    client = bearer_client(cards.buyer)

    saved = json_request(client, "post", api_pair(cards, "save"))
    dismissed = json_request(client, "post", api_pair(cards, "dismiss", cards.good))
    listed = client.get(api_url(f"opportunities/{cards.request.reference}/matches")).json()
    hidden = client.get(api_url(f"opportunities/{cards.request.reference}/matches?dismissed=true")).json()

    assert saved.status_code == 200
    assert saved.json() == {"opportunity": cards.request.reference, "other": cards.strong.reference,
                            "saved": True, "dismissed": False}
    assert dismissed.json()["dismissed"] is True
    assert [(m["opportunity"]["title"], m["strength"], m["saved"]) for m in listed] == [
        ("Strong machining offer", "strong", True), ("Possible machining offer", "possible", False),
    ]
    assert [m["opportunity"]["title"] for m in hidden] == ["Good machining offer"]
    assert json_request(client, "delete", api_pair(cards, "save")).json()["saved"] is False
    assert json_request(client, "delete", api_pair(cards, "dismiss", cards.good)).json()["dismissed"] is False
    assert not MatchFeedback.objects.exists()


def test_api_lists_the_organisations_saved_matches(cards):
    feedback.save_match(cards.colleague, cards.request, cards.good)

    response = bearer_client(cards.buyer).get(api_url("opportunities/matches/saved"))

    assert response.status_code == 200
    [row] = response.json()
    assert (row["opportunity"], row["match"]["reference"], row["strength"], row["saved_by_name"]) == (
        cards.request.reference, cards.good.reference, "good", cards.colleague.get_full_name(),
    )
    assert row["match"]["organisation"]["name"] == "Chennai Precision Components"


def test_api_saved_list_hides_the_owner_of_an_anonymous_match(cards):
    Opportunity.objects.filter(pk=cards.good.pk).update(visibility=Visibility.ANONYMOUS)
    feedback.save_match(cards.buyer, cards.request, cards.good)

    response = bearer_client(cards.buyer).get(api_url("opportunities/matches/saved"))

    assert response.json()[0]["match"]["organisation"] is None
    assert "Chennai" not in response.content.decode()


@pytest.mark.parametrize(("method", "action"), [("post", "save"), ("delete", "save"), ("post", "dismiss"),
                                                ("delete", "dismiss")])
@pytest.mark.parametrize(("who", "status"), [("visitor", 401), ("unapproved", 403), ("seller", 404),
                                             ("stranger_member", 404), ("staff", 404)])
def test_api_feedback_refuses_anyone_not_acting_for_the_organisation(cards, method, action, who, status):
    response = json_request(bearer_client(None if who == "visitor" else cards[who]), method, api_pair(cards, action))

    assert response.status_code == status
    assert "detail" in response.json()
    assert not MatchFeedback.objects.exists()


def test_api_saved_list_refuses_visitors_and_the_unapproved(cards):
    assert bearer_client(None).get(api_url("opportunities/matches/saved")).status_code == 401
    assert bearer_client(cards.unapproved).get(api_url("opportunities/matches/saved")).status_code == 403
