"""The staff programme view's figures: what was published, matched, asked for, introduced
and what came of it, in total and per month. Every figure is one aggregate query; staff only
(the views check), so anonymous opportunities' owners may appear here."""

import datetime as dt
from collections import OrderedDict
from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, Greatest, Least, TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kakehashi.accounts.people import OrganisationCountry
from kakehashi.core.models import Sector

from ..models import Aim, Interest, Introduction, Kind, Match, Opportunity, Outcome, OutcomeRecord, Status


def _counts(qs, field: str) -> dict[Any, int]:
    return {row[field]: row["n"] for row in qs.values(field).annotate(n=Count("pk")).order_by()}


def _labelled(choices, counts: dict[Any, int]) -> list[tuple[str, str, int]]:
    """(code, label, count) for every choice, in the choices' order, zeros included."""
    return [(code, str(label), counts.get(code, 0)) for code, label in choices]


def by_aim() -> list[tuple[str, str, int]]:
    return _labelled(Aim.choices, _counts(Opportunity.objects.all(), "aim"))


def by_kind() -> list[tuple[str, str, int]]:
    return _labelled(Kind.choices, _counts(Opportunity.objects.all(), "kind"))


def by_status() -> list[tuple[str, str, int]]:
    return _labelled(Status.choices, _counts(Opportunity.objects.all(), "status"))


def by_country() -> list[tuple[str, str, int]]:
    """Opportunities by the owner organisation's country (India, Japan, other)."""
    return _labelled(OrganisationCountry.choices, _counts(Opportunity.objects.all(), "organisation__country"))


def by_sector_section() -> list[tuple[str, str, int]]:
    """Opportunities per ISIC section (A–U), counting an opportunity once per section it
    touches through its divisions; sections with none are left out."""
    rows = (
        Opportunity.objects.filter(sectors__isnull=False)
        .annotate(section=Coalesce("sectors__parent", "sectors__code"))
        .values("section")
        .annotate(n=Count("pk", distinct=True))
        .order_by("section")
    )
    counts = {r["section"]: r["n"] for r in rows}
    names = {s.code: s.name for s in Sector.objects.filter(code__in=counts)}
    without = Opportunity.objects.filter(sectors__isnull=True).count()
    result = [(code, f"{code} · {names.get(code, code)}", n) for code, n in counts.items()]
    if without:
        result.append(("", _("No sector"), without))
    return result


def interests_by_state() -> list[tuple[str, str, int]]:
    return _labelled(Interest.State.choices, _counts(Interest.objects.all(), "state"))


def outcomes_by_type() -> list[tuple[str, str, int]]:
    return _labelled(Outcome.choices, _counts(OutcomeRecord.objects.all(), "outcome"))


def totals() -> dict[str, int]:
    return {
        "opportunities": Opportunity.objects.count(),
        "published": Opportunity.objects.filter(status=Status.PUBLISHED).count(),
        "matches": Match.objects.count(),
        "interests": Interest.objects.count(),
        "introductions": Introduction.objects.count(),
        "outcomes": OutcomeRecord.objects.count(),
        "introductions_with_outcome": Introduction.objects.filter(outcomes__isnull=False).distinct().count(),
    }


def _per_month(qs, field: str) -> dict[dt.date, int]:
    rows = (
        qs.filter(**{f"{field}__isnull": False})
        .annotate(month=TruncMonth(field))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return {_as_date(r["month"]): r["n"] for r in rows}


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _matches_made():
    """Each match with `made_at`: when it could first be made, i.e. when the later of its two
    opportunities was published, or when it was first seen if that came earlier. A reindex
    (a new model, the demo's first run) computes old pairs again today; dated by
    `first_seen_at` alone they would all fall in that one month."""
    seen = F("first_seen_at")
    both_live = Greatest(Coalesce("opportunity__published_at", seen), Coalesce("other__published_at", seen))
    return Match.objects.annotate(made_at=Least(seen, both_live))


def monthly() -> list[dict[str, Any]]:
    """One row per month from the first activity to the last: published opportunities,
    matches made (`_matches_made`), expressions of interest, introductions and outcomes recorded."""
    series = OrderedDict(
        [
            ("published", _per_month(Opportunity.objects.all(), "published_at")),
            ("matches", _per_month(_matches_made(), "made_at")),
            ("interests", _per_month(Interest.objects.all(), "created_at")),
            ("introductions", _per_month(Introduction.objects.all(), "created_at")),
            ("outcomes", _per_month(OutcomeRecord.objects.all(), "created_at")),
        ]
    )
    months = sorted({m for counts in series.values() for m in counts})
    if not months:
        return []
    rows, month = [], months[0]
    while month <= months[-1]:
        rows.append({"month": month, **{name: counts.get(month, 0) for name, counts in series.items()}})
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return rows


SERIES_LABELS = {
    "published": gettext_lazy("Opportunities published"),
    "matches": gettext_lazy("Matches made"),
    "interests": gettext_lazy("Expressions of interest"),
    "introductions": gettext_lazy("Introductions"),
    "outcomes": gettext_lazy("Outcomes recorded"),
}


# --- rows for the CSV exports -------------------------------------------------------------------


def opportunity_rows():
    """Every opportunity with its owner and figures, oldest first (streamed)."""
    return (
        Opportunity.objects.select_related("organisation")
        .prefetch_related("sectors")
        .annotate(
            interest_count=Count("interests", distinct=True),
            accepted_count=Count("interests", filter=Q(interests__state=Interest.State.ACCEPTED), distinct=True),
        )
        .order_by("created_at", "pk")
    )


def interest_rows():
    """Every expression of interest with its introduction, oldest first."""
    return (
        Interest.objects.select_related("opportunity__organisation", "organisation", "introduction")
        .annotate(
            message_count=Count("introduction__messages", distinct=True),
            outcome_count=Count("introduction__outcomes", distinct=True),
        )
        .order_by("created_at", "pk")
    )


def outcome_rows():
    return OutcomeRecord.objects.select_related(
        "introduction__interest__opportunity__organisation", "introduction__interest__organisation", "organisation"
    ).annotate(opportunity_reference=F("introduction__interest__opportunity__reference")).order_by("created_at", "pk")
