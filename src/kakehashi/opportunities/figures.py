"""Programme figures of opportunities (staff only): opportunities by aim and kind, and the
funnel matches → expressions of interest → introductions → outcomes (partnerships formed,
investments made), in total and per month.

Each thing is dated when it happened: an opportunity when it was published, a match when
its pair was first matched (`MatchedPair`, which recomputed matches never move), an
expression of interest and an introduction when made, an outcome when first recorded for
its introduction (both sides may record the same outcome: it counts once). The country
filter keeps what an organisation of that country took part in (either side of a pair or
an introduction)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Min, Q, QuerySet
from django.utils.translation import gettext as _

from kakehashi.core.figures import Filters, Row, Series, Table, counts, labelled, monthly, per_month, require_staff

from .models import Aim, Interest, Introduction, Kind, MatchedPair, Opportunity, Outcome, OutcomeRecord

FUNNEL_OUTCOMES = (Outcome.PARTNERSHIP_FORMED, Outcome.INVESTMENT_MADE)


def _published(filters: Filters) -> QuerySet:
    return Opportunity.objects.filter(published_at__isnull=False).filter(
        filters.within("published_at"), filters.in_country("organisation__country")
    )


def _pairs(filters: Filters) -> QuerySet:
    return MatchedPair.objects.filter(filters.within("first_matched_at"), filters.in_country(
        "low__organisation__country", "high__organisation__country"))


def _interests(filters: Filters, path: str = "") -> Q:
    return filters.in_country(f"{path}organisation__country", f"{path}opportunity__organisation__country")


def _outcome_firsts(outcome: str, filters: Filters) -> QuerySet:
    """One row per introduction with `outcome`, dated by its first record."""
    return (
        OutcomeRecord.objects.filter(outcome=outcome)
        .filter(_interests(filters, "introduction__interest__"))
        .values("introduction")
        .annotate(first=Min("created_at"))
        .filter(filters.within("first"))
        .order_by()
    )


def funnel_stages(filters: Filters) -> list[tuple[str, str, QuerySet, str]]:
    """(code, label, queryset, date path) of each stage, in the funnel's order."""
    stages = [
        ("matches", _("Matches"), _pairs(filters), "first_matched_at"),
        ("interests", _("Expressions of interest"),
         Interest.objects.filter(filters.within("created_at"), _interests(filters)), "created_at"),
        ("introductions", _("Introductions"),
         Introduction.objects.filter(filters.within("created_at"), _interests(filters, "interest__")), "created_at"),
    ]
    labels = dict(Outcome.choices)
    stages += [(str(o), str(labels[o]), _outcome_firsts(o, filters), "first") for o in FUNNEL_OUTCOMES]
    return stages


def funnel(viewer: Any, filters: Filters) -> Table:
    require_staff(viewer)
    return Table("funnel", _("From match to outcome"),
                 [Row(code, label, qs.count()) for code, label, qs, _path in funnel_stages(filters)],
                 note=_("A pair of opportunities counts once, when it was first matched."))


def funnel_monthly(viewer: Any, filters: Filters) -> Series:
    require_staff(viewer)
    lines = []
    for _code, label, qs, path in funnel_stages(filters):
        if path == "first":  # already one row per introduction
            by_month: dict[dt.date, int] = {}
            for row in qs:
                month = row["first"].astimezone(dt.UTC).date().replace(day=1)
                by_month[month] = by_month.get(month, 0) + 1
        else:
            by_month = per_month(qs, path)
        lines.append((label, by_month))
    published = per_month(_published(filters), "published_at")
    return monthly("funnel_monthly", _("Per month"),
                   [(_("Opportunities published"), published), *lines], filters)


def tables(viewer: Any, filters: Filters) -> list[Table]:
    require_staff(viewer)
    published = _published(filters)
    return [
        Table("opportunities_by_aim", _("Opportunities by aim"), labelled(Aim.choices, counts(published, "aim"))),
        Table("opportunities_by_kind", _("Opportunities by kind"), labelled(Kind.choices, counts(published, "kind"))),
        funnel(viewer, filters),
    ]
