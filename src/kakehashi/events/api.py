"""API of events: series, sessions, your registrations, feeds, and the organisers' session
writes. Every operation states its permission: public (optional_auth; what the caller, by
bearer token or session, may read), signed in (member_auth), approved member, or organiser of the series (staff, or
an owner/admin of its organisation: 404 to anyone else, as on the web pages)."""

from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import AwareDatetime

from kakehashi.accounts.auth import MemberRequest, PublicRequest, member_auth, optional_auth, require_approved
from kakehashi.accounts.people import Viewer, is_signed_in
from kakehashi.community.models import Post
from kakehashi.core import ratelimit
from kakehashi.core.languages import Code
from kakehashi.core.links import absolute_url
from kakehashi.core.markdown import render_markdown
from kakehashi.core.validation import DbInt, Id, PlainText, SearchText
from kakehashi.translations import queries as translations

from . import mails, queries, registration, services
from .models import Registration, Series, Session, Speaker

router = Router(tags=["events"])
PAGE_SIZE = 50


class FeedsOut(Schema):
    calendar: str
    rss: str
    atom: str


class SeriesOut(Schema):
    slug: str
    title: str
    language: str
    organisation: str | None
    description_html: str
    url: str
    feeds: FeedsOut

    @staticmethod
    def of(series: Series) -> "SeriesOut":
        return SeriesOut(
            slug=series.slug, title=series.title, language=series.language,
            organisation=series.organisation.slug if series.organisation else None,
            description_html=series.description_html, url=absolute_url(series),
            feeds=FeedsOut(
                calendar=absolute_url("events:series_calendar", series.slug),
                rss=absolute_url("events:series_rss", series.slug),
                atom=absolute_url("events:series_atom", series.slug),
            ),
        )


class SpeakerOut(Schema):
    id: int
    name: str
    title: str
    affiliation: str
    bio: str
    photo: str | None


class TimeOut(Schema):
    zone: str
    start: str
    end: str


class SessionOut(Schema):
    slug: str
    series: str
    title: str
    kind: str
    languages: list[str]
    starts_at: datetime
    ends_at: datetime
    timezone: str
    times: list[TimeOut]
    format: str
    venue: str
    capacity: int | None
    seats_left: int | None
    visitors_may_register: bool
    recorded: bool
    recording_url: str
    writeup_post: str | None
    speakers: list[SpeakerOut]
    abstract_html: str
    url: str
    calendar: str

    @staticmethod
    def fields_of(session: Session, viewer: Viewer) -> dict[str, Any]:
        zone = viewer.timezone if is_signed_in(viewer) else None
        return {
            "slug": session.slug, "series": session.series.slug, "title": session.title, "kind": session.kind,
            "languages": session.languages, "starts_at": session.starts_at, "ends_at": session.ends_at,
            "timezone": session.timezone,
            "times": [TimeOut(zone=z, start=s, end=e) for z, s, e in mails.times(session, zone, human=False)],
            "format": session.format, "venue": session.venue if session.has_venue else "", "capacity": session.capacity,
            "seats_left": queries.seats_left(session), "visitors_may_register": session.visitors_may_register,
            "recorded": session.recorded, "recording_url": session.recording_url,
            "writeup_post": session.writeup_post.slug if session.writeup_post is not None else None,
            "speakers": [
                SpeakerOut(id=s.pk, name=s.name, title=s.title, affiliation=s.affiliation, bio=s.bio,
                           photo=absolute_url(s.photo.url) if s.photo else None)
                for s in session.speakers.all()
            ],
            "abstract_html": session.abstract_html, "url": absolute_url(session),
            "calendar": absolute_url("events:session_calendar", session.slug),
        }


class QuestionOut(Schema):
    id: int
    text: str
    required: bool


class SessionDetailOut(SessionOut):
    questions: list[QuestionOut]
    join_url: str | None = Field(None, description="Only for confirmed registrants and organisers.")
    my_status: str | None = None
    shown_language: str = Field(default="", description="with ?lang=: the language of the member's text as returned")
    translated_by: str = Field(default="original", description="with ?lang=: original, author, secretariat or machine")


class SeriesDetailOut(SeriesOut):
    sessions: list[SessionOut]


class SessionPage(Schema):
    count: int
    page: int
    pages: int
    results: list[SessionOut]


class SessionFilters(Schema):
    when: Literal["upcoming", "past", "all"] = "upcoming"
    series: SearchText = Field("", max_length=220)
    page: int = Field(1, ge=1, le=10000)


@router.get("/series", response=list[SeriesOut], auth=optional_auth, summary="Every series (public)")
def list_series(request: PublicRequest):
    return [SeriesOut.of(s) for s in queries.series_list()]


@router.get("/series/{slug}", response=SeriesDetailOut, auth=optional_auth, summary="A series with its sessions, newest first (public)")
def get_series(request: PublicRequest, slug: str):
    series = queries.series_for(slug)
    sessions = queries.sessions_visible_to(request.auth).filter(series=series).order_by("-starts_at")
    return SeriesDetailOut(**SeriesOut.of(series).dict(), sessions=[SessionOut(**SessionOut.fields_of(s, request.auth)) for s in sessions])


@router.get("/sessions", response=SessionPage, auth=optional_auth, summary="Sessions: upcoming (soonest first), past (latest first) or all (public)")
def list_sessions(request: PublicRequest, filters: Query[SessionFilters]):
    sessions = queries.sessions_visible_to(request.auth)
    if filters.series:
        sessions = sessions.filter(series__slug=filters.series)
    if filters.when == "upcoming":
        sessions = queries.upcoming(sessions)
    elif filters.when == "past":
        sessions = queries.past(sessions)
    else:
        sessions = sessions.order_by("-starts_at", "-id")
    paginator = Paginator(sessions, PAGE_SIZE)
    page = paginator.get_page(filters.page)
    return SessionPage(
        count=paginator.count, page=page.number, pages=paginator.num_pages,
        results=[SessionOut(**SessionOut.fields_of(s, request.auth)) for s in page],
    )


def _detail(session: Session, viewer: Viewer) -> SessionDetailOut:
    mine = queries.registration_of(viewer, session)
    join = queries.can_organise(viewer, session.series) or (mine is not None and mine.status == Registration.Status.CONFIRMED)
    return SessionDetailOut(
        **SessionOut.fields_of(session, viewer),
        questions=[QuestionOut(id=q.pk, text=q.text, required=q.required) for q in session.questions.all()],
        join_url=session.online_url if join and session.is_online else None,
        my_status=mine.status if mine else None,
    )


@router.get("/sessions/{slug}", response=SessionDetailOut, auth=optional_auth, summary="One session with its registration questions (public; the joining link for confirmed registrants)")
def get_session(request: PublicRequest, slug: str, lang: Code | None = None):
    """With `?lang=`: title and abstract in that language when a version (or a cached machine
    translation) exists, else the original; `shown_language` and `translated_by` say which."""
    session = queries.session_for(request.auth, slug)
    out = _detail(session, request.auth)
    if lang is not None:
        shown = translations.shown_one(None, "session", session, target=lang, original=False)
        out.title, out.shown_language, out.translated_by = shown["title"], shown.language, shown.origin
        if shown.translated:
            out.abstract_html = render_markdown(shown["abstract"])
    return out


@router.get("/feeds", response=FeedsOut, auth=optional_auth, summary="Calendar (ICS), RSS and Atom feeds of every published session (public; each series lists its own)")
def feeds(request: PublicRequest):
    return FeedsOut(
        calendar=absolute_url("events:calendar"), rss=absolute_url("events:feed_rss"), atom=absolute_url("events:feed_atom")
    )


# --- your registrations ----------------------------------------------------------------------


class AnswerIn(Schema):
    question: Id
    text: PlainText = Field("", max_length=2000)


class RegistrationIn(Schema):
    answers: list[AnswerIn] = Field(default_factory=list, max_length=50)


class RegistrationOut(Schema):
    id: int
    session: str
    session_title: str
    status: str
    starts_at: datetime
    ends_at: datetime
    created_at: datetime


def _registration_out(reg: Registration) -> RegistrationOut:
    return RegistrationOut(
        id=reg.pk, session=reg.session.slug, session_title=reg.session.title, status=reg.status,
        starts_at=reg.session.starts_at, ends_at=reg.session.ends_at, created_at=reg.created_at,
    )


@router.post("/sessions/{slug}/registrations", response={201: RegistrationOut}, auth=member_auth, summary="Register for a session: a seat or a place on the waiting list (approved members)")
def register(request: MemberRequest, slug: str, payload: RegistrationIn):
    session = queries.session_for(request.auth, slug)
    require_approved(request)
    ratelimit.check(request.auth, "registration")
    reg = registration.register_member(request.auth, session, answers={a.question: a.text for a in payload.answers})
    return Status(201, _registration_out(reg))


@router.get("/registrations", response=list[RegistrationOut], auth=member_auth, summary="Your registrations that are not cancelled, soonest first (signed in)")
def my_registrations(request: MemberRequest):
    return [_registration_out(r) for r in queries.my_registrations(request.auth)]


@router.delete("/registrations/{registration_id}", response={204: None}, auth=member_auth, summary="Cancel your registration; the first on the waiting list moves up (signed in, your own)")
def cancel_registration(request: MemberRequest, registration_id: Id):
    registration.cancel(queries.own_registration(request.auth, registration_id), actor=request.auth)
    return Status(204, None)


class FollowIn(Schema):
    active: bool


@router.put("/series/{slug}/follow", response=FollowIn, auth=member_auth, summary="Follow a series: e-mails when a recording is online (signed in)")
def follow_series(request: MemberRequest, slug: str, payload: FollowIn):
    return FollowIn(active=services.set_following(request.auth, queries.series_for(slug), active=payload.active).active)


# --- organisers ------------------------------------------------------------------------------

KINDS = Literal["digital_session", "workshop", "matchmaking", "in_person", "hybrid_meeting"]
FORMATS = Literal["online", "venue", "hybrid"]


class SessionPatch(Schema):
    title: PlainText | None = Field(None, min_length=1, max_length=300)
    abstract: PlainText | None = Field(None, max_length=20_000)
    kind: KINDS | None = None
    languages: list[Code] | None = Field(None, max_length=3)
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    timezone: str | None = Field(None, max_length=64)
    format: FORMATS | None = None
    online_url: PlainText | None = Field(None, max_length=500)
    venue: PlainText | None = Field(None, max_length=1000)
    capacity: int | None = Field(None, ge=1, le=100_000)
    visitors_may_register: bool | None = None
    published: bool | None = None
    recorded: bool | None = None
    recording_url: PlainText | None = Field(None, max_length=500)
    writeup_post: str | None = Field(None, max_length=320)
    reminder_offsets: list[DbInt] | None = Field(None, max_length=5)
    feedback_survey: bool | None = None
    speakers: list[Id] | None = Field(None, max_length=50)


class SessionIn(SessionPatch):
    title: PlainText = Field(..., min_length=1, max_length=300)
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    timezone: str = Field("Asia/Kolkata", max_length=64)


NULLABLE = {"capacity", "writeup_post"}


def _session_fields(series: Series, data: dict[str, Any]) -> dict[str, Any]:
    fields = {k: v for k, v in data.items() if v is not None or k in NULLABLE}
    if "writeup_post" in fields:
        slug = fields["writeup_post"]
        fields["writeup_post"] = Post.objects.filter(slug=slug).first() if slug else None
        if slug and fields["writeup_post"] is None:
            raise ValidationError({"writeup_post": [_("No post has this address.")]})
    if "speakers" in fields:
        ids = set(fields["speakers"] or [])
        speakers = list(Speaker.objects.filter(series=series, pk__in=ids))
        if len(speakers) != len(ids):
            raise ValidationError({"speakers": [_("Choose speakers of this series.")]})
        fields["speakers"] = speakers
    return fields


@router.post("/series/{slug}/sessions", response={201: SessionDetailOut}, auth=member_auth, summary="Create a session in a series (its organisers)")
def create_session(request: MemberRequest, slug: str, payload: SessionIn):
    require_approved(request)
    series = queries.series_managed_by(request.auth, slug)
    session = services.create_session(request.auth, series, **_session_fields(series, payload.dict()))
    return Status(201, _detail(queries.session_managed_by(request.auth, session.slug), request.auth))


@router.patch("/sessions/{slug}", response=SessionDetailOut, auth=member_auth, summary="Change a session; adding a recording link e-mails registrants and followers (its organisers)")
def update_session(request: MemberRequest, slug: str, payload: SessionPatch):
    require_approved(request)
    session = queries.session_managed_by(request.auth, slug)
    services.update_session(request.auth, session, **_session_fields(session.series, payload.dict(exclude_unset=True)))
    return _detail(queries.session_managed_by(request.auth, slug), request.auth)


class RegistrantOut(Schema):
    id: int
    name: str
    email: str
    status: str
    language: str
    attended: bool | None
    created_at: datetime
    answers: dict[str, str]


@router.get("/sessions/{slug}/registrants", response=list[RegistrantOut], auth=member_auth, summary="Everyone who registered, confirmed first, then the waiting list in order (its organisers)")
def registrants(request: MemberRequest, slug: str):
    require_approved(request)
    session = queries.session_managed_by(request.auth, slug)
    return [
        RegistrantOut(
            id=r.pk, name=r.name, email=r.email, status=r.status, language=r.language, attended=r.attended,
            created_at=r.created_at, answers={str(a.question_id): a.text for a in r.answers.all()},
        )
        for r in queries.registrants(session)
    ]

