"""API of meetings at matchmaking sessions. Every operation states its permission:
participant (an approved member taking part in the session's matchmaking: 404 to anyone
else, as on the pages) or organiser (staff, or an owner/admin of the series' organisation)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Router, Schema, Status

from kakehashi.accounts.auth import MemberRequest, member_auth, require_approved
from kakehashi.core import ratelimit
from kakehashi.core.validation import Id, PlainText
from kakehashi.events.models import Session

from . import agenda as agendas
from . import queries, services
from .models import MeetingRequest, Participant, ScheduleRun

router = Router(tags=["meetings"])


class ParticipantOut(Schema):
    id: int
    name: str
    organisation: str
    country: str
    role: str

    @staticmethod
    def of(p: Participant) -> ParticipantOut:
        return ParticipantOut(id=p.pk, name=p.user.display_name, organisation=p.organisation.name, country=p.organisation.country, role=p.role)


class RequestOut(Schema):
    id: int
    requester: ParticipantOut
    receiver: ParticipantOut
    priority: str
    state: str
    message: str
    created_at: datetime

    @staticmethod
    def of(r: MeetingRequest) -> RequestOut:
        return RequestOut(
            id=r.pk, requester=ParticipantOut.of(r.requester), receiver=ParticipantOut.of(r.receiver), priority=r.priority,
            state=r.state, message=r.message, created_at=r.created_at,
        )


class RequestIn(Schema):
    receiver: Id
    priority: Literal["must", "like"] = "like"
    message: PlainText = Field("", max_length=2000)


class MeetingAnswerIn(Schema):
    accept: bool


class SlotOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime


class AvailabilityOut(Schema):
    slots: list[SlotOut]
    unavailable: list[int]


class AvailabilityIn(Schema):
    unavailable: list[Id] = Field(default_factory=list, max_length=200)


class MeetingTimeOut(Schema):
    zone: str
    start: str
    end: str


class MeetingOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime
    times: list[MeetingTimeOut]
    with_organisation: str
    with_name: str
    where: str
    sequence: int


class RunIn(Schema):
    time_limit: int = Field(30, ge=1, le=600)
    lock_published: bool = False


class UnplacedOut(Schema):
    request: int
    reason: str


class RunOut(Schema):
    id: int
    status: str
    time_limit: int
    placed: int
    requests: int
    weight: int | None
    bound: int | None
    gap: float | None
    greedy_weight: int | None
    progress: list[list[float]]
    assignment: dict[str, int]
    tables: dict[str, int]
    unplaced: list[UnplacedOut]
    moved: list[int]
    problems: list[list[str]]
    published_at: datetime | None

    @staticmethod
    def of(run: ScheduleRun) -> RunOut:
        return RunOut(
            id=run.pk, status=run.status, time_limit=run.time_limit, placed=run.placed, requests=run.requests_total,
            weight=run.weight, bound=run.bound, gap=run.gap, greedy_weight=run.greedy_weight, progress=run.progress,
            assignment=run.assignment, tables=run.tables, unplaced=[UnplacedOut(request=int(k), reason=v) for k, v in run.unplaced.items()],
            moved=run.moved, problems=[[str(c), str(d)] for c, d in run.problems], published_at=run.published_at,
        )


class ScheduleOut(Schema):
    slots: list[SlotOut]
    capacity: int | None
    cap: int | None
    mode: str
    published_run: int | None
    runs: list[RunOut]


def _participant(request: MemberRequest, slug: str) -> tuple[Session, Participant]:
    require_approved(request)
    return queries.session_for_participant(request.auth, slug)


def _organiser(request: MemberRequest, slug: str) -> Session:
    require_approved(request)
    return queries.session_for_organiser(request.auth, slug)


@router.get("/sessions/{slug}/participants", response=list[ParticipantOut], auth=member_auth, summary="The other participants of a matchmaking session (participants)")
def participants(request: MemberRequest, slug: str):
    _session, me = _participant(request, slug)
    return [ParticipantOut.of(p) for p in queries.marketplace(me)]


@router.get("/sessions/{slug}/requests", response=list[RequestOut], auth=member_auth, summary="Your meeting requests, sent and received, newest first (participants)")
def my_requests(request: MemberRequest, slug: str):
    _session, me = _participant(request, slug)
    return [RequestOut.of(r) for r in queries.requests_of(me)]


@router.post("/sessions/{slug}/requests", response={201: RequestOut}, auth=member_auth, summary="Ask another participant for a meeting (participants)")
def send_request(request: MemberRequest, slug: str, payload: RequestIn):
    session, _me = _participant(request, slug)
    ratelimit.check(request.auth, "meeting_request")
    created = services.send_request(request.auth, session, receiver_id=payload.receiver, message=payload.message, priority=payload.priority)
    return Status(201, RequestOut.of(created))


@router.post("/sessions/{slug}/requests/{request_id}/answer", response=RequestOut, auth=member_auth, summary="Accept or decline a request you received (participants, its receiver)")
def answer(request: MemberRequest, slug: str, request_id: Id, payload: MeetingAnswerIn):
    _session, me = _participant(request, slug)
    return RequestOut.of(services.answer_request(request.auth, queries.request_for(me, request_id), accept=payload.accept))


@router.delete("/sessions/{slug}/requests/{request_id}", response={204: None}, auth=member_auth, summary="Withdraw a pending or accepted request; a published meeting is cancelled (participants, either side)")
def withdraw(request: MemberRequest, slug: str, request_id: Id):
    _session, me = _participant(request, slug)
    services.cancel_request(request.auth, queries.request_for(me, request_id))
    return Status(204, None)


def _availability(session: Session, me: Participant) -> AvailabilityOut:
    return AvailabilityOut(
        slots=[SlotOut(id=s.pk, starts_at=s.starts_at, ends_at=s.ends_at) for s in queries.slots_of(session)],
        unavailable=sorted(me.unavailable.values_list("slot_id", flat=True)),
    )


@router.get("/sessions/{slug}/availability", response=AvailabilityOut, auth=member_auth, summary="The session's slots and those you cannot attend (participants)")
def availability(request: MemberRequest, slug: str):
    session, me = _participant(request, slug)
    return _availability(session, me)


@router.put("/sessions/{slug}/availability", response=AvailabilityOut, auth=member_auth, summary="Replace the list of slots you cannot attend (participants)")
def set_availability(request: MemberRequest, slug: str, payload: AvailabilityIn):
    session, me = _participant(request, slug)
    services.set_unavailable(request.auth, session, payload.unavailable)
    return _availability(session, me)


@router.get("/sessions/{slug}/agenda", response=list[MeetingOut], auth=member_auth, summary="Your published meetings with times in your zone, IST and JST (participants)")
def agenda(request: MemberRequest, slug: str):
    session, me = _participant(request, slug)
    rows = agendas.rows(list(queries.agenda(me)), me, queries.grid_of(session), zone=request.auth.timezone)
    return [
        MeetingOut(
            id=r["id"], starts_at=r["starts_at"], ends_at=r["ends_at"], times=[MeetingTimeOut(zone=z, start=s, end=e) for z, s, e in r["times"]],
            with_organisation=r["with_organisation"], with_name=r["with_name"], where=r["where"], sequence=r["sequence"],
        )
        for r in rows
    ]


@router.get("/sessions/{slug}/schedule", response=ScheduleOut, auth=member_auth, summary="The grid and the latest schedule runs (organisers)")
def schedule(request: MemberRequest, slug: str):
    session = _organiser(request, slug)
    grid = queries.grid_of(session)
    return ScheduleOut(
        slots=[SlotOut(id=s.pk, starts_at=s.starts_at, ends_at=s.ends_at) for s in queries.slots_of(session)],
        capacity=grid.capacity if grid else None, cap=grid.cap if grid else None, mode=grid.mode if grid else "any",
        published_run=grid.published_run_id if grid else None, runs=[RunOut.of(r) for r in queries.runs_of(session)[:10]],
    )


@router.post("/sessions/{slug}/schedule/runs", response={201: RunOut}, auth=member_auth, summary="Start computing a schedule in the background (organisers)")
def start_run(request: MemberRequest, slug: str, payload: RunIn):
    session = _organiser(request, slug)
    run = services.start_run(request.auth, session, time_limit=payload.time_limit, lock_published=payload.lock_published)
    return Status(201, RunOut.of(run))


@router.get("/sessions/{slug}/schedule/runs/{run_id}", response=RunOut, auth=member_auth, summary="One schedule run: progress, result, bound and gap (organisers)")
def get_run(request: MemberRequest, slug: str, run_id: Id):
    session = _organiser(request, slug)
    return RunOut.of(queries.run_for(session, run_id))


@router.post("/sessions/{slug}/schedule/runs/{run_id}/stop", response=RunOut, auth=member_auth, summary="Stop a run; it keeps the best schedule found so far (organisers)")
def stop_run(request: MemberRequest, slug: str, run_id: Id):
    session = _organiser(request, slug)
    return RunOut.of(services.stop_run(request.auth, queries.run_for(session, run_id)))


@router.post("/sessions/{slug}/schedule/runs/{run_id}/publish", response=RunOut, auth=member_auth, summary="Publish a finished run's schedule atomically; both sides of changed meetings are e-mailed (organisers)")
def publish_run(request: MemberRequest, slug: str, run_id: Id):
    session = _organiser(request, slug)
    run = queries.run_for(session, run_id)
    services.publish_run(request.auth, run)
    run.refresh_from_db()
    return RunOut.of(run)
