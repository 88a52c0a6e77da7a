"""Public pages of events: the series, the sessions, their calendar (ICS) feeds."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kakehashi.community import queries as community_queries
from kakehashi.core.pagecache import expires_at, visitor_cache
from kakehashi.core.permissions import public

from .. import ics, queries, translation
from ..forms import RegistrationForm
from ..models import Registration, Session

CALENDAR_SIZE = 200


@public
def index(request: HttpRequest) -> HttpResponse:
    sessions = queries.sessions_visible_to(request.user)
    return render(
        request,
        "events/index.html",
        {
            "series_list": queries.series_list(),
            "upcoming": queries.upcoming(sessions)[:30],
            "recent": queries.past(sessions)[:10],
            "can_organise": queries.may_create_series(request.user) or queries.managed_series(request.user).exists(),
        },
    )


@public
def series_detail(request: HttpRequest, slug: str) -> HttpResponse:
    series = queries.series_for(slug)
    sessions = queries.sessions_visible_to(request.user).filter(series=series)
    return render(
        request,
        "events/series_detail.html",
        {
            "series": series,
            "upcoming": queries.upcoming(sessions),
            "past": queries.past(sessions),
            "speakers": series.speakers.all(),
            "following": queries.is_following(request.user, series),
            "can_organise": queries.can_organise(request.user, series),
        },
    )


def session_page(request: HttpRequest, session: Session, form: RegistrationForm | None = None, status: int = 200) -> HttpResponse:
    user = request.user
    registration = queries.registration_of(user, session)
    organiser = queries.can_organise(user, session.series)
    confirmed = registration is not None and registration.status == Registration.Status.CONFIRMED
    visitor = not user.is_authenticated and session.visitors_may_register
    open_ = session.published and not session.has_started
    can_register = open_ and (visitor or (user.is_authenticated and (registration is None or not registration.is_active)))
    if form is None and can_register:
        form = RegistrationForm(session=session, visitor=visitor)
    if open_:
        expires_at(request, session.starts_at)  # registration closes when it starts
    writeup = session.writeup_post if session.writeup_post is not None and community_queries.can_see(user, session.writeup_post) else None
    return render(
        request,
        "events/session_detail.html",
        {
            "session": session,
            **translation.for_session_page(request, session),
            "seats_left": queries.seats_left(session),
            "registration": registration,
            "show_join": organiser or confirmed,
            "can_register": can_register,
            "registration_open": open_,
            "visitor": visitor,
            "form": form,
            "organiser": organiser,
            "writeup": writeup,
            "speakers": session.speakers.all(),
            "google_url": ics.google_url(session, join=confirmed),
            "outlook_url": ics.outlook_url(session, join=confirmed),
        },
        status=status,
    )


@public
@visitor_cache
def session_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return session_page(request, queries.session_for(request.user, slug))


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@public
def session_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """The session as a calendar file. Public: without the joining link."""
    session = queries.session_for(AnonymousUser(), slug)
    return _ics(ics.session_calendar(session), ics.filename(session))


@public
def series_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """Subscribe to a series: every published session, with alarms, new ones as they come."""
    series = queries.series_for(slug)
    sessions = queries.public_sessions().filter(series=series).order_by("-starts_at")[:CALENDAR_SIZE]
    return _ics(ics.calendar(sessions, name=series.title), f"{ics.file_stem(series.slug, 'series')}.ics")


@public
def all_ics(request: HttpRequest) -> HttpResponse:
    sessions = queries.public_sessions().order_by("-starts_at")[:CALENDAR_SIZE]
    return _ics(ics.calendar(sessions, name=f"{settings.SITE_NAME} · {_('Events')}"), "events.ics")
