"""Permission-checked reads of opportunity matches.

- `matches_for(opportunity, viewer)`: the explained matches of an opportunity that the viewer
  may see, others' anonymous opportunities without their organisation; the dismissed ones
  (`dismissed=True`) apart.
- `pair_for(user, reference, other_reference)`: an opportunity and one of its matches, for
  someone acting for its organisation (404 for anyone else, staff included).
- `saved_for(user)`: the matches the user's organisations saved for later.
- `open_interests(organisation_id, others)`: the organisation's open interests in them.
- `is_embedded(opportunity)`: whether the matching engine has embedded it yet.
- `still_computing()`: while a reindex (the first start) has not finished, how far it is, so
  that a match panel does not call an empty list final.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Q, Subquery
from django.http import Http404

from kakehashi.accounts import people
from kakehashi.accounts.people import Viewer
from kakehashi.core.countries import country_name
from kakehashi.core.sectors import sector_names
from kakehashi.matching import queries as matching
from kakehashi.matching import services as engine

from .. import queries as opportunity_queries
from ..models import Interest, Match, MatchFeedback, Opportunity, live_q
from . import COLLECTION, ranking

Verdict = MatchFeedback.Verdict
OPEN_INTEREST_STATES = (Interest.State.PENDING, Interest.State.ACCEPTED)


@dataclass
class ShownMatch:
    other: Opportunity
    score: float
    signals: dict
    organisation: Any  # None: anonymous to this viewer
    verdict: str = ""  # "", "saved" or "dismissed": the owning organisation's feedback
    interest: Interest | None = None  # the owning organisation's open interest in `other`, when looked up
    pk: int = 0  # the Match row (the `match` translation source: its passages)

    @property
    def strength(self) -> str:
        """"strong", "good" or "possible" (`ranking.strength`)."""
        return ranking.strength(self.score)

    @property
    def text_fit(self) -> str:
        """How close the two texts are, as a plain label ("close", "related" or "loose"), on the
        same floors as `strength` (the semantic fit alone, before the constraints)."""
        return ranking.text_fit(float(self.signals.get("semantic", 0.0)))

    @property
    def saved(self) -> bool:
        return self.verdict == Verdict.SAVED

    def _sector_names(self, key: str) -> list[str]:
        names = sector_names()
        return [names.get(code, code) for code in (self.signals.get("sectors") or {}).get(key, [])]

    @property
    def shared_sectors(self) -> list[str]:
        """The shared ISIC divisions' names, in the active language."""
        return self._sector_names("shared")

    @property
    def adjacent_sectors(self) -> list[str]:
        """The names of the ISIC sections both touch without a shared division."""
        return self._sector_names("adjacent")

    @property
    def countries(self) -> tuple[str, str]:
        """(the opportunity's country, the match's country) by name, in the active language."""
        country = self.signals.get("country") or {}
        return tuple(country_name(code) if code else "—" for code in (country.get("mine"), country.get("theirs")))  # type: ignore[return-value]


def _verdict_of() -> Subquery:
    return Subquery(
        MatchFeedback.objects.filter(opportunity=OuterRef("opportunity"), other=OuterRef("other")).values("verdict")[:1]
    )


def matches_for(opportunity: Opportunity, viewer: Viewer, limit: int = 10, *, dismissed: bool = False) -> list[ShownMatch]:
    """Live, visible matches, best first, without those the owning organisation dismissed
    (only those with `dismissed=True`). Empty unless the viewer may see `opportunity`."""
    if not opportunity_queries.visible_to(viewer).filter(pk=opportunity.pk).exists():
        return []
    visible = opportunity_queries.visible_to(viewer).filter(live_q())
    rows = Match.objects.filter(opportunity=opportunity, other__in=visible).annotate(verdict=_verdict_of())
    is_dismissed = Q(verdict=Verdict.DISMISSED)
    rows = rows.filter(is_dismissed) if dismissed else rows.exclude(is_dismissed & Q(verdict__isnull=False))
    found = list(rows.select_related("other__organisation").prefetch_related("other__sectors").order_by("-score", "id")[:limit])
    others = opportunity_queries.with_owner_display([row.other for row in found], viewer)
    return [
        ShownMatch(other, row.score, row.signals, other.shown_organisation, row.verdict or "", pk=row.pk)
        for row, other in zip(found, others, strict=True)
    ]


def pair_for(user: Viewer, reference: str, other_reference: str) -> tuple[Opportunity, Opportunity]:
    """The opportunity `reference` of an organisation the user acts for, and `other_reference`,
    one of its matches (listed now, or with a verdict) that the user may see. 404 otherwise:
    staff too, who read matches but do not act for an organisation."""
    opportunity = opportunity_queries.opportunity_managed_by(user, reference)
    other = opportunity_queries.visible_to(user).filter(reference=other_reference).first()
    if other is None or not (
        Match.objects.filter(opportunity=opportunity, other=other).exists()
        or MatchFeedback.objects.filter(opportunity=opportunity, other=other).exists()
    ):
        raise Http404
    return opportunity, other


def verdict_of(opportunity: Opportunity, other: Opportunity) -> str:
    """"saved", "dismissed" or "" for this pair (callers have checked who may know)."""
    return MatchFeedback.objects.filter(opportunity=opportunity, other=other).values_list("verdict", flat=True).first() or ""


@dataclass
class SavedMatch:
    feedback: MatchFeedback
    opportunity: Opportunity  # the organisation's own opportunity
    other: Opportunity
    organisation: Any  # None: anonymous to this viewer
    score: float | None  # None: no longer among the opportunity's matches

    @property
    def strength(self) -> str:
        return ranking.strength(self.score) if self.score is not None else ""


def saved_for(user: Viewer) -> list[SavedMatch]:
    """The matches the user's organisations saved, newest first, whose other opportunity is
    live and visible to the user."""
    org_ids = people.organisation_ids_for(user)
    if not org_ids:
        return []
    visible = opportunity_queries.visible_to(user).filter(live_q())
    score = Match.objects.filter(opportunity=OuterRef("opportunity"), other=OuterRef("other")).values("score")[:1]
    rows = list(
        MatchFeedback.objects.filter(
            verdict=Verdict.SAVED, opportunity__organisation_id__in=org_ids, other__in=visible
        )
        .annotate(current_score=Subquery(score))
        .select_related("opportunity", "other__organisation", "user")
        .prefetch_related("other__sectors")
        .order_by("-created_at", "-id")
    )
    others = opportunity_queries.with_owner_display([row.other for row in rows], user)
    return [
        SavedMatch(row, row.opportunity, other, other.shown_organisation, row.current_score)
        for row, other in zip(rows, others, strict=True)
    ]


def open_interests(organisation_id: int, others: list[Opportunity]) -> dict[int, Interest]:
    """{other opportunity id: the organisation's pending or accepted interest in it} (one query)."""
    if not others:
        return {}
    rows = Interest.objects.filter(
        organisation_id=organisation_id, opportunity__in=[o.pk for o in others], state__in=OPEN_INTEREST_STATES
    ).select_related("introduction")
    return {row.opportunity_id: row for row in rows}


def is_embedded(opportunity: Opportunity) -> bool:
    return matching.is_indexed(COLLECTION, opportunity.pk)


def still_computing() -> matching.IndexProgress | None:
    """While the engine rebuilds the opportunities (a first start, a reindex): how many live
    opportunities have their vectors (all of them once it is ranking the matches); None when
    it is done. An incomplete index counts too, reindex or not."""
    progress = matching.index_progress(COLLECTION)
    if not progress.complete or engine.reindex_pending():
        return progress
    return None
