"""API of the pipeline: applications and their transitions.

Every operation needs a signed-in, approved member. A candidate creates, lists and withdraws
their own applications; the people of the job's organisation list the applications to its
jobs, move them, schedule the interview and keep private notes. An application is found
only by its two sides (404 for anyone else, staff included); a move the caller's side may
not make, or that is not possible from the state, is 400 with the translated reason."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from kakehashi.accounts.auth import MemberRequest, member_auth, require_approved
from kakehashi.core.apicontract import ErrorOut
from kakehashi.core.languages import Code
from kakehashi.core.validation import Id, PlainText
from kakehashi.talent import translation
from kakehashi.talent.models import Job

from . import queries, services, states
from .models import MESSAGE_MAX, NOTE_MAX, REASON_MAX, Application

router = Router(tags=["talent applications"], auth=member_auth)

StateCode = str


class InterviewOut(Schema):
    at: datetime = Field(description="UTC")
    minutes: int
    where: str


class EventOut(Schema):
    at: datetime
    side: str = Field(description="candidate, employer or system")
    source: str = Field(description="the state before (empty when the application was made)")
    target: str


class ApplicationOut(Schema):
    id: int
    side: str = Field(description="the caller's side: candidate or employer")
    job: int
    job_title: str
    organisation: str
    candidate_name: str = Field(description="empty when the candidate deleted their account")
    state: StateCode = Field(description="applied, screening, interview, offer, coe_applied, coe_issued, visa_applied, visa_issued, arrived, employment_started, withdrawn or rejected")
    state_label: str
    account_deleted: bool
    reason: str = Field(description="why it was withdrawn or rejected")
    message: str
    interview: InterviewOut | None
    next: list[str] = Field(description="the states the caller's side may move it to now")
    created_at: datetime
    state_changed_at: datetime
    history: list[EventOut]


class TransitionOut(Schema):
    source: str
    target: str
    sides: list[str]
    needs_reason: bool
    needs_interview: bool = Field(description="made by POST …/interview with the time, not by …/transition")


def _titles(applications: list[Application], lang: str | None) -> dict[int, str]:
    """With `?lang=`: each job's title in that language (the employer's own, a person's version
    or a cached machine translation, else the original), as `GET /talent/jobs?lang=` gives it."""
    if lang is None:
        return {}
    jobs = list({a.job_id: a.job for a in applications}.values())
    return {pk: text.title for pk, text in translation.texts_for(None, jobs, target=lang).items()}


def _out(application: Application, side: str, titles: dict[int, str] | None = None) -> ApplicationOut:
    interview = None
    if application.state == states.INTERVIEW and application.interview_at:
        interview = InterviewOut(at=application.interview_at, minutes=application.interview_minutes, where=application.interview_where)
    moves = [] if application.account_deleted else states.moves_for(application.state, side)
    return ApplicationOut(
        id=application.pk, side=side, job=application.job_id, job_title=(titles or {}).get(application.job_id) or application.job.title_in(get_language() or "en"),
        organisation=application.job.organisation.name,
        candidate_name=application.candidate.user.get_short_name() if application.candidate else "",
        state=application.state, state_label=application.state_label, account_deleted=application.account_deleted,
        reason=application.reason, message=application.message, interview=interview, next=[m.target for m in moves],
        created_at=application.created_at, state_changed_at=application.state_changed_at,
        history=[EventOut(at=e.at, side=e.side, source=e.source, target=e.target) for e in application.events.all()],
    )


@router.get("/transitions", response=list[TransitionOut], summary="The pipeline's allowed transitions and which side may make each")
def list_transitions(request: MemberRequest):
    require_approved(request)
    return [TransitionOut(source=t.source, target=t.target, sides=sorted(t.sides), needs_reason=t.needs_reason,
                          needs_interview=t.needs_interview) for t in states.TRANSITIONS.values()]


@router.get("/applications", response=list[ApplicationOut], summary="Your own applications (candidates)")
def list_my_applications(request: MemberRequest, lang: Code | None = None):
    """With `?lang=`: `job_title` in that language (see `GET /talent/jobs?lang=`)."""
    require_approved(request)
    rows = list(queries.my_applications(request.auth).prefetch_related("events"))
    titles = _titles(rows, lang)
    return [_out(a, states.CANDIDATE, titles) for a in rows]


class ApplyIn(Schema):
    job: Id
    message: PlainText = Field("", max_length=MESSAGE_MAX)


@router.post("/applications", response={201: ApplicationOut, 404: ErrorOut}, summary="Apply to a published job (candidates with a profile)")
def create_application(request: MemberRequest, payload: ApplyIn):
    require_approved(request)
    job = Job.objects.filter(pk=payload.job, status=Job.Status.PUBLISHED).first()
    if job is None:
        raise ValidationError({"job": _("This job is not open for applications.")})
    if queries.own_profile(request.auth) is None:
        raise PermissionDenied
    application = services.apply(request.auth, job, payload.message)
    return Status(201, _out(application, states.CANDIDATE))


@router.get("/jobs/{job_id}/applications", response=list[ApplicationOut], summary="The applications to a job of your organisation (employers)")
def list_job_applications(request: MemberRequest, job_id: Id, lang: Code | None = None):
    """With `?lang=`: `job_title` in that language (see `GET /talent/jobs?lang=`)."""
    require_approved(request)
    job = queries.job_for_employer(request.auth, job_id)
    rows = [a for _s, _l, column in queries.board(job) for a in column]
    titles = _titles(rows, lang)
    return [_out(a, states.EMPLOYER, titles) for a in rows]


@router.get("/applications/{application_id}", response=ApplicationOut, summary="One application (its candidate and the job's organisation)")
def get_application(request: MemberRequest, application_id: Id, lang: Code | None = None):
    """With `?lang=`: `job_title` in that language (see `GET /talent/jobs?lang=`)."""
    require_approved(request)
    application, side = queries.application_for(request.auth, application_id)
    return _out(application, side, _titles([application], lang))


class TransitionIn(Schema):
    target: PlainText = Field(..., max_length=20, description="the state to move to; see GET /talent/transitions")
    reason: PlainText = Field("", max_length=REASON_MAX, description="required to withdraw or reject")


@router.post("/applications/{application_id}/transition", response=ApplicationOut, summary="Move the application (the side the transition belongs to)")
def transition_application(request: MemberRequest, application_id: Id, payload: TransitionIn):
    return _move(request, application_id, payload.target, payload.reason)


def _move(request: MemberRequest, application_id: int, target: str, reason: str) -> ApplicationOut:
    require_approved(request)
    application, side = queries.application_for(request.auth, application_id)
    services.transition(request.auth, application, target, reason=reason)
    return _out(queries.application_for(request.auth, application_id)[0], side)


class ReasonIn(Schema):
    reason: PlainText = Field("", max_length=REASON_MAX)


@router.post("/applications/{application_id}/withdraw", response=ApplicationOut, summary="Withdraw your application with a reason (candidates)")
def withdraw_application(request: MemberRequest, application_id: Id, payload: ReasonIn):
    return _move(request, application_id, states.WITHDRAWN, payload.reason)


class InterviewIn(Schema):
    at: datetime = Field(..., description="ISO 8601 with its offset, e.g. 2027-01-18T10:00:00+09:00")
    minutes: int = Field(30, ge=15, le=480)
    where: PlainText = Field("", max_length=300)


@router.post("/applications/{application_id}/interview", response=ApplicationOut, summary="Schedule or move the interview (employers)")
def schedule_interview(request: MemberRequest, application_id: Id, payload: InterviewIn):
    require_approved(request)
    application, side = queries.application_for(request.auth, application_id)
    services.schedule_interview(request.auth, application, payload.at, payload.minutes, payload.where)
    return _out(queries.application_for(request.auth, application_id)[0], side)


class NoteIn(Schema):
    body: PlainText = Field(..., max_length=NOTE_MAX)


class NoteOut(Schema):
    id: int
    body: str
    author_name: str
    created_at: datetime


@router.get("/applications/{application_id}/notes", response=list[NoteOut], summary="The employer's private notes (employers)")
def list_notes(request: MemberRequest, application_id: Id):
    require_approved(request)
    application, side = queries.application_for(request.auth, application_id)
    if side != states.EMPLOYER:
        raise PermissionDenied
    return [NoteOut(id=n.pk, body=n.body, author_name=n.author.get_short_name() if n.author else "", created_at=n.created_at)
            for n in queries.notes_for(request.auth, application)]


@router.post("/applications/{application_id}/notes", response={201: NoteOut}, summary="Add a private note (employers)")
def add_note(request: MemberRequest, application_id: Id, payload: NoteIn):
    require_approved(request)
    application, _side = queries.application_for(request.auth, application_id)
    note = services.add_note(request.auth, application, payload.body)
    return Status(201, NoteOut(id=note.pk, body=note.body, author_name=request.auth.get_short_name(), created_at=note.created_at))
