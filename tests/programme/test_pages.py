"""The programme pages and API: who may call each, what they show, exports, bad filters."""

import csv
import io
import re

import pytest
from django.test import Client
from openpyxl import load_workbook

from kakehashi.core.figures import Row, Table
from kakehashi.programme import public
from kakehashi.programme.exports import rows
from kakehashi.programme.sections import SECTIONS, Figures

from ..api import FORBIDDEN, UNAUTHENTICATED, api_url, bearer_client
from ..corpora import blns, blns_sample

pytestmark = pytest.mark.django_db

LOGIN = "login"
PAGES = [
    ("get", "/programme/"),
    ("get", "/programme/charts/opportunities.funnel.svg"),
    ("get", "/programme/charts/opportunities.funnel_monthly.svg"),
    ("get", "/programme/export.csv"),
    ("get", "/programme/export.xlsx"),
    ("post", "/programme/publish/"),
]
EXPECTED = {"stranger": LOGIN, "unapproved": 403, "member": 403, "other_org_member": 403}


def client_as(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(("method", "url"), PAGES)
@pytest.mark.parametrize("actor", ["stranger", "unapproved", "member", "other_org_member", "staff"])
def test_every_staff_page_refuses_everyone_but_staff(actors, method, url, actor):
    response = getattr(client_as(actors[actor]), method)(url, {"published": "1"} if method == "post" else {})

    if actor == "staff":
        assert response.status_code == (302 if method == "post" else 200)
    elif EXPECTED[actor] == LOGIN:
        assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={url}")
    else:
        assert response.status_code == 403
    assert public.is_published() is (actor == "staff" and method == "post")


@pytest.mark.parametrize("actor", ["stranger", "unapproved", "member", "other_org_member", "staff"])
def test_figures_api_answers_staff_only(actors, actor):
    response = bearer_client(actors[actor]).get(api_url("programme/figures"))

    if actor == "staff":
        assert response.status_code == 200
        assert [s["key"] for s in response.json()["sections"]] == [
            "members", "opportunities", "events", "community", "talent", "meetings", "supplychain"]
    elif actor == "stranger":
        assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)
    else:
        assert (response.status_code, response.json()) == (403, FORBIDDEN)


@pytest.mark.parametrize("actor", ["stranger", "unapproved", "member", "other_org_member"])
def test_public_summary_is_not_found_until_published(actors, actor):
    client = client_as(actors[actor])
    assert client.get("/programme/summary/").status_code == 404

    public.set_published(actors["staff"], True)

    assert client.get("/programme/summary/").status_code == 200


def test_staff_preview_the_unpublished_summary(actors):
    response = client_as(actors["staff"]).get("/programme/summary/")

    assert response.status_code == 200
    assert "Preview: this summary is not published" in response.content.decode()


def test_dashboard_shows_the_hand_counted_funnel(programme, actors):
    response = client_as(actors["staff"]).get("/programme/", {"country": "JP"})

    html = response.content.decode()
    assert response.status_code == 200
    funnel = html.split('id="table-opportunities-funnel"')[1].split("</table>")[0]
    assert re.findall(r'<th scope="row">([^<]+)</th><td>(\d+)</td>', funnel) == [
        ("Matches", "3"), ("Expressions of interest", "4"), ("Introductions", "2"), ("Partnership formed", "1"),
        ("Investment made", "1"),
    ]
    assert 'src="/programme/charts/opportunities.funnel.svg?country=JP&amp;lang=en"' in html
    assert 'href="/programme/export.xlsx?country=JP"' in html
    assert 'href="/opportunities/programme/"' in html  # the opportunities' detailed page


def test_api_figures_match_the_hand_count(programme, actors):
    response = bearer_client(actors["staff"]).get(api_url("programme/figures"), {"start": "2026-02-01", "end": "2026-03-31"})

    body = response.json()
    assert (body["start"], body["end"], body["country"]) == ("2026-02-01", "2026-03-31", "")
    opportunities = next(s for s in body["sections"] if s["key"] == "opportunities")
    funnel = next(t for t in opportunities["tables"] if t["key"] == "funnel")
    assert [(r["code"], r["value"]) for r in funnel["rows"]] == [
        ("matches", 2), ("interests", 4), ("introductions", 2), ("partnership_formed", 1), ("investment_made", 0),
    ]
    assert opportunities["series"][0]["months"] == ["2026-02", "2026-03"]


def test_csv_and_xlsx_carry_every_table_and_neutralise_formulas(programme, actors):
    programme.tokyo.sectors.clear()
    client = client_as(actors["staff"])

    lines = list(csv.reader(io.StringIO(client.get("/programme/export.csv").content.decode("utf-8-sig"))))
    book = load_workbook(io.BytesIO(client.get("/programme/export.xlsx").content))

    assert lines[0] == ["Section", "Table", "Month", "Item", "Count"]
    assert ["Opportunities, matches and outcomes", "From match to outcome", "", "Matches", "4"] in lines
    assert ["Opportunities, matches and outcomes", "Per month", "2026-03", "Partnership formed", "1"] in lines
    sector_rows = [r for r in lines if r[1] == "Organisations by sector section"]
    assert ["Members and organisations", "Organisations by sector section", "", "No sector", "1"] in sector_rows
    assert book.sheetnames == ["Members and organisations", "Opportunities, matches and outc", "Events", "Community",
                               "Specified Skilled Workers", "Meetings at matchmaking session", "Supply-chain analyses"]
    cells = [c.value for row in book["Members and organisations"].iter_rows() for c in row]
    assert all(not (isinstance(v, str) and v.startswith("=")) for v in cells)


def test_formula_looking_labels_are_neutralised():
    figures = [Figures(SECTIONS[0], [Table("t", "=cmd|' /C calc'!A0", [Row("a", "@SUM(1+1)", 3), Row("b", "-2+3", 1)])])]

    assert rows(figures) == [
        ["Members and organisations", "'=cmd|' /C calc'!A0", "", "'@SUM(1+1)", 3],
        ["Members and organisations", "'=cmd|' /C calc'!A0", "", "'-2+3", 1],
    ]


def test_blns_every_string_in_the_filters_is_a_field_error():
    from django.http import QueryDict

    from kakehashi.programme.filters import from_query

    for text in blns():
        query = QueryDict(mutable=True)
        query.update({"start": text, "end": text, "country": text})

        assert set(from_query(query).errors) == {"start", "end", "country"}, text


def test_blns_in_filters_is_a_clear_error_never_a_500(actors):
    client = client_as(actors["staff"])
    api = bearer_client(actors["staff"])
    for text in blns_sample():
        params = {"start": text, "end": text, "country": text}
        page = client.get("/programme/", params)
        chart = client.get("/programme/charts/opportunities.funnel.svg", params)
        body = api.get(api_url("programme/figures"), params)
        assert (page.status_code, chart.status_code, body.status_code) == (400, 400, 400), text
        assert "country" in {e["loc"][1] for e in body.json()["detail"]}
    response = api.get(api_url("programme/figures"), {"start": "2026-05-01", "end": "2026-04-01"})
    assert (response.status_code, response.json()) == (
        400, {"detail": [{"loc": ["body", "end"], "msg": "The end date is before the start date."}]})
    page = client.get("/programme/", {"start": "not a date"})
    assert page.status_code == 400
    assert "Enter a valid date." in page.content.decode()


def test_unknown_chart_is_not_found(actors):
    assert client_as(actors["staff"]).get("/programme/charts/members.nothing.svg").status_code == 404
    assert client_as(actors["staff"]).get("/programme/export.pdf").status_code == 404


def test_dashboard_costs_a_bounded_number_of_queries(programme, actors, django_assert_max_num_queries):
    client = client_as(actors["staff"])
    client.get("/programme/")  # sessions, sectors and translations warmed

    with django_assert_max_num_queries(55):  # 49 today: about one aggregate per table, whatever the data
        response = client.get("/programme/", {"start": "2026-01-01", "end": "2026-12-31", "country": "IN"})

    assert response.status_code == 200
