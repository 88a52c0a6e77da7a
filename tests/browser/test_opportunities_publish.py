"""A member of a Japanese company writes a sourcing request in Japanese and submits it; staff
approve it from the review queue; it is published, the owner is e-mailed, and visitors find it."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from kakehashi.mail.models import OutboxMessage
from kakehashi.opportunities.models import Opportunity

from ..factories import MembershipFactory, OrganisationFactory, StaffFactory, UserFactory
from .helpers import pick, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "精密自動車部品の調達先を募集"
SUMMARY = "トランスミッションシャフトとギアブランクを加工できるインドの企業を探しています。月産約2万個を想定しています。"


def test_member_publishes_a_japanese_opportunity_after_staff_approval(new_page):
    org = OrganisationFactory(name="Hamamatsu Seimitsu", country="JP", region_code="JP-22", city="Hamamatsu")
    member = MembershipFactory(organisation=org, role="owner", user=UserFactory(email="kenta@example.jp", language="ja")).user
    staff = StaffFactory(email="secretariat@example.org")
    expires = timezone.localdate() + dt.timedelta(days=120)

    page = new_page("ja")
    sign_in(page, member.email)
    page.goto("/opportunities/new/")
    page.locator("#id_kind").select_option("sourcing_request")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill(SUMMARY)
    assert page.locator("#id_language").input_value() == "ja"  # prefilled from the text, still editable
    pick(page, "sectors", "29", "25")
    pick(page, "target_countries", "IN")
    page.locator("#id_visibility").select_option("public")
    page.locator("#id_expires_on").fill(expires.isoformat())
    page.locator("button[name=then][value=submit]").click()
    page.wait_for_url(re.compile(r"/opportunities/KK-[0-9A-F]{8}/$"))

    opportunity = Opportunity.objects.get()
    assert (opportunity.status, opportunity.language, opportunity.title) == ("submitted", "ja", TITLE)
    assert page.locator(".status-banner").get_attribute("class").split() == ["notice", "status-banner", "status-submitted"]
    assert page.locator("h1").inner_text() == TITLE

    reviewer = new_page("en")
    sign_in(reviewer, staff.email)
    reviewer.goto("/opportunities/review/")
    card = reviewer.locator(f"#review-{opportunity.reference}")
    assert card.locator("h2").inner_text() == TITLE
    card.get_by_role("button", name="Approve and publish").click()
    reviewer.wait_for_url(re.compile(r"/opportunities/review/$"))
    assert reviewer.locator(".messages .success").inner_text() == f"“{TITLE}” is published."

    page.reload()
    assert page.locator(".status-banner").get_attribute("class").split() == ["notice", "status-banner", "status-published"]
    mail = OutboxMessage.objects.get(recipient=member.email, template="opportunities/mail/opportunity_published")
    assert mail.locale == "ja" and opportunity.reference in mail.body_text

    visitor = new_page("en")
    visitor.goto("/opportunities/?country=JP&kind=sourcing_request")
    assert visitor.locator(".opportunity-card h3 a").all_inner_texts() == [TITLE]
    visitor.locator(".opportunity-card h3 a").click()
    visitor.wait_for_url(re.compile(rf"/opportunities/{opportunity.reference}/$"))
    assert visitor.locator(".owner a").inner_text() == "Hamamatsu Seimitsu"
    assert visitor.locator(".status-banner").count() == 0
