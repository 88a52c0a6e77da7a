"""Every write of meetings: joining a session's marketplace, requests and answers,
availability, the organisers' grid, schedule runs and publishing them, outcomes.

Participants act only on their own rows; organisers (`queries.can_organise`) on their
session's. Each function owns its transaction and audit entry, and queues its e-mails
after commit (`mails.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts import people
from kakehashi.core import audit
from kakehashi.events.models import Session
from kakehashi.opportunities import queries as opportunities
from kakehashi.opportunities.interest import services as introductions
from kakehashi.opportunities.models import Introduction
from kakehashi.opportunities.models import Outcome as IntroductionOutcome

from . import mails, queries, tasks
from .models import MAX_BLOCKS, MAX_SLOTS, Block, Grid, Meeting, MeetingRequest, Participant, ScheduleRun, Slot, Unavailability

if TYPE_CHECKING:
    from kakehashi.accounts.models import Organisation, User

State = MeetingRequest.State
MAX_MESSAGE = 2000
MAX_OPEN_REQUESTS = 100
MAX_TIME_LIMIT = 600


def _require_organiser(actor: User, session: Session) -> None:
    if not queries.can_organise(actor, session):
        raise PermissionDenied


# --- taking part ------------------------------------------------------------------------------


@transaction.atomic
def join(actor: User, session: Session, *, organisation: Organisation | None = None, role: str = Participant.Role.OTHER) -> Participant:
    """A registered member takes part in the session's matchmaking for one of their organisations."""
    if session.kind != Session.Kind.MATCHMAKING:
        raise ValidationError(_("This session has no matchmaking."))
    if not queries.is_registered(actor, session):
        raise ValidationError(_("Register for the session first; then you can request meetings."))
    mine = people.organisations_for(actor)
    if organisation is None:
        organisation = mine.order_by("name").first()
    elif not mine.filter(pk=organisation.pk).exists():
        raise PermissionDenied
    if organisation is None:
        raise ValidationError(_("Join an approved organisation first: meetings are between organisations."))
    if role not in Participant.Role.values:
        raise ValidationError({"role": [_("Choose buyer, seller, or both.")]})
    participant, _created = Participant.objects.update_or_create(
        session=session, user=actor, defaults={"organisation": organisation, "role": role, "active": True},
    )
    audit.record(actor, "meetings.joined", participant)
    return participant


# --- requests ---------------------------------------------------------------------------------


def _requests_open(session: Session) -> bool:
    grid = queries.grid_of(session)
    closes = grid.closes_at() if grid else session.starts_at
    return timezone.now() < closes


def _check_pair(me: Participant, other: Participant, grid: Grid | None) -> None:
    if other.pk == me.pk or other.user_id == me.user_id:
        raise ValidationError(_("You cannot request a meeting with yourself."))
    if other.organisation_id == me.organisation_id:
        raise ValidationError(_("You cannot request a meeting with your own organisation."))
    if grid is not None and grid.mode == Grid.Mode.BUYER_SELLER:
        roles = {me.role, other.role}
        if roles in ({Participant.Role.BUYER}, {Participant.Role.SELLER}):
            raise ValidationError(_("In this session buyers meet sellers: choose someone on the other side."))


def send_request(actor: User, session: Session, *, receiver_id: int, message: str = "", priority: str = "like") -> MeetingRequest:
    """A participant asks another participant of the same session for a meeting."""
    me = queries.participant_of(actor, session)
    if me is None:
        raise PermissionDenied
    other = queries.participants(session).filter(pk=receiver_id).first()
    if other is None:
        raise ValidationError(_("That person does not take part in this session's matchmaking."))
    grid = queries.grid_of(session)
    _check_pair(me, other, grid)
    if priority not in MeetingRequest.Priority.values:
        raise ValidationError({"priority": [_("Choose “must meet” or “would like to meet”.")]})
    message = (message or "").strip()
    if len(message) > MAX_MESSAGE:
        raise ValidationError({"message": [_("Keep the message under %(n)d characters.") % {"n": MAX_MESSAGE}]})
    if not _requests_open(session):
        raise ValidationError(_("Meeting requests for this session are closed."))
    try:
        with transaction.atomic():
            open_between = MeetingRequest.objects.filter(state__in=MeetingRequest.OPEN).filter(
                requester__in=[me, other], receiver__in=[me, other]
            )
            if open_between.exists():
                raise ValidationError(_("There is already an open meeting request between you two."))
            if MeetingRequest.objects.filter(requester=me, state=State.PENDING).count() >= MAX_OPEN_REQUESTS:
                raise ValidationError(_("You have too many unanswered requests; wait for some answers first."))
            fit = queries.fits(me.organisation_id, [other.organisation_id]).get(other.organisation_id, 0.0)
            request = MeetingRequest.objects.create(
                session=session, requester=me, receiver=other, message=message, priority=priority, fit=fit,
            )
            audit.record(actor, "meetings.request_sent", request)
            mails.request_received(request)
    except IntegrityError:  # a concurrent duplicate lost the race on one_open_request_per_pair
        raise ValidationError(_("There is already an open meeting request between you two.")) from None
    return request


def _claim(request: MeetingRequest, from_states: Sequence[str], **changes: Any) -> bool:
    """Move the request by one conditional UPDATE: two answers at once cannot both win."""
    done = MeetingRequest.objects.filter(pk=request.pk, state__in=list(from_states)).update(updated_at=timezone.now(), **changes)
    if done:
        request.refresh_from_db()
    return bool(done)


@transaction.atomic
def answer_request(actor: User, request: MeetingRequest, *, accept: bool) -> MeetingRequest:
    """The receiver accepts or declines a pending request."""
    if request.receiver.user_id != actor.pk or not request.receiver.active:
        raise PermissionDenied
    if not _requests_open(request.session) and accept:
        raise ValidationError(_("Meeting requests for this session are closed."))
    state = State.ACCEPTED if accept else State.DECLINED
    if not _claim(request, [State.PENDING], state=state, answered_at=timezone.now()):
        raise ValidationError(_("This request has already been answered, withdrawn or has expired."))
    audit.record(actor, "meetings.request_accepted" if accept else "meetings.request_declined", request)
    mails.request_answered(request)
    return request


@transaction.atomic
def cancel_request(actor: User, request: MeetingRequest) -> MeetingRequest:
    """Either side withdraws a pending or accepted request; a published meeting is cancelled
    (both sides get the calendar's cancellation)."""
    if actor.pk not in (request.requester.user_id, request.receiver.user_id):
        raise PermissionDenied
    if not _claim(request, list(MeetingRequest.OPEN), state=State.CANCELLED, answered_at=timezone.now()):
        raise ValidationError(_("This request is no longer open."))
    meeting = Meeting.objects.filter(request=request, cancelled=False).first()
    if meeting is not None:
        Meeting.objects.filter(pk=meeting.pk).update(cancelled=True, sequence=meeting.sequence + 1)
        transaction.on_commit(lambda: tasks.notify_agendas.enqueue(session_id=request.session_id))
    audit.record(actor, "meetings.request_cancelled", request)
    return request


# --- availability -----------------------------------------------------------------------------


@transaction.atomic
def set_unavailable(actor: User, session: Session, slot_ids: Iterable[int]) -> list[int]:
    """Replace the participant's list of slots they cannot attend."""
    me = queries.participant_of(actor, session)
    if me is None:
        raise PermissionDenied
    wanted = {int(pk) for pk in slot_ids}
    known = set(queries.slots_of(session).filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - known:
        raise ValidationError({"slots": [_("Choose slots of this session's grid.")]})
    Unavailability.objects.filter(participant=me).exclude(slot_id__in=known).delete()
    Unavailability.objects.bulk_create([Unavailability(participant=me, slot_id=pk) for pk in known], ignore_conflicts=True)
    audit.record(actor, "meetings.availability_set", me, unavailable=len(known))
    return sorted(known)


# --- the grid ---------------------------------------------------------------------------------


def slot_times(blocks: Sequence[tuple[dt.datetime, dt.datetime]], slot_minutes: int, break_minutes: int) -> list[tuple[dt.datetime, dt.datetime]]:
    length, step = dt.timedelta(minutes=slot_minutes), dt.timedelta(minutes=slot_minutes + break_minutes)
    out = []
    for start, end in sorted(blocks):
        at = start
        while at + length <= end:
            out.append((at, at + length))
            at += step
    return out


def check_blocks(session: Session, blocks: Sequence[tuple[dt.datetime, dt.datetime]]) -> None:
    if not blocks:
        raise ValidationError({"blocks": [_("Give at least one block of meeting time.")]})
    if len(blocks) > MAX_BLOCKS:
        raise ValidationError({"blocks": [_("Give at most %(n)d blocks.") % {"n": MAX_BLOCKS}]})
    ordered = sorted(blocks)
    for start, end in ordered:
        if end <= start:
            raise ValidationError({"blocks": [_("Each block must end after it starts.")]})
        if start < session.starts_at or end > session.ends_at:
            raise ValidationError({"blocks": [_("Blocks must lie within the session's time.")]})
    for (_s1, end1), (start2, _e2) in zip(ordered, ordered[1:], strict=False):
        if start2 < end1:
            raise ValidationError({"blocks": [_("Blocks must not overlap.")]})


@transaction.atomic
def save_grid(actor: User, session: Session, *, blocks: Sequence[tuple[dt.datetime, dt.datetime]], **fields: Any) -> Grid:
    """Create or change the session's grid; slots follow the blocks (a slot keeps its id while
    its start is kept, so availability marked on it stays)."""
    _require_organiser(actor, session)
    allowed = {"slot_minutes", "break_minutes", "place", "capacity", "cap", "mode", "room_url_template", "requests_close_at", "remind_hours"}
    if set(fields) - allowed:
        raise ValueError(f"not grid fields: {sorted(set(fields) - allowed)}")
    grid = Grid.objects.select_for_update().filter(session=session).first() or Grid(session=session)
    for key, value in fields.items():
        setattr(grid, key, value)
    errors: dict[str, list[str]] = {}
    if grid.capacity == 0:
        errors["capacity"] = [_("Give at least one table or room, or leave it empty for no limit.")]
    if grid.place == Grid.Place.TABLES and grid.capacity is None:
        errors["capacity"] = [_("Say how many tables the venue has.")]
    if grid.cap == 0:
        errors["cap"] = [_("A cap of 0 meetings leaves nobody a meeting: give at least 1, or leave it empty.")]
    template = grid.room_url_template.strip()
    if template and (not template.startswith("https://") or "{room}" not in template):
        errors["room_url_template"] = [_("Give an https:// address containing {room}.")]
    if errors:
        raise ValidationError(errors)
    check_blocks(session, blocks)
    grid.full_clean(exclude=["session", "published_run"])
    times = slot_times(blocks, grid.slot_minutes, grid.break_minutes)
    if not times:
        raise ValidationError({"blocks": [_("The blocks are too short for one meeting.")]})
    if len(times) > MAX_SLOTS:
        raise ValidationError({"blocks": [_("That makes more than %(n)d slots: use longer meetings or fewer blocks.") % {"n": MAX_SLOTS}]})
    grid.save()
    starts = dict(times)
    dropped = Slot.objects.filter(grid=grid).exclude(starts_at__in=list(starts))
    if Meeting.objects.filter(slot__in=dropped, cancelled=False).exists():
        raise ValidationError({"blocks": [_("Published meetings take place in slots this change removes: keep those times.")]})
    dropped.delete()
    Block.objects.filter(grid=grid).delete()
    Block.objects.bulk_create([Block(grid=grid, starts_at=s, ends_at=e) for s, e in sorted(blocks)])
    existing = {s.starts_at: s for s in Slot.objects.filter(grid=grid)}
    for start, end in starts.items():
        slot = existing.get(start)
        if slot is None:
            Slot.objects.create(grid=grid, starts_at=start, ends_at=end)
        elif slot.ends_at != end:
            Slot.objects.filter(pk=slot.pk).update(ends_at=end)
    audit.record(actor, "meetings.grid_saved", grid, slots=len(starts))
    return grid


# --- schedule runs ----------------------------------------------------------------------------


@transaction.atomic
def start_run(actor: User, session: Session, *, time_limit: int = 30, lock_published: bool = False) -> ScheduleRun:
    """Queue a run of the scheduler; a task runs it (`runs.execute`)."""
    _require_organiser(actor, session)
    if queries.grid_of(session) is None:
        raise ValidationError(_("Set up the grid of meeting times first."))
    if not 1 <= int(time_limit) <= MAX_TIME_LIMIT:
        raise ValidationError({"time_limit": [_("Give a time limit between 1 and %(n)d seconds.") % {"n": MAX_TIME_LIMIT}]})
    if queries.runs_of(session).filter(status__in=[ScheduleRun.Status.QUEUED, ScheduleRun.Status.RUNNING]).exists():
        raise ValidationError(_("A schedule is already being computed for this session; wait for it or stop it."))
    run = ScheduleRun.objects.create(session=session, created_by=actor, time_limit=int(time_limit), lock_published=lock_published)
    audit.record(actor, "meetings.run_started", run)
    transaction.on_commit(lambda: tasks.run_schedule.enqueue(run_id=run.pk))
    return run


@transaction.atomic
def stop_run(actor: User, run: ScheduleRun) -> ScheduleRun:
    """Ask a running run to stop; it keeps the best schedule found so far."""
    _require_organiser(actor, run.session)
    ScheduleRun.objects.filter(pk=run.pk).update(stop_requested=True)
    run.refresh_from_db()
    audit.record(actor, "meetings.run_stopped", run)
    return run


def publish_run(actor: User, run: ScheduleRun) -> int:
    """Make the run's schedule the published one, in one transaction (everyone sees the old
    schedule or the new one). Changed meetings get a new SEQUENCE; both sides of every
    changed meeting are e-mailed once, after commit. Returns how many meetings changed."""
    _require_organiser(actor, run.session)
    with transaction.atomic():
        grid = Grid.objects.select_for_update().get(session=run.session)
        run = ScheduleRun.objects.select_for_update().get(pk=run.pk)
        if not run.is_finished:
            raise ValidationError(_("Only a finished schedule can be published."))
        if grid.published_run_id and run.created_at < ScheduleRun.objects.get(pk=grid.published_run_id).created_at:
            raise ValidationError(_("A newer schedule is already published."))
        changed = apply_schedule(run)
        now = timezone.now()
        run.published_at = now
        run.save(update_fields=["published_at", "updated_at"])
        grid.published_run = run
        grid.published_at = now
        grid.save(update_fields=["published_run", "published_at", "updated_at"])
        audit.record(actor, "meetings.schedule_published", run, changed=changed)
        transaction.on_commit(lambda: tasks.notify_agendas.enqueue(session_id=run.session_id))
    return changed


def apply_schedule(run: ScheduleRun) -> int:
    assignment = {int(k): int(v) for k, v in run.assignment.items()}
    tables = {int(k): int(v) for k, v in run.tables.items()}
    live = set(
        MeetingRequest.objects.filter(session=run.session, state=State.ACCEPTED, pk__in=list(assignment)).values_list("pk", flat=True)
    )
    slots = set(queries.slots_of(run.session).values_list("pk", flat=True))
    changed = 0
    current = {m.request_id: m for m in Meeting.objects.filter(request__session=run.session)}
    for request_id, slot_id in assignment.items():
        if request_id not in live or slot_id not in slots:
            continue  # withdrawn since the run, or its slot is gone: left out
        table = tables.get(request_id)
        meeting = current.pop(request_id, None)
        if meeting is None:
            Meeting.objects.create(request_id=request_id, slot_id=slot_id, table=table)
            changed += 1
        elif meeting.cancelled or meeting.slot_id != slot_id or meeting.table != table:
            Meeting.objects.filter(pk=meeting.pk).update(slot_id=slot_id, table=table, cancelled=False, sequence=meeting.sequence + 1)
            changed += 1
    for meeting in current.values():  # published before, not placed now
        if not meeting.cancelled:
            Meeting.objects.filter(pk=meeting.pk).update(cancelled=True, sequence=meeting.sequence + 1)
            changed += 1
    return changed


# --- after the event --------------------------------------------------------------------------


@transaction.atomic
def record_outcome(actor: User, meeting: Meeting, *, outcome: str) -> Meeting:
    """One side says how the meeting went (held, no-show, follow up, not a fit)."""
    request = meeting.request
    if outcome not in Meeting.Outcome.values:
        raise ValidationError({"outcome": [_("Choose an outcome from the list.")]})
    if meeting.cancelled or meeting.slot is None or meeting.slot.starts_at > timezone.now():
        raise ValidationError(_("You can record an outcome once the meeting has started."))
    if actor.pk == request.requester.user_id:
        meeting.outcome_requester = outcome
    elif actor.pk == request.receiver.user_id:
        meeting.outcome_receiver = outcome
    else:
        raise PermissionDenied
    meeting.save(update_fields=["outcome_requester", "outcome_receiver", "updated_at"])
    audit.record(actor, "meetings.outcome_recorded", meeting, outcome=outcome)
    both = {meeting.outcome_requester, meeting.outcome_receiver} == {Meeting.Outcome.FOLLOW_UP}
    if both and _introduction_of(request) is None:
        _introduce(request)
        _count_on_introduction(request.requester.user, request)  # both said so: the meeting was held
        _count_on_introduction(request.receiver.user, request)
    elif outcome != Meeting.Outcome.NO_SHOW:
        _count_on_introduction(actor, request)
    return meeting


def _introduction_of(request: MeetingRequest) -> Introduction | None:
    pair = {request.requester.organisation_id, request.receiver.organisation_id}
    return (
        Introduction.objects.select_related("interest__opportunity")
        .filter(interest__organisation_id__in=pair, interest__opportunity__organisation_id__in=pair)
        .exclude(interest__organisation_id=F("interest__opportunity__organisation_id"))
        .order_by("-created_at").first()
    )


def _introduce(request: MeetingRequest) -> None:
    """Both sides want to follow up and have no introduction yet: the requester's side
    expresses interest in a live opportunity of the receiver's side (or the other way round)
    and the other side accepts, through the opportunities' own services (their e-mails and
    thread included). Nothing happens when neither side has an opportunity the other may see."""
    a, b = request.requester, request.receiver
    for sender, owner in ((a, b), (b, a)):
        opportunity = (
            opportunities.visible_to(sender.user).filter(organisation_id=owner.organisation_id, status="published")
            .order_by("-published_at").first()
        )
        if opportunity is None:
            continue
        message = _("We met at the matchmaking session “%(title)s” and agreed to follow up.") % {"title": request.session.title}
        try:
            with transaction.atomic():
                interest = introductions.express_interest(sender.user, opportunity, message=message, organisation=sender.organisation)
                introductions.accept_interest(owner.user, interest)
        except (ValidationError, PermissionDenied):
            continue  # e.g. an interest is already open between them: its owner answers it
        return


def _count_on_introduction(actor: User, request: MeetingRequest) -> None:
    """A held meeting counts as "meeting held" on the two organisations' introduction, if
    they have one (once per organisation)."""
    introduction = _introduction_of(request)
    if introduction is None:
        return
    mine = request.requester.organisation_id if actor.pk == request.requester.user_id else request.receiver.organisation_id
    if introduction.outcomes.filter(organisation_id=mine, outcome=IntroductionOutcome.MEETING_HELD).exists():
        return
    introductions.record_outcome(
        actor, introduction, outcome=IntroductionOutcome.MEETING_HELD,
        note=_("Met at the matchmaking session “%(title)s”.") % {"title": request.session.title},
    )
