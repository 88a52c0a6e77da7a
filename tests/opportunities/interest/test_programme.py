"""The staff programme view: figures by aim, kind, country, sector and status; matches,
interests, introductions and outcomes per month; SVG charts; CSV exports."""

import csv
import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from kakehashi.opportunities.interest import services
from kakehashi.opportunities.models import Interest, Introduction, Match, OutcomeRecord
from kakehashi.opportunities.programme import charts, exports, queries

from ...factories import OpportunityFactory, OrganisationFactory, StaffFactory
from .helpers import OWNER_ORG, SENDER_ORG, accept, express

pytestmark = pytest.mark.django_db

JAN = dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)
MAR = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def staff_client(world) -> Client:
    client = Client()
    client.force_login(world.staff)
    return client


@pytest.fixture
def programme(world):
    """Three opportunities (January and March), one match, two interests (one accepted and
    introduced, with two outcomes), dated so the months are known."""
    jp_offer = world.opportunity  # sourcing request of the Japanese owner, sector 29
    tech_offer = OpportunityFactory(organisation=world.sender_org, kind="technology_offer", sectors=["62"], published_at=JAN)
    OpportunityFactory(organisation=world.sender_org, kind="investment_sought", status="draft", published_at=None,
                       sectors=["29", "62"])
    type(jp_offer).objects.filter(pk=jp_offer.pk).update(published_at=JAN)
    Match.objects.create(opportunity=jp_offer, other=tech_offer, score=0.8, first_seen_at=MAR)
    pending = express(world)
    services.withdraw_interest(world.sender, pending)
    introduction = accept(world, express(world, message="=HYPERLINK(\"http://evil\")"))
    services.record_outcome(world.sender, introduction, outcome="meeting_held", note="@SUM(A1:A2)")
    services.record_outcome(world.owner, introduction, outcome="nda_signed", note="-2+3")
    Interest.objects.update(created_at=MAR)
    Introduction.objects.update(created_at=MAR)
    OutcomeRecord.objects.update(created_at=MAR)
    return introduction


def test_breakdowns_count_every_opportunity(world, programme):
    assert {code: n for code, _label, n in queries.by_aim()} == {
        "co_innovation": 1, "co_creation": 0, "co_production": 1, "investment": 1, "research": 0,
    }
    assert [(code, n) for code, _label, n in queries.by_country()] == [("IN", 2), ("JP", 1), ("XX", 0)]
    assert [(code, n) for code, _label, n in queries.by_status() if n] == [("draft", 1), ("published", 2)]
    # division 29 (section C) twice, division 62 (section J) twice; the draft counts once in each
    assert [(code, n) for code, _label, n in queries.by_sector_section()] == [("C", 2), ("J", 2)]
    assert [(code, n) for code, _label, n in queries.interests_by_state() if n] == [("accepted", 1), ("withdrawn", 1)]
    assert [(code, n) for code, _label, n in queries.outcomes_by_type() if n] == [("meeting_held", 1), ("nda_signed", 1)]
    assert queries.totals() == {
        "opportunities": 3, "published": 2, "matches": 1, "interests": 2, "introductions": 1, "outcomes": 2,
        "introductions_with_outcome": 1,
    }


def test_monthly_rows_fill_the_months_between(world, programme):
    # the match, first seen in March, was possible since both sides were published in January
    assert queries.monthly() == [
        {"month": dt.date(2026, 1, 1), "published": 2, "matches": 1, "interests": 0, "introductions": 0, "outcomes": 0},
        {"month": dt.date(2026, 2, 1), "published": 0, "matches": 0, "interests": 0, "introductions": 0, "outcomes": 0},
        {"month": dt.date(2026, 3, 1), "published": 0, "matches": 0, "interests": 2, "introductions": 1, "outcomes": 2},
    ]


def test_monthly_matches_found_by_one_reindex_fall_in_the_months_their_pairs_became_live(db):
    """A reindex (the demo's, or after a new model) finds old pairs on one day: each counts in
    the month its later opportunity was published, not all in the month of the reindex."""
    feb, apr = dt.datetime(2026, 2, 10, tzinfo=dt.UTC), dt.datetime(2026, 4, 20, tzinfo=dt.UTC)
    reindexed = dt.datetime(2026, 5, 3, tzinfo=dt.UTC)
    jan_offer, feb_offer, apr_offer = (OpportunityFactory(published_at=at) for at in (JAN, feb, apr))
    Match.objects.create(opportunity=jan_offer, other=feb_offer, score=0.8, first_seen_at=reindexed)
    Match.objects.create(opportunity=apr_offer, other=jan_offer, score=0.8, first_seen_at=reindexed)
    # seen in March, before the April one was published again (after changes): March, when first seen
    Match.objects.create(opportunity=feb_offer, other=apr_offer, score=0.8, first_seen_at=MAR)

    assert {row["month"]: row["matches"] for row in queries.monthly() if row["matches"]} == {
        dt.date(2026, 2, 1): 1, dt.date(2026, 3, 1): 1, dt.date(2026, 4, 1): 1,
    }


def test_monthly_is_empty_without_activity(db):
    assert queries.monthly() == []


def test_programme_page_renders_the_figures(world, programme, django_assert_max_num_queries):
    client = staff_client(world)

    with django_assert_max_num_queries(40):
        response = client.get("/opportunities/programme/")

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["totals"]["introductions"] == 1
    assert '<img src="/opportunities/programme/charts/monthly.svg"' in html
    for name in ("aims", "kinds", "countries", "sectors", "statuses", "interests", "outcomes"):
        assert f'src="/opportunities/programme/charts/{name}.svg"' in html
    assert "<th scope=\"row\">2026-02</th><td>0</td>" in html
    assert "<th scope=\"row\">Meeting held</th><td>1</td>" in html
    for name in ("opportunities", "interests", "outcomes"):
        assert f'href="/opportunities/programme/export/{name}.csv"' in html


def test_programme_page_renders_with_no_data(db):
    client = Client()
    client.force_login(StaffFactory())

    response = client.get("/opportunities/programme/")

    assert response.status_code == 200
    assert "Nothing has happened yet." in response.content.decode()


@pytest.mark.parametrize("name", ["monthly", "aims", "kinds", "countries", "sectors", "statuses", "interests", "outcomes"])
def test_charts_are_svg_with_their_labels(world, programme, name):
    response = staff_client(world).get(f"/opportunities/programme/charts/{name}.svg")

    body = response.content.decode()
    assert (response.status_code, response["Content-Type"]) == (200, "image/svg+xml")
    assert body.startswith("<?xml") and "<svg" in body and "<script" not in body
    expected = {"monthly": "2026-03", "aims": "Co-innovation", "kinds": "Technology offer", "countries": "India",
                "sectors": "C · ", "statuses": "Published", "interests": "Withdrawn", "outcomes": "NDA signed"}[name]
    assert expected in body


def test_chart_labels_follow_the_staff_members_language(world, programme):
    world.staff.language = "ja"
    world.staff.save()

    body = staff_client(world).get("/opportunities/programme/charts/countries.svg").content.decode()

    assert "インド" in body and "日本" in body


def test_unknown_chart_or_export_is_404(world):
    client = staff_client(world)

    assert client.get("/opportunities/programme/charts/passwords.svg").status_code == 404
    assert client.get("/opportunities/programme/export/passwords.csv").status_code == 404


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_interests_export_has_every_interest_and_is_formula_safe(world, programme):
    response = staff_client(world).get("/opportunities/programme/export/interests.csv")

    rows = read_csv(response)
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="kakehashi-interests-{today}.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows[0] == exports.INTEREST_HEADER
    by_state = {r[7]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert sorted(by_state) == ["accepted", "withdrawn"]
    accepted = by_state["accepted"]
    assert (accepted["owner_organisation"], accepted["sender_organisation"], accepted["outcomes"]) == (OWNER_ORG, SENDER_ORG, "2")
    assert accepted["introduction_id"] == str(programme.pk)
    assert accepted["created_at"] == "2026-03-02T09:00:00Z"


def test_outcomes_export_prefixes_formula_cells(world, programme):
    rows = read_csv(staff_client(world).get("/opportunities/programme/export/outcomes.csv"))

    assert rows[0] == exports.OUTCOME_HEADER
    assert [(r[6], r[7]) for r in rows[1:]] == [("meeting_held", "'@SUM(A1:A2)"), ("nda_signed", "'-2+3")]


def test_opportunities_export_lists_owners_even_of_anonymous_opportunities(world, programme):
    OpportunityFactory(organisation=OrganisationFactory(name="=cmd|' /C calc'!A0"), visibility="anonymous",
                       title="+danger", sectors=["29"])

    rows = read_csv(staff_client(world).get("/opportunities/programme/export/opportunities.csv"))

    assert rows[0] == exports.OPPORTUNITY_HEADER
    assert len(rows) == 5
    last = dict(zip(rows[0], rows[-1], strict=True))
    assert (last["title"], last["organisation"], last["visibility"]) == ("'+danger", "'=cmd|' /C calc'!A0", "anonymous")
    first = dict(zip(rows[0], rows[1], strict=True))
    assert (first["organisation"], first["interests"], first["accepted_interests"], first["sectors"]) == (OWNER_ORG, "2", "1", "29")


@pytest.mark.parametrize(
    ("value", "cell"),
    [(dt.datetime(2026, 3, 2, 18, 30, tzinfo=ZoneInfo("Asia/Tokyo")), "2026-03-02T09:30:00Z"),
     (dt.date(2026, 4, 1), "2026-04-01"), (None, ""), (7, 7), ("=1+1", "=1+1"), ("日本", "日本")],
)
def test_cell_writes_times_in_utc_dates_in_iso_and_none_as_empty(value, cell):
    # formula cells are neutralised when the file is written (core.spreadsheets; tests/core/test_spreadsheets.py)
    assert exports.cell(value) == cell


def test_stream_neutralises_formula_cells_and_starts_with_the_bom():
    lines = list(exports.stream(["a", "b"], iter([["=1+1", -1], ["@A1", dt.date(2026, 4, 1)]])))

    assert lines == ["\ufeffa,b\r\n", "'=1+1,-1\r\n", "'@A1,2026-04-01\r\n"]


def test_export_file_name_has_the_date():
    assert exports.filename("outcomes", dt.date(2026, 4, 1)) == "kakehashi-outcomes-2026-04-01.csv"


LONG_SECTIONS = [
    ("G · Wholesale and retail trade; repair of motor vehicles and motorcycles", 30),
    ("M · Professional, scientific and technical activities", 20),
    ("D · Electricity, gas, steam and air conditioning supply", 5),
]


def test_bar_chart_text_stays_readable_in_a_half_page_column():
    """Shown 420 px wide (half the page), the labels of long ISIC section names are at least
    11 px: the SVG is about as wide as it is shown, not scaled down from twice that."""
    body = charts.bar_chart(LONG_SECTIONS, "Opportunities by sector section").decode()

    width = float(re.search(r'viewBox="0 0 ([0-9.]+) ', body).group(1))
    sizes = {float(size) for size in re.findall(r"font-size: ([0-9.]+)px", body)}
    assert min(sizes) * 420 / width >= 11


@pytest.mark.parametrize(("label", "wrapped"), [
    ("C · Manufacturing", "C · Manufacturing"),
    ("G · Wholesale and retail trade; repair of motor vehicles and motorcycles",
     "G · Wholesale and retail\ntrade; repair of motor…"),
    ("D · Electricity, gas, steam and air conditioning supply", "D · Electricity, gas,\nsteam and air…"),
    ("C · 製造業、電気・ガス・熱供給・水道業以外のもの全部", "C · 製造業、電気・ガス・\n熱供給・水道業以外のも…"),
])
def test_wrap_label_breaks_long_labels_on_two_lines_at_most(label, wrapped):
    assert charts.wrap_label(label) == wrapped
