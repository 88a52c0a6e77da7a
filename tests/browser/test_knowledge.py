"""Staff add an agreement with its official source, tag an event session with it, and the
session's page shows "Part of" the agreement."""

import pytest

from kakehashi.knowledge.models import Agreement, ItemLink

from ..factories import EventSessionFactory, StaffFactory
from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_add_an_agreement_tag_a_session_and_the_session_page_links_to_it(new_page):
    staff = StaffFactory(email="desk@example.org")
    session = EventSessionFactory(slug="green-hydrogen-dialogue", title="Green hydrogen dialogue")

    page = new_page("en")
    sign_in(page, staff.email)
    page.goto("/knowledge/agreements/")
    page.get_by_role("link", name="Add an agreement").click()
    page.select_option("select[name=kind]", "memorandum")
    page.fill("input[name=date]", "2022-03-19")
    page.fill("input[name=parties]", "India, Japan")
    page.fill("input[name=title_en]", "Clean Energy Partnership")
    page.fill("textarea[name=summary_en]", "Cooperation in clean energy and green hydrogen.")
    page.fill("textarea[name=sources_text]", "https://www.mofa.go.jp/region/asia-paci/india/index.html MOFA")
    page.locator("form.agreement-form button[type=submit]").click()
    page.wait_for_url("**/knowledge/agreements/clean-energy-partnership/")

    page.select_option("form.tag-form select[name=kind]", "session")
    page.fill("form.tag-form input[name=reference]", session.slug)
    page.locator("form.tag-form button[type=submit]").click()
    page.wait_for_url("**/knowledge/agreements/clean-energy-partnership/")
    assert page.locator("ul.tagged a").inner_text() == "Green hydrogen dialogue"

    page.goto(f"/events/sessions/{session.slug}/")
    part_of = page.locator("p.part-of a")
    assert part_of.inner_text() == "Clean Energy Partnership"
    part_of.click()
    page.wait_for_url("**/knowledge/agreements/clean-energy-partnership/")
    assert page.locator("ul.sources a").get_attribute("href") == "https://www.mofa.go.jp/region/asia-paci/india/index.html"

    agreement = Agreement.objects.get(slug="clean-energy-partnership")
    assert list(ItemLink.objects.values_list("agreement_id", "kind", "object_id")) == [(agreement.pk, "session", session.pk)]
