"""New strong matches reach the notification centre of everyone acting for the
organisation (mail or no mail), once per pair; the "new strong matches" switch drops the
e-mail only."""

import pytest

from kakehashi.mail.models import OutboxMessage
from kakehashi.notices import services as notices
from kakehashi.notices.models import Notice
from kakehashi.opportunities.matches.digests import send_match_digests
from kakehashi.opportunities.models import Match
from tests.factories import MembershipFactory, UserFactory

from .helpers import organisation, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(settings):
    settings.MATCHING_STRONG_SCORE = 0.0  # every match counts as strong here
    buyer_org = organisation("JP", "Tokai Motors")
    seller_org = organisation("IN", "Chennai Precision Components")
    buyer = MembershipFactory(organisation=buyer_org, role="owner", user=UserFactory(language="ja")).user
    seller = MembershipFactory(organisation=seller_org, role="owner", user=UserFactory(email_notifications=False)).user
    offer = published(seller_org, "manufacturing_offer", "CNC machining capacity for precision auto parts",
                      "We machine brake components and transmission shafts.")
    request = published(buyer_org, "sourcing_request", "精密自動車部品の調達先を探しています",
                        "ブレーキ部品のCNC加工ができるサプライヤーを求めています。", language="ja")
    return buyer, seller, request, offer


def test_new_strong_matches_are_notified_once_to_each_side(pair):
    buyer, seller, request, offer = pair

    send_match_digests()
    Match.objects.update(notified_at=None)  # recomputed and announced again: no second notice
    send_match_digests()

    rows = sorted(Notice.objects.filter(kind="new_match").values_list("recipient", "url", "params"))
    assert rows == sorted([
        (buyer.pk, f"/opportunities/{offer.reference}/", {"mine": request.title, "title": offer.title}),
        (seller.pk, f"/opportunities/{request.reference}/", {"mine": offer.title, "title": request.title}),
    ])


def test_switching_match_emails_off_drops_the_digest_but_keeps_the_notice(pair):
    buyer, _seller, _request, _offer = pair
    notices.set_email_switches(buyer, {"new_match": False})

    assert send_match_digests() == 0
    assert not OutboxMessage.objects.exists()
    assert Notice.objects.filter(recipient=buyer, kind="new_match").count() == 1
