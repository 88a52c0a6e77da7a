"""The header on a phone and a laptop, the searchable pickers and the kind-dependent fields
of the opportunity form, in a real browser."""

import re

import pytest

from kakehashi.opportunities.models import Opportunity

from ..factories import MembershipFactory, OrganisationFactory, UserFactory
from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


def signed_in_member(new_page, viewport):
    user = MembershipFactory(organisation=OrganisationFactory(name="Sundaram Precision"), role="owner", user=UserFactory(
        email="asha@sundaram.example.in", display_name="Asha Rao")).user
    page = new_page("en")
    page.set_viewport_size(viewport)
    sign_in(page, user.email)
    return page


def test_on_a_phone_the_header_links_are_behind_a_menu_button(new_page):
    page = signed_in_member(new_page, PHONE)
    header = page.locator("header.top")
    menu = header.get_by_role("button", name="Menu")

    assert (menu.is_visible(), menu.get_attribute("aria-expanded")) == (True, "false")
    assert header.get_by_role("link", name="Opportunities").is_visible() is False

    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert header.get_by_role("link", name="Opportunities").is_visible() is True
    header.locator("summary", has_text="Account").click()
    header.get_by_role("link", name="Settings").click()
    page.wait_for_url(re.compile(r"/settings/$"))


def test_on_a_laptop_a_members_links_and_the_language_menu_share_one_row(new_page):
    page = signed_in_member(new_page, LAPTOP)

    tops = page.locator("header .nav > li, header form.lang").evaluate_all(
        "items => items.map(item => Math.round(item.getBoundingClientRect().top + item.getBoundingClientRect().height / 2))"
    )
    assert page.locator("header .menu-toggle").is_visible() is False
    assert len(tops) == 9 and len(set(tops)) == 1, tops


def test_on_a_phone_the_search_filters_are_folded_until_asked_for(new_page, live_server):
    page = new_page("en")
    page.set_viewport_size(PHONE)
    page.goto("/opportunities/")

    assert (page.locator("#f-q").is_visible(), page.locator("#f-kind").is_visible()) == (True, False)
    page.get_by_role("button", name="Filters").click()
    assert page.locator("#f-kind").is_visible() is True

    page.goto("/opportunities/?kind=pilot_call")  # a filter in use stays in sight
    assert page.locator("#f-kind").is_visible() is True


def test_the_sector_picker_filters_as_you_type_and_enter_picks_the_only_match(new_page):
    page = signed_in_member(new_page, PHONE)
    page.goto("/opportunities/new/")
    search = page.get_by_role("searchbox", name=re.compile("^Sectors"))

    search.fill("textil")
    assert page.locator("#id_sectors_list label:visible").all_inner_texts() == ["13 · Manufacture of textiles"]
    search.press("Enter")
    assert page.locator(".picker-chosen .chip").all_inner_texts() == ["13 · Manufacture of textiles ×"]

    search.fill("zzzz")
    assert page.locator(".picker-none:visible").all_inner_texts() == ["Nothing matches."]
    page.locator("#id_kind").select_option("business_offer")
    page.locator("#id_title").fill("Textile dyeing partner")
    page.locator("#id_summary").fill("We look for a dyeing partner in Tiruppur.")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/opportunities/KK-[0-9A-Z]+/$"))
    assert [s.code for s in Opportunity.objects.get().sectors.all()] == ["13"]


def test_the_trl_shows_for_technology_kinds_and_tickets_for_investment_kinds(new_page):
    page = signed_in_member(new_page, LAPTOP)
    page.goto("/opportunities/new/")

    def shown():
        return [name for name in ("trl", "company_stage", "ticket_min_usd", "ticket_max_usd") if page.locator(f"#id_{name}").is_visible()]

    page.locator("#id_kind").select_option("technology_request")
    assert shown() == ["trl"]
    page.locator("#id_kind").select_option("investment_sought")
    assert shown() == ["company_stage", "ticket_min_usd", "ticket_max_usd"]
    page.locator("#id_kind").select_option("business_offer")
    assert shown() == []
