"""Programme figures of meetings (staff only): 1:1 meetings at matchmaking sessions.

A meeting counts when it took place (its slot's start; published, not cancelled); a request
when it was made. "Held" and "no-show" follow the organisers' report (`report.py`): a meeting
is a no-show if either side says so, held if someone reported another outcome, unreported
otherwise; the no-show rate is over reported meetings. Outcomes count each side's answer.
The country filter keeps meetings and requests where either side's organisation is of
that country; the country pair is both sides' organisation countries, unordered."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kakehashi.accounts.people import OrganisationCountry
from kakehashi.core.figures import Filters, Row, Series, Table, counts, labelled, monthly, require_staff

from .models import Meeting, MeetingRequest

NO_SHOW = Meeting.Outcome.NO_SHOW
SIDES = ("request__requester__organisation__country", "request__receiver__organisation__country")


def meetings(viewer: Any, filters: Filters) -> QuerySet[Meeting]:
    """The published meetings whose slot started within the range."""
    require_staff(viewer)
    return Meeting.objects.filter(
        filters.within("slot__starts_at"), filters.in_country(*SIDES), cancelled=False, slot__isnull=False,
    )


def _status(outcomes: tuple[str, str]) -> str:
    answers = [o for o in outcomes if o]
    if not answers:
        return "unreported"
    return NO_SHOW if NO_SHOW in answers else "held"


def tables(viewer: Any, filters: Filters) -> list[Table]:
    rows = list(meetings(viewer, filters).values_list("outcome_requester", "outcome_receiver", *SIDES))
    status = Counter(_status((a, b)) for a, b, _c1, _c2 in rows)
    outcomes = Counter(o for a, b, _c1, _c2 in rows for o in (a, b) if o)
    reported = status["held"] + status[NO_SHOW]
    rate = f"{100 * status[NO_SHOW] / reported:.1f} %" if reported else "–"
    names = dict(OrganisationCountry.choices)
    pairs = Counter(tuple(sorted((c1, c2))) for _a, _b, c1, c2 in rows)
    requests = MeetingRequest.objects.filter(
        filters.within("created_at"),
        filters.in_country("requester__organisation__country", "receiver__organisation__country"),
    )
    return [
        Table("meetings", _("Meetings at matchmaking sessions"), [
            Row("published", _("Meetings published"), len(rows)),
            Row("held", _("Meetings held"), status["held"]),
            Row("no_show", _("No-shows"), status[NO_SHOW]),
            Row("unreported", _("No outcome reported"), status["unreported"]),
        ], note=_("No-show rate (of meetings with an outcome): %(rate)s") % {"rate": rate}),
        Table("meeting_outcomes", _("Meeting outcomes (each side's answer)"),
              labelled(Meeting.Outcome.choices, outcomes)),
        Table("meeting_requests_by_state", _("Meeting requests by state"),
              labelled(MeetingRequest.State.choices, counts(requests, "state"))),
        Table("meetings_by_country_pair", _("Meetings by country pair (both sides' organisations)"), [
            Row(f"{a}-{b}", f"{names.get(a, a)} ↔ {names.get(b, b)}", n) for (a, b), n in sorted(pairs.items())
        ]),
    ]


def meetings_monthly(viewer: Any, filters: Filters) -> Series:
    rows = meetings(viewer, filters).values_list("slot__starts_at", "outcome_requester", "outcome_receiver")
    published: Counter = Counter()
    held: Counter = Counter()
    no_show: Counter = Counter()
    for when, a, b in rows:
        month = when.date().replace(day=1)
        published[month] += 1
        status = _status((a, b))
        held[month] += status == "held"
        no_show[month] += status == NO_SHOW
    return monthly("meetings_monthly", _("Meetings per month"), [
        (_("Meetings published"), dict(published)), (_("Meetings held"), dict(held)), (_("No-shows"), dict(no_show)),
    ], filters)
