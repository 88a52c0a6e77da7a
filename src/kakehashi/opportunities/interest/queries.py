"""Permission-checked reads about expressions of interest and introductions.

Who is a party: the *sender side* is the interest's organisation, the *owner side* the
opportunity's organisation. A person takes part for an organisation they act for
(`accounts.people`: an approved member, an active membership, an approved organisation). Staff read everything; nobody else learns that an
interest or introduction exists (404).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from kakehashi.accounts import people
from kakehashi.accounts.people import Viewer
from kakehashi.opportunities import queries

from ..models import Interest, Introduction, IntroductionMessage, Opportunity, OutcomeRecord, live_q

if TYPE_CHECKING:
    from kakehashi.accounts.models import Organisation, User

OPEN_STATES = (Interest.State.PENDING, Interest.State.ACCEPTED)


def organisation_ids_of(user: Viewer) -> frozenset[int]:
    """The organisations `user` acts for (`accounts.people.organisation_ids_for`)."""
    return people.organisation_ids_for(user)


def sending_organisations(user: Viewer, opportunity: Opportunity) -> QuerySet[Organisation]:
    """The organisations `user` may express interest for: those they act for, never the owner."""
    return people.organisations_for(user).exclude(pk=opportunity.organisation_id)


def people_of(organisation_id: int) -> QuerySet[User]:
    """Who is mailed for an organisation: the people who act for it (`accounts.people`)."""
    return people.people_of(organisation_id)


def _opportunities_visible_to(user: Viewer) -> QuerySet[Opportunity]:
    return queries.visible_to(user)


def live_opportunity_for(user: Viewer, reference: str) -> Opportunity:
    """A published, unexpired opportunity `user` may read, by reference; 404 otherwise."""
    opportunity = (
        _opportunities_visible_to(user).filter(live_q()).select_related("organisation").filter(reference=reference).first()
    )
    if opportunity is None:
        raise Http404
    return opportunity


def owner_for(opportunity: Opportunity, viewer: Viewer) -> Organisation | None:
    """The owner organisation as `viewer` may see it; None while it is hidden (an anonymous
    opportunity before the viewer's organisation has an accepted interest)."""
    return queries.owner_org_display(opportunity, viewer)


def with_owners(interests: list[Interest], viewer: Viewer) -> list[Interest]:
    """Set `opportunity.shown_organisation` on each interest's opportunity (one query)."""
    queries.with_owner_display([i.opportunity for i in interests], viewer)
    return interests


def _with_parties(qs: QuerySet[Interest]) -> QuerySet[Interest]:
    return qs.select_related("opportunity__organisation", "organisation", "sent_by", "answered_by", "introduction")


def party_q(org_ids: Collection[int], prefix: str = "") -> Q:
    return Q(**{f"{prefix}organisation_id__in": org_ids}) | Q(**{f"{prefix}opportunity__organisation_id__in": org_ids})


def interest_for(user: Viewer, interest_id: int) -> Interest:
    """An interest its two sides and staff may read; 404 for anyone else."""
    qs = _with_parties(Interest.objects.filter(pk=interest_id))
    if not getattr(user, "is_staff", False):
        qs = qs.filter(party_q(organisation_ids_of(user)))
    interest = qs.first()
    if interest is None:
        raise Http404
    return interest


def introduction_for(user: Viewer, introduction_id: int) -> Introduction:
    """An introduction (with its messages' authors and outcomes) for its two sides and staff."""
    qs = Introduction.objects.filter(pk=introduction_id).select_related(
        "interest__opportunity__organisation", "interest__organisation", "interest__sent_by", "interest__answered_by"
    )
    if not getattr(user, "is_staff", False):
        qs = qs.filter(party_q(organisation_ids_of(user), prefix="interest__"))
    introduction = qs.first()
    if introduction is None:
        raise Http404
    return introduction


def messages_of(introduction: Introduction) -> QuerySet[IntroductionMessage]:
    return introduction.messages.select_related("author").order_by("created_at", "id")


def outcomes_of(introduction: Introduction) -> QuerySet[OutcomeRecord]:
    if "outcomes" in getattr(introduction, "_prefetched_objects_cache", {}):
        return introduction.outcomes.all()  # prefetched by introductions_of(), in this order
    return introduction.outcomes.select_related("organisation", "recorded_by").order_by("created_at", "id")


def sent_by_organisations_of(user: Viewer) -> QuerySet[Interest]:
    """Interests the user's organisations sent, newest first."""
    return _with_parties(Interest.objects.filter(organisation_id__in=organisation_ids_of(user)))


def received_by_organisations_of(user: Viewer) -> QuerySet[Interest]:
    """Interests in the user's organisations' opportunities, newest first."""
    return _with_parties(Interest.objects.filter(opportunity__organisation_id__in=organisation_ids_of(user)))


def introductions_of(user: Viewer) -> QuerySet[Introduction]:
    return (
        Introduction.objects.filter(party_q(organisation_ids_of(user), prefix="interest__"))
        .select_related("interest__opportunity__organisation", "interest__organisation")
        .prefetch_related(Prefetch(
            "outcomes", queryset=OutcomeRecord.objects.select_related("organisation", "recorded_by").order_by("created_at", "id"),
        ))
        .order_by("-created_at", "-id")
    )


def received_for(user: Viewer, opportunity: Opportunity) -> QuerySet[Interest]:
    """The interests in `opportunity`, for its organisation's members and staff; else none."""
    if not (getattr(user, "is_staff", False) or opportunity.organisation_id in organisation_ids_of(user)):
        return Interest.objects.none()
    return _with_parties(opportunity.interests.all())


def open_interest_of(user: Viewer, opportunity: Opportunity) -> Interest | None:
    """The pending or accepted interest one of the user's organisations has in `opportunity`."""
    org_ids = organisation_ids_of(user) - {opportunity.organisation_id}
    if not org_ids:
        return None
    return _with_parties(
        opportunity.interests.filter(organisation_id__in=org_ids, state__in=OPEN_STATES)
    ).first()


def side_of(user: Viewer, interest: Interest, org_ids: frozenset[int] | set[int] | None = None) -> str | None:
    """"sender", "owner" or None (staff or a stranger). A member of both acts as the sender.
    A list passes `org_ids` (organisation_ids_of(user)) once for all its rows."""
    if org_ids is None:
        org_ids = organisation_ids_of(user)
    if interest.organisation_id in org_ids:
        return "sender"
    if interest.opportunity.organisation_id in org_ids:
        return "owner"
    return None
