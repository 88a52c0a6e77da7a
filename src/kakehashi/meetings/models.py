"""1:1 partner meetings at the sessions of kind "matchmaking".

A session's `Grid` holds the organisers' set-up: blocks of time (UTC), cut into `Slot`s of
`slot_minutes` with `break_minutes` between them, a number of tables (at a venue) or rooms
(online; `None`: as many as needed), a per-participant cap and the mode. `Participant`s are
the session's registered members; they send `MeetingRequest`s (pending → accepted /
declined / expired / cancelled) and mark `Unavailability`. A `ScheduleRun` is one run of the
scheduler (`scheduling.solve`), its proposal kept on the row; publishing it writes the
`Meeting` rows (one per accepted request placed) in one transaction, so everyone sees the
old schedule or the new one. Every instant is stored in UTC.
"""

import datetime as dt
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kakehashi.core.models import TimeStampedModel

MIN_SLOT_MINUTES = 10
MAX_SLOT_MINUTES = 60
MAX_BLOCKS = 12
MAX_SLOTS = 200


def new_room_key() -> str:
    """An unguessable room name (about 96 bits)."""
    return secrets.token_urlsafe(12).replace("_", "x").replace("-", "y")


class Grid(TimeStampedModel):
    """The matchmaking set-up of one session."""

    class Mode(models.TextChoices):
        BUYER_SELLER = "buyer_seller", _("Buyers meet sellers")
        ANY = "any", _("Anyone meets anyone")

    class Place(models.TextChoices):
        TABLES = "tables", _("Tables at the venue")
        ROOMS = "rooms", _("Virtual rooms")

    session = models.OneToOneField("events.Session", on_delete=models.CASCADE, related_name="meeting_grid")
    slot_minutes = models.PositiveSmallIntegerField(
        _("meeting length (minutes)"), default=15,
        validators=[MinValueValidator(MIN_SLOT_MINUTES), MaxValueValidator(MAX_SLOT_MINUTES)],
    )
    break_minutes = models.PositiveSmallIntegerField(
        _("break between meetings (minutes)"), default=5, validators=[MaxValueValidator(60)],
    )
    place = models.CharField(_("meetings take place at"), max_length=10, choices=Place.choices, default=Place.TABLES)
    capacity = models.PositiveIntegerField(
        _("tables or rooms"), null=True, blank=True, validators=[MaxValueValidator(10_000)],
        help_text=_("How many meetings can run at the same time. Empty: no limit (virtual rooms)."),
    )
    cap = models.PositiveSmallIntegerField(
        _("meetings per participant at most"), null=True, blank=True, validators=[MaxValueValidator(200)],
        help_text=_("Empty: no limit."),
    )
    mode = models.CharField(_("who meets whom"), max_length=15, choices=Mode.choices, default=Mode.ANY)
    room_url_template = models.CharField(
        _("video room link"), max_length=300, blank=True,
        help_text=_("A web address with {room} where the room's unguessable name goes, e.g. https://meet.jit.si/kakehashi-{room}"),
    )
    requests_close_at = models.DateTimeField(
        _("requests close"), null=True, blank=True,
        help_text=_("Unanswered requests expire then. Empty: they stay open until the session starts."),
    )
    remind_hours = models.PositiveSmallIntegerField(
        _("remind about unanswered requests (hours before they close)"), default=24, validators=[MaxValueValidator(720)],
    )
    published_run = models.ForeignKey("ScheduleRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("meeting grid")
        verbose_name_plural = _("meeting grids")

    def __str__(self) -> str:
        return f"grid of {self.session}"

    def closes_at(self) -> dt.datetime:
        return self.requests_close_at or self.session.starts_at


class Block(models.Model):
    """One stretch of meeting time, e.g. 10:00–12:00 JST."""

    grid = models.ForeignKey(Grid, on_delete=models.CASCADE, related_name="blocks")
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_block_ends_after_start")]


class Slot(models.Model):
    """One meeting time of the grid, derived from the blocks (kept while its start is kept)."""

    grid = models.ForeignKey(Grid, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [models.UniqueConstraint(fields=["grid", "starts_at"], name="one_slot_per_start")]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} UTC"


class Participant(TimeStampedModel):
    """A registered member taking part in a session's matchmaking, for their organisation."""

    class Role(models.TextChoices):
        BUYER = "buyer", _("Buyer")
        SELLER = "seller", _("Seller")
        OTHER = "other", _("Buyer and seller")

    session = models.ForeignKey("events.Session", on_delete=models.CASCADE, related_name="meeting_participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_participations")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.OTHER)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="one_participation_per_session")]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation}) at {self.session}"


class MeetingRequest(TimeStampedModel):
    class Priority(models.TextChoices):
        MUST = "must", _("Must meet")
        LIKE = "like", _("Would like to meet")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN = (State.PENDING, State.ACCEPTED)

    session = models.ForeignKey("events.Session", on_delete=models.CASCADE, related_name="meeting_requests")
    requester = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="requests_sent")
    receiver = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="requests_received")
    message = models.TextField(_("message"), max_length=2000, blank=True)
    priority = models.CharField(_("priority"), max_length=5, choices=Priority.choices, default=Priority.LIKE)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING, db_index=True)
    fit = models.FloatField(default=0.0)
    answered_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(requester=models.F("receiver")), name="no_meeting_request_to_oneself"),
            models.UniqueConstraint(
                fields=["requester", "receiver"], condition=models.Q(state__in=["pending", "accepted"]),
                name="one_open_request_per_pair",
            ),
        ]
        indexes = [models.Index(fields=["session", "state"])]

    def __str__(self) -> str:
        return f"{self.requester_id} → {self.receiver_id} ({self.state})"


class Unavailability(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="unavailable")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["participant", "slot"], name="one_unavailability_per_slot")]


class ScheduleRun(TimeStampedModel):
    """One run of the scheduler over a session's accepted requests; its result is a proposal
    until an organiser publishes it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        OPTIMAL = "optimal", _("Optimal")
        FEASIBLE = "feasible", _("Best found in the time limit")
        STOPPED = "stopped", _("Stopped: best found so far")
        GREEDY = "greedy", _("Quick schedule")
        FAILED = "failed", _("Could not run")

    FINISHED = (Status.OPTIMAL, Status.FEASIBLE, Status.STOPPED, Status.GREEDY)

    session = models.ForeignKey("events.Session", on_delete=models.CASCADE, related_name="schedule_runs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    time_limit = models.PositiveIntegerField(default=30, validators=[MinValueValidator(1), MaxValueValidator(600)])
    lock_published = models.BooleanField(default=False)  # published meetings keep their slot (else: as few moves as possible)
    stop_requested = models.BooleanField(default=False)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    progress = models.JSONField(default=list, blank=True)  # [[seconds, weight, bound], …]
    weight = models.IntegerField(null=True, blank=True)
    bound = models.IntegerField(null=True, blank=True)
    greedy_weight = models.IntegerField(null=True, blank=True)
    requests_total = models.PositiveIntegerField(default=0)
    assignment = models.JSONField(default=dict, blank=True)  # request id -> slot id
    tables = models.JSONField(default=dict, blank=True)  # request id -> table number
    unplaced = models.JSONField(default=dict, blank=True)  # request id -> reason
    moved = models.JSONField(default=list, blank=True)  # request ids
    problems = models.JSONField(default=list, blank=True)  # [[code, detail], …] from validation
    error = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def placed(self) -> int:
        return len(self.assignment)

    @property
    def gap(self) -> float | None:
        if self.bound is None or self.weight is None:
            return None
        return 0.0 if self.bound == 0 else (self.bound - self.weight) / self.bound

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED


class Meeting(TimeStampedModel):
    """A published meeting: an accepted request in a slot, at a table or in a room."""

    class Outcome(models.TextChoices):
        HELD = "held", _("Meeting held")
        NO_SHOW = "no_show", _("The other side did not come")
        FOLLOW_UP = "follow_up", _("We will follow up")
        NOT_A_FIT = "not_a_fit", _("Not a fit")

    request = models.OneToOneField(MeetingRequest, on_delete=models.CASCADE, related_name="meeting")
    slot = models.ForeignKey(Slot, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings")
    table = models.PositiveIntegerField(null=True, blank=True)
    room_key = models.CharField(max_length=40, default=new_room_key, editable=False)
    cancelled = models.BooleanField(default=False)
    sequence = models.PositiveIntegerField(default=0, help_text="iCalendar SEQUENCE: raised on every change.")
    notified_sequence = models.IntegerField(default=-1)
    outcome_requester = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    outcome_receiver = models.CharField(max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["slot__starts_at", "table", "id"]

    def __str__(self) -> str:
        return f"meeting {self.request_id} in slot {self.slot_id} table {self.table}"

    def room_url(self, template: str) -> str:
        return template.replace("{room}", self.room_key) if template and "{room}" in template else ""
