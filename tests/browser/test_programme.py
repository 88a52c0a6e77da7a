"""The programme dashboard opened by staff in Japanese and in Hindi: the page and its SVG
charts carry the translated labels, and the chart text is drawn with real glyphs (not the
empty boxes of a missing font)."""

import pytest
from django.utils import translation

from ..factories import MatchedPairFactory, OpportunityFactory, OrganisationFactory, StaffFactory
from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The chart's <text> elements as (text, width drawn with the chart's fonts, width of as many
# unassigned code points, i.e. of missing-glyph boxes).
MEASURE = """async (src) => {
  const svg = new DOMParser().parseFromString(await (await fetch(src)).text(), "image/svg+xml");
  const canvas = document.createElement("canvas").getContext("2d");
  return [...svg.querySelectorAll("text")].map((node) => {
    const text = node.textContent.trim();
    const family = (node.getAttribute("style") || "").match(/font-family:\\s*([^;]+)/);
    canvas.font = "16px " + (family ? family[1] : "sans-serif");
    const drawn = canvas.measureText(text).width;
    const boxes = canvas.measureText("\\u{10FFFD}".repeat([...text].length)).width;
    return [text, drawn, boxes];
  });
}"""


@pytest.mark.parametrize("language", ["ja", "hi"])
def test_dashboard_charts_carry_translated_labels_in_real_glyphs(new_page, language):
    staff = StaffFactory(email=f"staff-{language}@example.org", language=language)
    pune = OrganisationFactory(name="Pune Forge", country="IN")
    osaka = OrganisationFactory(name="Osaka Heavy", country="JP")
    offer = OpportunityFactory(organisation=pune, kind="manufacturing_offer")
    request = OpportunityFactory(organisation=osaka, kind="sourcing_request")
    MatchedPairFactory(low=offer if offer.pk < request.pk else request, high=request if offer.pk < request.pk else offer)
    with translation.override(language):
        heading = translation.gettext("Programme dashboard")
        title = translation.gettext("Opportunities by aim")
        co_production = translation.gettext("Co-production")
        matches = translation.gettext("Matches")
    assert heading != "Programme dashboard" and co_production != "Co-production"

    page = new_page(language)
    sign_in(page, staff.email)
    page.goto("/programme/")

    assert page.locator("h1").inner_text() == heading
    chart = page.locator("#table-opportunities-opportunities_by_aim img")
    assert page.locator("#table-opportunities-opportunities_by_aim h3").inner_text() == title
    texts = page.evaluate(MEASURE, chart.get_attribute("src"))
    labels = [text for text, _drawn, _boxes in texts]
    assert title in labels and co_production in labels
    for text, drawn, boxes in texts:
        if any(ord(c) > 0x2FF for c in text):  # Japanese or Devanagari
            assert abs(drawn - boxes) > 1, f"{text!r} is drawn as missing-glyph boxes"
    funnel = page.evaluate(MEASURE, page.locator("#table-opportunities-funnel img").get_attribute("src"))
    assert matches in [text for text, _d, _b in funnel]
    page.locator("#table-opportunities-funnel img").scroll_into_view_if_needed()  # charts load lazily
    page.wait_for_function("() => { const img = document.querySelector('#table-opportunities-funnel img');"
                           " return img.complete && img.naturalWidth > 0; }")
    page.wait_for_load_state("networkidle")  # no chart request outlives the test's database
