"""Permission-checked reads of meetings.

Who may see what:
- a session's matchmaking pages exist only for published sessions of kind "matchmaking";
- participants (approved members with a confirmed registration who joined the marketplace)
  see the other participants, their own requests, availability and agenda;
- organisers (staff, or the owners and admins of the series' organisation: events'
  `can_organise`) see and run everything of the session.
Everyone else gets 404, so a stranger cannot learn who takes part.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from kakehashi.accounts.people import Viewer, is_approved_member
from kakehashi.events import queries as events
from kakehashi.events.models import Registration, Session
from kakehashi.opportunities import queries as opportunities
from kakehashi.opportunities.models import Match

from .models import Grid, Meeting, MeetingRequest, Participant, ScheduleRun, Slot

if TYPE_CHECKING:
    from kakehashi.accounts.models import User


def matchmaking_session(slug: str) -> Session:
    session = Session.objects.select_related("series", "series__organisation").filter(
        slug=slug, kind=Session.Kind.MATCHMAKING, published=True
    ).first()
    if session is None:
        raise Http404
    return session


def can_organise(user: Viewer, session: Session) -> bool:
    return events.can_organise(user, session.series)


def is_registered(user: Viewer, session: Session) -> bool:
    return bool(
        is_approved_member(user)
        and session.registrations.filter(user=user, status=Registration.Status.CONFIRMED).exists()
    )


def participant_of(user: Viewer, session: Session) -> Participant | None:
    if not is_approved_member(user):
        return None
    return (
        Participant.objects.select_related("organisation", "user")
        .filter(session=session, user=user, active=True).first()
    )


def session_for_participant(user: Viewer, slug: str) -> tuple[Session, Participant]:
    session = matchmaking_session(slug)
    me = participant_of(user, session)
    if me is None:
        raise Http404
    return session, me


def session_for_organiser(user: Viewer, slug: str) -> Session:
    session = Session.objects.select_related("series", "series__organisation").filter(
        slug=slug, kind=Session.Kind.MATCHMAKING
    ).first()
    if session is None or not can_organise(user, session):
        raise Http404
    return session


def grid_of(session: Session) -> Grid | None:
    return Grid.objects.filter(session=session).prefetch_related("blocks").first()


def slots_of(session: Session) -> QuerySet[Slot]:
    return Slot.objects.filter(grid__session=session).order_by("starts_at")


def participants(session: Session) -> QuerySet[Participant]:
    return (
        Participant.objects.filter(session=session, active=True)
        .select_related("organisation", "user").prefetch_related("organisation__sectors")
    )


def marketplace(me: Participant, *, country: str = "", sector: str = "", kind: str = "") -> QuerySet[Participant]:
    """The other participants, optionally filtered by their organisation's country and
    sector and by the kind of their live opportunities."""
    qs = participants(me.session).exclude(pk=me.pk).exclude(organisation_id=me.organisation_id)
    if country:
        qs = qs.filter(organisation__country=country)
    if sector:
        qs = qs.filter(organisation__sectors__code=sector)
    if kind:
        qs = qs.filter(organisation__opportunities__kind=kind, organisation__opportunities__status="published")
    return qs.distinct().order_by("organisation__name", "id")


def requests_of(me: Participant) -> QuerySet[MeetingRequest]:
    return (
        MeetingRequest.objects.filter(Q(requester=me) | Q(receiver=me))
        .select_related("requester__organisation", "receiver__organisation", "requester__user", "receiver__user")
        .order_by("-created_at", "-id")
    )


def request_for(me: Participant, pk: int) -> MeetingRequest:
    found = requests_of(me).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def agenda(me: Participant) -> QuerySet[Meeting]:
    """My published meetings, in time order (cancelled ones left out)."""
    return (
        Meeting.objects.filter(Q(request__requester=me) | Q(request__receiver=me), cancelled=False, slot__isnull=False)
        .select_related(
            "slot", "request__requester__organisation", "request__receiver__organisation",
            "request__requester__user", "request__receiver__user",
        )
        .order_by("slot__starts_at", "table", "id")
    )


def meetings_of(session: Session) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(request__session=session, cancelled=False, slot__isnull=False)
        .select_related(
            "slot", "request__requester__organisation", "request__receiver__organisation",
            "request__requester__user", "request__receiver__user",
        )
        .order_by("slot__starts_at", "table", "id")
    )


def runs_of(session: Session) -> QuerySet[ScheduleRun]:
    return ScheduleRun.objects.filter(session=session).order_by("-created_at", "-id")


def run_for(session: Session, pk: int) -> ScheduleRun:
    run = runs_of(session).filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


def other_side(meeting: Meeting, me: Participant) -> Participant:
    request = meeting.request
    return request.receiver if request.requester_id == me.pk else request.requester


def my_sessions(user: User) -> QuerySet[Participant]:
    return Participant.objects.filter(user=user, active=True).select_related("session")


def live_opportunities(user: User, organisation_ids: list[int]) -> dict[int, list]:
    """Each organisation's published opportunities that `user` may see (opportunities' own rules)."""
    out: dict[int, list] = {}
    qs = opportunities.visible_to(user).filter(organisation_id__in=organisation_ids, status="published").order_by("-published_at")
    for item in qs.only("id", "reference", "title", "kind", "organisation_id"):
        out.setdefault(item.organisation_id, []).append(item)
    return out


def fits(organisation_id: int, others: list[int]) -> dict[int, float]:
    """The matcher's best score between an opportunity of `organisation_id` and one of each
    other organisation, in [0, 1] (the opportunities' match table, both directions)."""
    best: dict[int, float] = {}
    rows = Match.objects.filter(
        Q(opportunity__organisation_id=organisation_id, other__organisation_id__in=others)
        | Q(other__organisation_id=organisation_id, opportunity__organisation_id__in=others)
    ).values_list("opportunity__organisation_id", "other__organisation_id", "score")
    for a, b, score in rows:
        other = b if a == organisation_id else a
        best[other] = max(best.get(other, 0.0), max(0.0, min(1.0, float(score))))
    return best


def suggestions(me: Participant, limit: int = 6) -> list[tuple[Participant, float]]:
    """"You may want to meet": participants whose organisations' opportunities the matcher
    paired with ours, best first, leaving out those we already have an open request with."""
    others = list(participants(me.session).exclude(organisation_id=me.organisation_id))
    scores = fits(me.organisation_id, [p.organisation_id for p in others])
    asked = set(
        MeetingRequest.objects.filter(Q(requester=me) | Q(receiver=me), state__in=MeetingRequest.OPEN)
        .values_list("requester_id", "receiver_id")
        .iterator()
    )
    busy = {pk for pair in asked for pk in pair}
    ranked = [(p, scores[p.organisation_id]) for p in others if p.organisation_id in scores and p.pk not in busy]
    ranked.sort(key=lambda pair: (-pair[1], pair[0].pk))
    return ranked[:limit]
