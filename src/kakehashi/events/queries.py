"""Permission-checked reads of events.

Series and published sessions are public. Organisers are staff, or the active owners and
admins of the series' organisation (an approved member of an approved organisation);
everything they manage answers 404 to anyone else, so a stranger cannot learn that a
draft session exists."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Avg, Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from kakehashi.accounts import people
from kakehashi.accounts.people import Viewer, is_approved_member, is_signed_in

from .models import Answer, Feedback, Registration, Series, SeriesFollow, Session

if TYPE_CHECKING:
    from kakehashi.accounts.models import Organisation, User

Status = Registration.Status


def organiser_organisations(user: Viewer) -> QuerySet[Organisation]:
    """Approved organisations whose events `user` may organise: every one for staff, else
    those they manage (`accounts.people`: owner or admin, approved member)."""
    if is_approved_member(user) and user.is_staff:
        return people.approved_organisations()
    return people.organisations_for(user, managing=True)


def can_organise(user: Viewer, series: Series) -> bool:
    if not is_approved_member(user):
        return False
    if user.is_staff:
        return True
    return people.acts_for(user, series.organisation_id, managing=True)


def may_create_series(user: Viewer) -> bool:
    return is_approved_member(user) and (user.is_staff or bool(people.organisation_ids_for(user, managing=True)))


def managed_series(user: Viewer) -> QuerySet[Series]:
    if not is_approved_member(user):
        return Series.objects.none()
    if user.is_staff:
        return Series.objects.select_related("organisation")
    managed = people.organisation_ids_for(user, managing=True)
    return Series.objects.filter(organisation_id__in=managed).select_related("organisation")


def series_list() -> QuerySet[Series]:
    return Series.objects.select_related("organisation").annotate(
        session_total=Count("sessions", filter=Q(sessions__published=True))
    )


def series_for(slug: str) -> Series:
    series = Series.objects.select_related("organisation").filter(slug=slug).first()
    if series is None:
        raise Http404
    return series


def series_managed_by(user: Viewer, slug: str) -> Series:
    series = series_for(slug)
    if not can_organise(user, series):
        raise Http404
    return series


def _with_counts(qs: QuerySet[Session]) -> QuerySet[Session]:
    return qs.select_related("series", "series__organisation", "writeup_post").prefetch_related("speakers").annotate(
        confirmed_total=Count("registrations", filter=Q(registrations__status=Status.CONFIRMED)),
        waitlist_total=Count("registrations", filter=Q(registrations__status=Status.WAITLISTED)),
    )


def sessions_visible_to(user: Viewer) -> QuerySet[Session]:
    """Published sessions; organisers also see their unpublished ones."""
    qs = Session.objects.all()
    if getattr(user, "is_staff", False) and is_approved_member(user):
        return _with_counts(qs)
    visible = Q(published=True)
    if is_approved_member(user):
        visible |= Q(series__organisation_id__in=people.organisation_ids_for(user, managing=True))
    return _with_counts(qs.filter(visible))


def public_sessions() -> QuerySet[Session]:
    return _with_counts(Session.objects.filter(published=True))


def upcoming(qs: QuerySet[Session]) -> QuerySet[Session]:
    return qs.filter(ends_at__gt=timezone.now()).order_by("starts_at", "id")


def past(qs: QuerySet[Session]) -> QuerySet[Session]:
    return qs.filter(ends_at__lte=timezone.now()).order_by("-starts_at", "-id")


def session_for(user: Viewer, slug: str) -> Session:
    session = sessions_visible_to(user).filter(slug=slug).first()
    if session is None:
        raise Http404
    return session


def session_managed_by(user: Viewer, slug: str) -> Session:
    session = _with_counts(Session.objects.filter(slug=slug)).first()
    if session is None or not can_organise(user, session.series):
        raise Http404
    return session


def seats_left(session: Session) -> int | None:
    """None: no limit. Uses the `confirmed_total` annotation when present."""
    if session.capacity is None:
        return None
    confirmed = getattr(session, "confirmed_total", None)
    if confirmed is None:
        confirmed = session.registrations.filter(status=Status.CONFIRMED).count()
    return max(session.capacity - confirmed, 0)


def registration_of(user: Viewer, session: Session) -> Registration | None:
    """The signed-in person's registration for the session, whatever its state."""
    if not is_signed_in(user):
        return None
    return session.registrations.filter(Q(user=user) | Q(email=user.email.lower())).first()


def my_registrations(user: User) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(user=user)
        .exclude(status=Status.CANCELLED)
        .select_related("session", "session__series")
        .order_by("session__starts_at")
    )


def own_registration(user: User, registration_id: int) -> Registration:
    registration = Registration.objects.select_related("session").filter(pk=registration_id, user=user).first()
    if registration is None:
        raise Http404
    return registration


def registrants(session: Session) -> QuerySet[Registration]:
    """Everyone who registered, for the organisers: confirmed first, then the waiting list in order."""
    order = {Status.CONFIRMED: 0, Status.WAITLISTED: 1, Status.PENDING: 2, Status.CANCELLED: 3}
    rank = Case(*[When(status=s, then=Value(n)) for s, n in order.items()], output_field=IntegerField())
    return (
        session.registrations.annotate(rank=rank)
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("question")))
        .order_by("rank", "waitlisted_at", "created_at", "id")
    )


def is_following(user: Viewer, series: Series) -> bool:
    return bool(is_signed_in(user) and SeriesFollow.objects.filter(user=user, series=series, active=True).exists())


def feedback_summary(session: Session) -> dict[str, Any]:
    rows = Feedback.objects.filter(registration__session=session)
    figures = rows.aggregate(count=Count("id"), average=Avg("rating"))
    distribution = dict(rows.values("rating").annotate(n=Count("id")).values_list("rating", "n").order_by())
    return {
        "count": figures["count"],
        "average": round(figures["average"], 2) if figures["average"] is not None else None,
        "distribution": [(rating, distribution.get(rating, 0)) for rating in range(5, 0, -1)],
        "comments": list(rows.exclude(comment="").select_related("registration").order_by("-created_at")),
    }
