"""The daily e-mail of new strong matches, the matches API and the matches on the page."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from kakehashi.mail.models import OutboxMessage
from kakehashi.opportunities.matches import ranking
from kakehashi.opportunities.matches.digests import send_match_digests
from kakehashi.opportunities.matches.queries import matches_for
from kakehashi.opportunities.models import Match, Opportunity, Visibility
from tests.factories import PASSWORD, MembershipFactory, UserFactory

from .helpers import organisation, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(settings):
    settings.MATCHING_STRONG_SCORE = 0.0  # every match counts as strong here
    buyer_org = organisation("JP", "Tokai Motors")
    seller_org = organisation("IN", "Chennai Precision Components")
    buyer = MembershipFactory(organisation=buyer_org, role="owner", user=UserFactory(language="ja")).user
    seller = MembershipFactory(organisation=seller_org, role="owner").user
    offer = published(seller_org, "manufacturing_offer", "CNC machining capacity for precision auto parts",
                      "We machine brake components and transmission shafts.")
    request = published(buyer_org, "sourcing_request", "精密自動車部品の調達先を探しています",
                        "ブレーキ部品のCNC加工ができるサプライヤーを求めています。", language="ja")
    return buyer, seller, request, offer


def test_digest_mails_each_owner_once_in_their_language(pair):
    buyer, seller, request, offer = pair

    assert send_match_digests() == 2
    assert send_match_digests() == 0  # already announced

    mails = {m.recipient: m for m in OutboxMessage.objects.all()}
    assert set(mails) == {buyer.email, seller.email}
    assert mails[buyer.email].locale == "ja"
    assert mails[seller.email].locale == "en"
    assert offer.reference in mails[buyer.email].body_text
    assert "Chennai Precision Components" in mails[buyer.email].body_text


def test_digest_labels_each_match_in_words_not_a_percentage(pair):
    buyer, seller, request, offer = pair

    send_match_digests()

    mails = {m.recipient: m for m in OutboxMessage.objects.all()}
    label = ranking.strength(Match.objects.get(opportunity=offer, other=request).score)
    japanese = {"strong": "強いマッチ", "good": "良いマッチ", "possible": "可能性のあるマッチ"}
    assert f"{label} match for “{offer.title}”" in mails[seller.email].body_text
    assert f"「{request.title}」との{japanese[label]}" in mails[buyer.email].body_text
    for mail in mails.values():
        assert "%" not in mail.body_text
        assert "%" not in mail.body_html


def test_digest_never_names_an_anonymous_organisation(pair):
    buyer, _, _, offer = pair
    Opportunity.objects.filter(pk=offer.pk).update(visibility=Visibility.ANONYMOUS)

    send_match_digests()

    mail = OutboxMessage.objects.get(recipient=buyer.email)
    assert "Chennai" not in mail.body_text and "Chennai" not in mail.body_html
    assert offer.reference in mail.body_text


def test_digest_skips_opportunities_that_opted_out_and_members_who_want_no_mail(pair):
    buyer, seller, request, _ = pair
    Opportunity.objects.filter(pk=request.pk).update(notify_matches=False)
    type(seller).objects.filter(pk=seller.pk).update(email_notifications=False)

    assert send_match_digests() == 0
    assert not Match.objects.filter(notified_at__isnull=True).exists()


def test_digest_goes_only_to_approved_members_of_the_organisation(pair):
    buyer, seller, _, offer = pair
    Opportunity.objects.filter(pk=offer.pk).update(visibility=Visibility.MEMBERS)
    buyer_org = buyer.memberships.get().organisation
    waiting = MembershipFactory(organisation=buyer_org, user=UserFactory(approval_status="pending")).user
    refused = MembershipFactory(organisation=buyer_org, user=UserFactory(approval_status="declined")).user
    asking = MembershipFactory(organisation=buyer_org, status="requested").user

    send_match_digests()

    recipients = set(OutboxMessage.objects.values_list("recipient", flat=True))
    assert recipients == {buyer.email, seller.email}
    assert {waiting.email, refused.email, asking.email}.isdisjoint(recipients)


def test_digest_is_not_sent_to_the_people_of_a_declined_organisation(pair):
    buyer, seller, _, _ = pair
    buyer_org = buyer.memberships.get().organisation
    type(buyer_org).objects.filter(pk=buyer_org.pk).update(status="declined")

    send_match_digests()

    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == [seller.email]


def test_matches_api_explains_each_match_to_the_owner(client, pair):
    buyer, _, request, offer = pair
    client.login(email=buyer.email, password=PASSWORD)

    response = client.get(f"/api/v1/opportunities/{request.reference}/matches")

    assert response.status_code == 200
    first = response.json()[0]
    assert first["opportunity"]["reference"] == offer.reference
    assert first["why"]["cross_language"] is True
    assert first["why"]["kinds"] == ["sourcing_request", "manufacturing_offer"]


def test_matches_api_refuses_visitors_strangers_and_the_unapproved(client, pair, unapproved, other_org_member):
    _, _, request, _ = pair
    url = f"/api/v1/opportunities/{request.reference}/matches"

    assert client.get(url).status_code == 401
    client.login(email=unapproved.email, password=PASSWORD)
    assert client.get(url).status_code == 403
    client.logout()
    client.login(email=other_org_member.email, password=PASSWORD)
    assert client.get(url).status_code == 403


def test_matches_api_hides_an_anonymous_organisation(client, pair):
    buyer, _, request, offer = pair
    Opportunity.objects.filter(pk=offer.pk).update(visibility=Visibility.ANONYMOUS)
    client.login(email=buyer.email, password=PASSWORD)

    response = client.get(f"/api/v1/opportunities/{request.reference}/matches")

    assert response.json()[0]["opportunity"]["organisation"] is None
    assert "Chennai" not in response.content.decode()


def test_owner_sees_matches_with_reasons_on_the_page(client, pair):
    buyer, _, request, offer = pair
    client.login(email=buyer.email, password=PASSWORD)

    page = client.get(reverse("opportunities:detail", args=[request.reference])).content.decode()

    assert offer.title in page
    assert 'id="matches-heading"' in page


def test_other_members_do_not_see_someone_elses_matches(client, pair, other_org_member):
    _, _, request, offer = pair
    client.login(email=other_org_member.email, password=PASSWORD)

    page = client.get(reverse("opportunities:detail", args=[request.reference])).content.decode()

    assert 'id="matches-heading"' not in page


def test_visitor_gets_no_matches_from_the_query_layer(pair):
    assert matches_for(pair[2], AnonymousUser()) == []


def test_digest_never_reaches_a_member_waiting_for_approval(pair):
    buyer, seller, request, offer = pair
    Opportunity.objects.filter(pk=offer.pk).update(visibility=Visibility.MEMBERS)
    waiting = MembershipFactory(organisation=request.organisation, user=UserFactory(approval_status="pending")).user
    declined = MembershipFactory(organisation=request.organisation, user=UserFactory(approval_status="declined")).user

    assert send_match_digests() == 2

    assert set(OutboxMessage.objects.values_list("recipient", flat=True)) == {buyer.email, seller.email}
    assert not OutboxMessage.objects.filter(recipient__in=[waiting.email, declined.email]).exists()
