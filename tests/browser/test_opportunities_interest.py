"""A member of an Indian organisation expresses interest in a Japanese organisation's
opportunity; its owner accepts; both sides get the introduction e-mail with each other's
contact details in their own language; the member writes in the private thread."""

import re

import pytest

from kakehashi.mail.models import OutboxMessage
from kakehashi.opportunities.models import Interest, IntroductionMessage

from ..factories import MembershipFactory, OpportunityFactory, OrganisationFactory, UserFactory
from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_interest_accepted_introduces_both_sides_and_opens_the_thread(new_page):
    owner_org = OrganisationFactory(name="Tokai Seiki Kogyo", slug="tokai-seiki", country="JP", region_code="JP-23",
                                    city="Nagoya", website="https://tokai-seiki.example.jp/")
    sender_org = OrganisationFactory(name="Sundaram Precision Works", slug="sundaram")
    owner = MembershipFactory(organisation=owner_org, role="owner", user=UserFactory(
        email="haruka@tokai.example.jp", display_name="Sato Haruka", language="ja")).user
    sender = MembershipFactory(organisation=sender_org, role="owner", user=UserFactory(
        email="asha@sundaram.example.in", display_name="Asha Rao", language="en")).user
    opportunity = OpportunityFactory(organisation=owner_org, created_by=owner, kind="sourcing_request",
                                     title="精密自動車部品の調達", language="ja")

    page = new_page("en")
    sign_in(page, sender.email)
    page.goto(f"/opportunities/{opportunity.reference}/")
    page.locator(".interest-panel textarea[name=message]").fill("We machine aluminium housings for Tier-1 suppliers.")
    page.locator(".interest-panel form.interest-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/opportunities/interests/\d+/$"))
    assert page.locator(".state").inner_text() == "Awaiting an answer"

    owner_page = new_page("ja")
    sign_in(owner_page, owner.email)
    owner_page.goto(f"/opportunities/{opportunity.reference}/")
    assert "We machine aluminium housings" in owner_page.locator(".received-interest").inner_text()
    owner_page.locator(".received-interest form.accept-form button[type=submit]").click()
    owner_page.wait_for_url(re.compile(r"/opportunities/introductions/\d+/$"))

    interest = Interest.objects.get()
    assert interest.state == "accepted"
    to_sender = OutboxMessage.objects.get(recipient=sender.email, template="opportunities/mail/intro_made")
    to_owner = OutboxMessage.objects.get(recipient=owner.email, template="opportunities/mail/intro_made")
    assert (to_sender.locale, to_owner.locale) == ("en", "ja")
    assert "Tokai Seiki Kogyo" in to_sender.body_text and "haruka@tokai.example.jp" in to_sender.body_text
    assert "Sundaram Precision Works" in to_owner.body_text and "asha@sundaram.example.in" in to_owner.body_text
    thread_url = re.search(r"http://\S+(/opportunities/introductions/\d+/)", to_sender.body_text).group(1)

    page.goto(thread_url)
    page.locator(".message-form textarea[name=body]").fill("Could we visit your plant in Nagoya next month?")
    page.locator(".message-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/opportunities/introductions/\d+/#message-\d+$"))
    assert page.locator(".intro-message").last.inner_text().endswith("Could we visit your plant in Nagoya next month?")
    assert IntroductionMessage.objects.get().author == sender
    assert OutboxMessage.objects.filter(recipient=owner.email, template="opportunities/mail/intro_message").count() == 1
