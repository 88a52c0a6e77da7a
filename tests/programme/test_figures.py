"""The dashboard's figures against the hand-counted fixture (conftest.programme): the funnel,
its months, the breakdowns and the filters."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from kakehashi.core.figures import Filters
from kakehashi.opportunities import figures as opportunities_figures
from kakehashi.programme import sections

pytestmark = pytest.mark.django_db

FUNNEL = ["matches", "interests", "introductions", "partnership_formed", "investment_made"]


def funnel(staff, **filters):
    table = opportunities_figures.funnel(staff, Filters(**filters))
    assert [row.code for row in table.rows] == FUNNEL
    return [row.value for row in table.rows]


def table(staff, key, **filters):
    section, _dot, name = key.partition(".")
    item = sections.chart_source(staff, Filters(**filters), key)
    return {row.code: row.value for row in item.rows}


def test_funnel_matches_the_hand_count(programme, actors):
    assert funnel(actors["staff"]) == [4, 4, 2, 1, 1]


def test_funnel_counts_a_partnership_recorded_by_both_sides_once_when_first_recorded(programme, actors):
    assert funnel(actors["staff"], start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 31)) == [1, 2, 1, 0, 0]
    assert funnel(actors["staff"], start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 1)) == [0, 0, 0, 1, 0]


def test_funnel_date_range_includes_both_end_days(programme, actors):
    assert funnel(actors["staff"], start=dt.date(2026, 2, 1), end=dt.date(2026, 3, 31)) == [2, 4, 2, 1, 0]
    assert funnel(actors["staff"], start=dt.date(2026, 4, 8), end=dt.date(2026, 4, 8)) == [1, 0, 0, 0, 0]


def test_funnel_country_filter_keeps_what_an_organisation_of_that_country_took_part_in(programme, actors):
    # every interest, introduction and outcome crosses the two countries; the a–b pair is Indian only
    assert funnel(actors["staff"], country="JP") == [3, 4, 2, 1, 1]
    assert funnel(actors["staff"], country="IN") == [4, 4, 2, 1, 1]
    assert funnel(actors["staff"], country="XX") == [0, 0, 0, 0, 0]


def test_funnel_per_month_dates_each_thing_when_it_happened(programme, actors):
    series = opportunities_figures.funnel_monthly(actors["staff"], Filters())
    assert [m.isoformat() for m in series.months] == ["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01"]
    assert [label for label, _values in series.lines] == [
        "Opportunities published", "Matches", "Expressions of interest", "Introductions", "Partnership formed",
        "Investment made",
    ]
    assert [values for _label, values in series.lines] == [
        [4, 0, 0, 0], [1, 1, 1, 1], [0, 2, 2, 0], [0, 1, 1, 0], [0, 0, 1, 0], [0, 0, 0, 1],
    ]


def test_monthly_series_covers_the_whole_chosen_range(programme, actors):
    series = opportunities_figures.funnel_monthly(actors["staff"], Filters(start=dt.date(2025, 12, 15), end=dt.date(2026, 2, 1)))
    assert [m.isoformat() for m in series.months] == ["2025-12-01", "2026-01-01", "2026-02-01"]
    assert series.lines[1] == ("Matches", [0, 1, 0])  # the February pair was matched on the 5th, after the range


def test_organisations_and_members_by_country_type_and_sector(programme, actors):
    staff = actors["staff"]
    # the two organisations of `actors` (IN and JP, registered today) count too
    assert table(staff, "members.organisations_by_country") == {"IN": 3, "JP": 3, "XX": 0}
    assert table(staff, "members.organisations_by_country", start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31)) == {
        "IN": 2, "JP": 2, "XX": 0}
    by_type = table(staff, "members.organisations_by_type", start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31))
    assert {k: v for k, v in by_type.items() if v} == {"sme": 1, "startup": 1, "large_company": 1, "investor": 1}
    assert table(staff, "members.organisations_by_sector", country="IN") == {"C": 2, "J": 1}
    assert table(staff, "members.members_by_country", end=dt.date(2026, 1, 31)) == {"IN": 2, "JP": 2, "XX": 0}


def test_opportunities_by_aim_and_kind(programme, actors):
    staff = actors["staff"]
    assert table(staff, "opportunities.opportunities_by_aim") == {
        "co_innovation": 1, "co_creation": 0, "co_production": 2, "investment": 1, "research": 0}
    kinds = table(staff, "opportunities.opportunities_by_kind", country="JP")
    assert {k: v for k, v in kinds.items() if v} == {"sourcing_request": 1, "investor_mandate": 1}


def test_event_registrations_attendance_and_feedback(programme, actors):
    staff = actors["staff"]
    assert table(staff, "events.registrations_by_status") == {"pending": 0, "confirmed": 3, "waitlisted": 0, "cancelled": 1}
    assert table(staff, "events.attendance") == {"attended": 2, "absent": 1, "unmarked": 0}
    assert table(staff, "events.feedback_ratings") == {"5": 1, "4": 1, "3": 0, "2": 0, "1": 0}
    assert table(staff, "events.registrations_by_status", country="JP") == {
        "pending": 0, "confirmed": 2, "waitlisted": 0, "cancelled": 0}
    assert table(staff, "events.registrations_by_status", start=dt.date(2026, 3, 1)) == {
        "pending": 0, "confirmed": 0, "waitlisted": 0, "cancelled": 1}


@pytest.mark.parametrize("actor", ["stranger", "unapproved", "member", "other_org_member"])
def test_figures_refuse_anyone_but_staff(programme, actors, actor):
    from django.contrib.auth.models import AnonymousUser

    viewer = actors[actor] or AnonymousUser()
    with pytest.raises(PermissionDenied):
        sections.collect(viewer, Filters())
