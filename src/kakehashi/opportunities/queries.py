"""Permission-checked reads of opportunities.

Who sees what (staff see everything):

| status / visibility            | who may see it                                             |
|--------------------------------|------------------------------------------------------------|
| published, live, public        | everyone                                                   |
| published, live, members       | approved members                                           |
| published, live, anonymous     | approved members, shown with its reference, not its owner  |
| draft, submitted, returned     | approved members of the owning organisation                |
| expired, closed (or past date) | approved members of the owning organisation                |

The owner of an anonymous opportunity is shown to someone of another organisation only once
that organisation has an accepted expression of interest in it (`owner_org_display`).
Someone who may not see an opportunity gets a 404, never a 403.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from kakehashi.accounts import people
from kakehashi.accounts.people import Viewer, is_approved_member
from kakehashi.matching import queries as matching

from .matches import COLLECTION
from .models import Interest, Opportunity, Status, Visibility, live_q

if TYPE_CHECKING:
    from kakehashi.accounts.models import Organisation

REVIEW_STATES = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)


def member_organisation_ids(user: Viewer) -> frozenset[int]:
    """The organisations `user` acts for (`accounts.people`: an approved member with an
    active membership of an approved organisation); none for others."""
    return people.organisation_ids_for(user)


def publishing_organisations(user: Viewer) -> QuerySet[Organisation]:
    """The organisations the member may publish opportunities for: those they act for."""
    return people.organisations_for(user)


def visible_to(user: Viewer) -> QuerySet[Opportunity]:
    qs = Opportunity.objects.select_related("organisation").prefetch_related("sectors")
    if getattr(user, "is_staff", False) and user.is_active:
        return qs
    visible = live_q() & Q(visibility=Visibility.PUBLIC)
    if is_approved_member(user):
        visible = live_q() | Q(organisation_id__in=member_organisation_ids(user))
    return qs.filter(visible)


def opportunity_for(user: Viewer, reference: str) -> Opportunity:
    opportunity = visible_to(user).filter(reference=reference).first()
    if opportunity is None:
        raise Http404
    return opportunity


def can_manage(user: Viewer, opportunity: Opportunity) -> bool:
    """Approved members (any role) of the owning organisation edit, submit, renew and close it."""
    return opportunity.organisation_id in member_organisation_ids(user)


def opportunity_managed_by(user: Viewer, reference: str) -> Opportunity:
    """The opportunity if `user` acts for its organisation; 404 otherwise (staff included:
    they review, they do not edit)."""
    opportunity = Opportunity.objects.select_related("organisation").filter(reference=reference).first()
    if opportunity is None or not can_manage(user, opportunity):
        raise Http404
    return opportunity


def opportunity_for_review(user: Viewer, reference: str) -> Opportunity:
    if not getattr(user, "is_staff", False):
        raise Http404
    opportunity = Opportunity.objects.select_related("organisation").filter(reference=reference).first()
    if opportunity is None:
        raise Http404
    return opportunity


def review_queue() -> QuerySet[Opportunity]:
    """Submitted opportunities, longest waiting first (staff)."""
    return (
        Opportunity.objects.filter(status=Status.SUBMITTED)
        .select_related("organisation", "created_by")
        .prefetch_related("sectors")
        .order_by("submitted_at", "id")
    )


def of_my_organisations(user: Viewer) -> QuerySet[Opportunity]:
    """Every opportunity of the organisations the member acts for, newest first."""
    return (
        Opportunity.objects.filter(organisation_id__in=member_organisation_ids(user))
        .select_related("organisation")
        .prefetch_related("sectors")
        .order_by("-updated_at", "-id")
    )


# --- who is behind an opportunity -------------------------------------------------------


def revealed_ids(viewer: Viewer, opportunities: Iterable[Opportunity]) -> set[int]:
    """Ids of the given opportunities whose organisation the viewer may see (one query)."""
    opportunities = list(opportunities)
    shown = {o.pk for o in opportunities if o.visibility != Visibility.ANONYMOUS}
    hidden = [o for o in opportunities if o.visibility == Visibility.ANONYMOUS]
    if not hidden:
        return shown
    if getattr(viewer, "is_staff", False) and getattr(viewer, "is_active", False):
        return shown | {o.pk for o in hidden}
    mine = set(member_organisation_ids(viewer))
    shown |= {o.pk for o in hidden if o.organisation_id in mine}
    if mine:
        shown |= set(
            Interest.objects.filter(
                opportunity_id__in=[o.pk for o in hidden], organisation_id__in=mine, state=Interest.State.ACCEPTED
            ).values_list("opportunity_id", flat=True)
        )
    return shown


def owner_org_display(opportunity: Opportunity, viewer: Viewer) -> Organisation | None:
    """The organisation to show the viewer, or None: show "Anonymous — reference KK-…"."""
    if opportunity.pk in revealed_ids(viewer, [opportunity]):
        return opportunity.organisation
    return None


def with_owner_display(opportunities: Iterable[Opportunity], viewer: Viewer) -> list[Opportunity]:
    """Set `shown_organisation` (an Organisation or None) on each opportunity, for templates."""
    opportunities = list(opportunities)
    revealed = revealed_ids(viewer, opportunities)
    for opportunity in opportunities:
        opportunity.shown_organisation = opportunity.organisation if opportunity.pk in revealed else None
    return opportunities


# --- search --------------------------------------------------------------------------------


def filtered(
    qs: QuerySet[Opportunity], *, kind: str = "", aim: str = "", sector: str = "", country: str = "",
    target_country: str = "", stage: str = "",
) -> QuerySet[Opportunity]:
    """Structural filters of the search page and API (values already checked by the caller)."""
    if kind:
        qs = qs.filter(kind=kind)
    if aim:
        qs = qs.filter(aim=aim)
    if sector:
        qs = qs.filter(Q(sectors__code=sector) | Q(sectors__parent__code=sector)).distinct()
    if country:
        qs = qs.filter(organisation__country=country)
    if target_country:
        # JSON containment is not portable (SQLite), so match the quoted code in the JSON text.
        qs = qs.filter(Q(target_countries__icontains=f'"{target_country}"'))
    if stage:
        qs = qs.filter(company_stage=stage)
    return qs


def rank_opportunities(text: str, queryset: QuerySet[Opportunity], limit: int = 100) -> list[tuple[int, float]]:
    """[(opportunity id, score)] best first, in any language, among the opportunities of
    `queryset` (already permission-filtered): only those relevant to the text (the engine's
    cut-off), so nonsense ranks nothing. Empty or unreadable text ranks nothing."""
    return matching.search(COLLECTION, text, allowed=queryset, limit=limit)


SEARCH_LIMIT = 500


def search(user: Viewer, *, q: str = "", **filters: str) -> list[int] | QuerySet[Opportunity]:
    """Live opportunities the user may see, filtered. Without `q`: a queryset, newest first.
    With `q`: the ids of the relevant ones, best first (at most SEARCH_LIMIT); none when
    nothing is relevant."""
    qs = filtered(visible_to(user).filter(live_q()), **filters)
    q = q.strip()
    if not q:
        return qs.order_by("-published_at", "-id")
    return [pk for pk, _score in rank_opportunities(q, qs, limit=SEARCH_LIMIT)]


def indexing_progress() -> matching.IndexProgress | None:
    """While some live opportunities have no vectors yet (the first start, a reindex): how
    many of them are indexed, so search can say its results are still being computed."""
    progress = matching.index_progress(COLLECTION)
    return None if progress.complete else progress


def in_order(ids: list[int]) -> list[Opportunity]:
    """The opportunities with these ids, in this order (one page of ranked results)."""
    by_id = Opportunity.objects.select_related("organisation").prefetch_related("sectors").in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]

