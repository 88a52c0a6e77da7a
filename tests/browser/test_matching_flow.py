"""Issue 3's "done when": a member publishes a Japanese-language sourcing request and, within
seconds, sees Indian manufacturing offers written in English ranked with reasons; expresses
interest in the best one; is accepted; and gets the introduction e-mail."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from kakehashi.mail.models import OutboxMessage
from kakehashi.opportunities.models import Opportunity

from ..factories import MembershipFactory, OrganisationFactory, StaffFactory, UserFactory
from ..opportunities.matches.helpers import published
from .helpers import pick, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "精密自動車部品のサプライヤーを探しています"
SUMMARY = "ブレーキ部品やトランスミッションシャフトをCNC加工できるインドの工場と、長期の取引を希望します。"


def test_japanese_request_sees_english_offers_ranked_with_reasons_and_is_introduced(new_page):
    buyer_org = OrganisationFactory(name="Hamamatsu Seimitsu", country="JP", region_code="JP-22", city="Hamamatsu")
    buyer = MembershipFactory(organisation=buyer_org, role="owner",
                              user=UserFactory(email="kenta@example.jp", language="ja")).user
    seller_org = OrganisationFactory(name="Chennai Precision Components", country="IN", region_code="IN-TN",
                                     website="https://chennai-precision.example.in/")
    seller = MembershipFactory(organisation=seller_org, role="owner",
                               user=UserFactory(email="priya@chennai.example.in", display_name="Priya Raman")).user
    textiles = OrganisationFactory(name="Tiruppur Knits", country="IN", region_code="IN-TN")
    offer = published(seller_org, "manufacturing_offer", "CNC machining capacity for precision auto parts",
                      "We machine brake components, transmission shafts and aluminium housings for car makers.",
                      "IATF 16949 certified plant in Chennai with 300 CNC machines and Japanese OEM customers.")
    published(textiles, "manufacturing_offer", "Knitted cotton garments for fashion brands",
              "Dyeing, printing and sewing of knitted cotton T-shirts and sportswear.", sectors=("14",))
    staff = StaffFactory(email="secretariat@example.org")

    page = new_page("ja")
    sign_in(page, buyer.email)
    page.goto("/opportunities/new/")
    page.locator("#id_kind").select_option("sourcing_request")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill(SUMMARY)
    pick(page, "sectors", "29")
    pick(page, "target_countries", "IN")
    page.locator("#id_visibility").select_option("members")
    page.locator("#id_expires_on").fill((timezone.localdate() + dt.timedelta(days=90)).isoformat())
    page.locator("button[name=then][value=submit]").click()
    page.wait_for_url(re.compile(r"/opportunities/KK-[0-9A-F]{8}/$"))
    request = Opportunity.objects.get(title=TITLE)

    reviewer = new_page("en")
    sign_in(reviewer, staff.email)
    reviewer.goto("/opportunities/review/")
    reviewer.locator(f"#review-{request.reference}").get_by_role("button", name="Approve and publish").click()
    reviewer.wait_for_url(re.compile(r"/opportunities/review/$"))

    page.reload()
    matches = page.locator(".match-list .match")
    assert matches.first.locator("h3").inner_text() == offer.title  # English offer first for a Japanese request
    assert matches.count() == 2
    matches.first.locator("details.why summary").click()
    reasons = matches.first.locator(".reasons").inner_text()
    assert "日本語 ↔ English" in reasons  # the note that the two texts are in different languages, named in the reader's language
    assert "自動車・トレーラー・セミトレーラー製造業" in reasons  # the shared ISIC division, by name
    assert matches.first.locator(".passages li").count() == 2

    matches.first.locator("h3 a").click()
    page.wait_for_url(re.compile(rf"/opportunities/{offer.reference}/$"))
    page.locator(".interest-panel textarea[name=message]").fill("弊社は浜松の自動車部品メーカーです。ぜひご相談させてください。")
    page.locator(".interest-panel form.interest-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/opportunities/interests/\d+/$"))

    owner_page = new_page("en")
    sign_in(owner_page, seller.email)
    owner_page.goto(f"/opportunities/{offer.reference}/")
    owner_page.locator(".received-interest form.accept-form button[type=submit]").click()
    owner_page.wait_for_url(re.compile(r"/opportunities/introductions/\d+/$"))

    to_buyer = OutboxMessage.objects.get(recipient=buyer.email, template="opportunities/mail/intro_made")
    to_seller = OutboxMessage.objects.get(recipient=seller.email, template="opportunities/mail/intro_made")
    assert (to_buyer.locale, to_seller.locale) == ("ja", "en")
    assert "Chennai Precision Components" in to_buyer.body_text and "priya@chennai.example.in" in to_buyer.body_text
    assert "Hamamatsu Seimitsu" in to_seller.body_text and "kenta@example.jp" in to_seller.body_text
