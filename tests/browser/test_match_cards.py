"""Match cards an owner can act on: labelled matches with sector names; express interest from
one card (the other organisation then sees it); dismiss another (hidden, counted, undone);
save a third (listed on the saved-matches page)."""

import pytest

from kakehashi.opportunities.models import Interest

from ..factories import MembershipFactory, OrganisationFactory, UserFactory
from ..opportunities.matches.helpers import published
from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABELS = {"Strong match", "Good match", "Possible match"}


def test_owner_expresses_interest_dismisses_and_saves_from_match_cards(new_page):
    buyer_org = OrganisationFactory(name="Hamamatsu Seimitsu", country="JP", region_code="JP-22")
    buyer = MembershipFactory(organisation=buyer_org, role="owner",
                              user=UserFactory(email="kenta@example.jp", language="en")).user
    sellers = []
    for name, title, summary in (
        ("Chennai Precision Components", "CNC machining capacity for precision auto parts",
         "We machine brake components, transmission shafts and aluminium housings for car makers."),
        ("Pune Forgings", "Forged and machined crankshafts for car makers",
         "Closed-die forging and CNC machining of crankshafts and connecting rods."),
        ("Coimbatore Castings", "Aluminium die-cast housings for automotive suppliers",
         "High-pressure die casting and machining of gearbox and motor housings."),
    ):
        org = OrganisationFactory(name=name, country="IN", region_code="IN-TN")
        seller = MembershipFactory(organisation=org, role="owner").user
        sellers.append((seller, published(org, "manufacturing_offer", title, summary)))
    request = published(buyer_org, "sourcing_request", "精密自動車部品のサプライヤーを探しています",
                        "ブレーキ部品やシャフトをCNC加工できるインドの工場を探しています。", language="ja")

    page = new_page("en")
    sign_in(page, buyer.email)
    page.goto(f"/opportunities/{request.reference}/")
    matches = page.locator(".match-list .match")
    assert matches.count() == 3
    assert {matches.nth(i).locator(".strength").inner_text() for i in range(3)} <= LABELS
    matches.first.locator("details.why summary").click()
    assert "Manufacture of motor vehicles, trailers and semi-trailers" in matches.first.locator(".reasons").inner_text()
    assert "%" not in page.locator("#matches").inner_text()

    # Express interest from the first card.
    (first_seller, first_offer), (_, second_offer), (_, third_offer) = sellers
    card = page.locator(f"#match-{first_offer.reference}")
    card.locator(".match-interest summary").click()
    card.locator("textarea[name=message]").fill("We are a Hamamatsu parts maker looking for a machining partner.")
    with page.expect_navigation():
        card.locator(".match-interest button[type=submit]").click()
    assert page.url.endswith(f"/opportunities/{request.reference}/#match-{first_offer.reference}")
    assert "expressed interest (Awaiting an answer)" in page.locator(f"#match-{first_offer.reference}").inner_text()
    interest = Interest.objects.get()
    assert (interest.opportunity, interest.organisation) == (first_offer, buyer_org)

    seller_page = new_page("en")
    sign_in(seller_page, first_seller.email)
    seller_page.goto(f"/opportunities/{first_offer.reference}/")
    assert "Hamamatsu Seimitsu" in seller_page.locator(".received-interest").inner_text()

    # Dismiss the second: it disappears, is counted, and "Undo" brings it back.
    with page.expect_navigation():
        page.locator(f"#match-{second_offer.reference} .match-dismiss button").click()
    assert page.url.endswith(f"/opportunities/{request.reference}/?undo={second_offer.reference}#matches")
    assert page.locator(f"#match-{second_offer.reference}").count() == 0
    assert page.locator(".match-list .match").count() == 2
    assert page.locator(".hidden-matches summary").inner_text() == "Hidden match (1)"
    with page.expect_navigation():
        page.locator(".match-undo button").click()
    assert page.locator(f"#match-{second_offer.reference}").count() == 1
    assert page.locator(".hidden-matches").count() == 0

    # Save the third: it is on the saved-matches page.
    with page.expect_navigation():
        page.locator(f"#match-{third_offer.reference} .match-save button").click()
    assert page.locator(f"#match-{third_offer.reference} .saved-mark").count() == 1
    page.goto("/opportunities/saved/")
    saved = page.locator(".saved-match-list .saved-match")
    assert saved.count() == 1
    assert third_offer.title in saved.first.inner_text()
