"""The public summary: off by default, only public tables, small cells hidden."""

import pytest
from django.test import Client

from kakehashi.core.figures import Row, Table
from kakehashi.programme import public

from ..factories import OpportunityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def table(*values):
    return Table("t", "T", [Row(str(i), f"row {i}", v) for i, v in enumerate(values)])


def shown(*values):
    return [cell.value for cell in public.suppress(table(*values)).cells]


def test_counts_below_five_are_hidden_and_zero_and_five_are_shown():
    assert shown(0, 1, 4, 5, 12) == [0, None, None, 5, 12]


def test_a_single_hidden_cell_hides_the_next_smallest_count_too():
    assert shown(3, 9, 7, 0) == [None, 9, None, 0]
    assert shown(2, 0) == [None, 0]  # nothing else to hide: the other cell is zero


def test_summary_is_off_by_default():
    assert public.is_published() is False
    assert Client().get("/programme/summary/").status_code == 404


def test_one_anonymous_opportunity_is_never_shown_on_the_published_summary(staff):
    """An anonymous request is the only co-production opportunity of the only Japanese
    organisation: the summary shows "fewer than 5" wherever it would count."""
    japan = OrganisationFactory(name="Secret Seiki", country="JP")
    OpportunityFactory(organisation=japan, kind="sourcing_request", visibility="anonymous", title="Hidden need")
    for n in range(6):
        OpportunityFactory(organisation=OrganisationFactory(name=f"Indian Works {n}"), kind="technology_offer")
    for n in range(5):
        OpportunityFactory(organisation=OrganisationFactory(name=f"Indian Traders {n}"), kind="business_offer")
    public.set_published(staff, True)

    response = Client().get("/programme/summary/")

    html = response.content.decode()
    assert response.status_code == 200
    by_aim = html.split('id="summary-opportunities_by_aim"')[1].split("</table>")[0]
    assert '<th scope="row">Co-innovation</th><td>6</td>' in by_aim
    assert '<th scope="row">Co-production</th><td>fewer than 5</td>' in by_aim
    # the next smallest count goes too, or the total of another table would give the hidden one away
    assert '<th scope="row">Co-creation</th><td>fewer than 5</td>' in by_aim
    by_country = html.split('id="summary-organisations_by_country"')[1].split("</table>")[0]
    # the one Japanese organisation (and staff's own, without one) are hidden; India shows
    assert '<th scope="row">Japan</th><td>fewer than 5</td>' in by_country
    assert '<th scope="row">India</th><td>' in by_country and "Secret Seiki" not in html and "Hidden need" not in html
    for cell in __import__("re").findall(r"<td>(\d+)</td>", html):
        assert int(cell) == 0 or int(cell) >= 5


def test_staff_publish_and_withdraw_the_summary_from_the_dashboard(staff):
    client = Client()
    client.force_login(staff)

    client.post("/programme/publish/", {"published": "1"})
    assert public.is_published() is True
    assert Client().get("/programme/summary/").status_code == 200

    client.post("/programme/publish/", {"published": "0"})
    assert public.is_published() is False
    assert Client().get("/programme/summary/").status_code == 404
