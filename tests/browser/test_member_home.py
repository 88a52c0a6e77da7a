"""A member's way back in: the home page leads to the dashboard, where the notice that their
interest was accepted waits; it opens the introduction thread, and their reply notifies the
other side."""

import re

import pytest

from kakehashi.notices.models import Notice
from kakehashi.opportunities.interest import services
from kakehashi.opportunities.models import IntroductionMessage

from ..factories import MembershipFactory, OpportunityFactory, OrganisationFactory, UserFactory
from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_goes_from_the_dashboard_to_an_accepted_interest_and_replies(new_page):
    owner_org = OrganisationFactory(name="Tokai Seiki Kogyo", slug="tokai-seiki", country="JP")
    sender_org = OrganisationFactory(name="Sundaram Precision Works", slug="sundaram")
    owner = MembershipFactory(organisation=owner_org, role="owner", user=UserFactory(
        email="haruka@tokai.example.jp", display_name="Sato Haruka", language="ja")).user
    sender = MembershipFactory(organisation=sender_org, role="owner", user=UserFactory(
        email="asha@sundaram.example.in", display_name="Asha Rao", language="en")).user
    opportunity = OpportunityFactory(organisation=owner_org, created_by=owner, kind="sourcing_request",
                                     title="Precision auto parts sourcing")
    interest = services.express_interest(sender, opportunity, message="We machine aluminium housings.")
    introduction = services.accept_interest(owner, interest)

    page = new_page("en")
    sign_in(page, sender.email)
    page.goto("/")
    page.wait_for_url(re.compile(r"/dashboard/$"))
    assert page.locator("header .badge").inner_text() == "1"
    panel = page.locator("#panel-notifications")
    assert panel.locator("h2").inner_text() == "1 unread notification"
    panel.locator("a", has_text="Your interest in “Precision auto parts sourcing” was accepted").click()
    page.wait_for_url(re.compile(rf"/opportunities/introductions/{introduction.pk}/$"))
    assert page.locator("header .badge").count() == 0  # read now

    page.locator(".message-form textarea[name=body]").fill("Could we visit your plant in Nagoya next month?")
    page.locator(".message-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/opportunities/introductions/\d+/#message-\d+$"))

    message = IntroductionMessage.objects.get()
    assert message.author == sender
    assert list(Notice.objects.filter(kind="thread_message").values_list("recipient", "url")) == [
        (owner.pk, f"/opportunities/introductions/{introduction.pk}/#message-{message.pk}"),
    ]

    page.goto("/notifications/")
    assert page.locator(".notifications li.unread").count() == 0
