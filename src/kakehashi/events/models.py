"""Session series, sessions, speakers, registration, waitlist, reminders and feedback.

All instants are stored in UTC; a session keeps its own zone (`timezone`) for the organiser's
form, the venue's local time and the calendar file. Seats are counted from the confirmed
registrations of a session, under a row lock on the session (see `registration.py`).
"""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kakehashi.core.languages import CODES, LANGUAGES
from kakehashi.core.models import TimeStampedModel
from kakehashi.core.timezones import all_zones

WEB_URL = URLValidator(schemes=["http", "https"], message=_("Enter a web address starting with http:// or https://."))
DEFAULT_REMINDERS = [24 * 60, 60]  # minutes before the start
MAX_REMINDERS = 5
MAX_REMINDER_MINUTES = 30 * 24 * 60
MAX_LENGTH = dt.timedelta(days=14)


def default_reminders() -> list[int]:
    return list(DEFAULT_REMINDERS)


class Series(TimeStampedModel):
    """A series of sessions with its own landing page and feeds. Run by an organisation
    (its owners and admins organise it) or, without one, by the staff of the running body."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    description = models.TextField(_("description"), max_length=20_000, blank=True, help_text=_("Markdown: **bold**, *italic*, lists, links."))
    description_html = models.TextField(editable=False, blank=True)
    language = models.CharField(_("language of the description"), max_length=5, choices=LANGUAGES, default="en")
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="event_series",
        verbose_name=_("organising organisation"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["title"]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:series", args=[self.slug])


class SeriesFollow(models.Model):
    """'Tell me about this series': e-mails when a recording is published."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="series_follows")
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="follows")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "series"], name="one_follow_per_series")]


class Speaker(TimeStampedModel):
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title or role"), max_length=200, blank=True, help_text=_("e.g. Ambassador of India to Japan"))
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    bio = models.TextField(_("biography"), max_length=5000, blank=True)
    photo = models.ImageField(_("photo"), upload_to="events/speakers/", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self) -> str:
        return self.name


class Session(TimeStampedModel):
    class Kind(models.TextChoices):
        DIGITAL = "digital_session", _("Digital session")
        WORKSHOP = "workshop", _("Workshop")
        MATCHMAKING = "matchmaking", _("Matchmaking session")
        IN_PERSON = "in_person", _("In-person meeting")
        HYBRID = "hybrid_meeting", _("Hybrid meeting")

    class Format(models.TextChoices):
        ONLINE = "online", _("Online")
        VENUE = "venue", _("At a venue")
        HYBRID = "hybrid", _("Online and at a venue")

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("series"))
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(max_length=320, unique=True)
    abstract = models.TextField(_("abstract"), max_length=20_000, blank=True, help_text=_("Markdown: **bold**, *italic*, lists, links."))
    abstract_html = models.TextField(editable=False, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DIGITAL)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    timezone = models.CharField(_("time zone of the session"), max_length=64, default="Asia/Kolkata")
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, default=Format.ONLINE)
    online_url = models.CharField(
        _("joining link"), max_length=500, blank=True, validators=[WEB_URL],
        help_text=_("Shown only to confirmed registrants and organisers."),
    )
    venue = models.TextField(_("venue address"), max_length=1000, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100_000)],
        help_text=_("Empty: no limit."),
    )
    visitors_may_register = models.BooleanField(_("visitors may register"), default=False, help_text=_("People without an account register with their e-mail address, which they confirm."))
    published = models.BooleanField(_("published"), default=True)
    recorded = models.BooleanField(_("recorded"), default=False)
    recording_url = models.CharField(_("recording link"), max_length=500, blank=True, validators=[WEB_URL])
    recording_added_at = models.DateTimeField(null=True, blank=True, editable=False)
    writeup_post = models.ForeignKey(
        "community.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="event_sessions",
        verbose_name=_("write-up post"),
    )
    speakers = models.ManyToManyField(Speaker, blank=True, related_name="sessions", verbose_name=_("speakers"))
    reminder_offsets = models.JSONField(default=default_reminders, blank=True, help_text="Minutes before the start.")
    feedback_survey = models.BooleanField(_("e-mail a feedback survey after the session"), default=True)
    feedback_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False, help_text="iCalendar SEQUENCE: raised when the time changes.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["published", "starts_at"])]
        constraints = [models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:session", args=[self.slug])

    def clean(self) -> None:
        """The invariants every write path checks (forms, API, services) with full_clean()."""
        errors: dict[str, list] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = [_("The session must end after it starts.")]
        if self.starts_at and self.ends_at and self.ends_at - self.starts_at > MAX_LENGTH:
            errors["ends_at"] = [_("A session can last at most 14 days.")]
        if self.timezone not in all_zones():
            errors["timezone"] = [_("Choose a time zone from the list.")]
        codes = set(CODES)
        if not isinstance(self.languages, list) or any(code not in codes for code in self.languages):
            errors["languages"] = [_("Choose languages from the list.")]
        offsets = self.reminder_offsets
        if (
            not isinstance(offsets, list)
            or len(offsets) > MAX_REMINDERS
            or any(not isinstance(m, int) or isinstance(m, bool) or not 1 <= m <= MAX_REMINDER_MINUTES for m in offsets)
        ):
            errors["reminder_offsets"] = [
                _("Give at most %(n)d reminders, each between 1 minute and 30 days before the start.") % {"n": MAX_REMINDERS}
            ]
        if self.format in (self.Format.VENUE, self.Format.HYBRID) and not self.venue.strip():
            errors["venue"] = [_("Give the venue's address for a session held at a venue.")]
        if errors:
            raise ValidationError(errors)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_online(self) -> bool:
        return self.format in (self.Format.ONLINE, self.Format.HYBRID)

    @property
    def has_venue(self) -> bool:
        return self.format in (self.Format.VENUE, self.Format.HYBRID)

    @property
    def reminder_hours(self) -> list[float]:
        return [m / 60 for m in self.reminder_offsets]


class Question(models.Model):
    """A registration question of one session, answered in free text."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=300)
    required = models.BooleanField(_("an answer is required"), default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class Registration(TimeStampedModel):
    """One person (a member, or a visitor by e-mail address) for one session.

    Visitors start as `pending` and hold no seat until they confirm their address; then,
    like members, they are `confirmed` (a seat) or `waitlisted` (in order of `waitlisted_at`).
    A cancelled row is reused if the person registers again."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for e-mail confirmation")
        CONFIRMED = "confirmed", _("Registered")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="event_registrations")
    email = models.EmailField(_("e-mail address"), max_length=254)
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(max_length=5, choices=LANGUAGES, default="en")
    timezone = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "email"], name="one_registration_per_email")]
        indexes = [models.Index(fields=["session", "status", "waitlisted_at"])]

    def __str__(self) -> str:
        return f"{self.name} → {self.session} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.CONFIRMED, self.Status.WAITLISTED)


class Answer(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(max_length=2000, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registration", "question"], name="one_answer_per_question")]


class Reminder(models.Model):
    """One reminder e-mail, due `offset_minutes` before the start. Claimed by one conditional
    UPDATE (pending → sent) in the same transaction as its e-mail, so it is sent once."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Skipped")
        CANCELLED = "cancelled", _("Cancelled")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="reminders")
    offset_minutes = models.PositiveIntegerField()
    due_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at"]
        constraints = [models.UniqueConstraint(fields=["registration", "offset_minutes"], name="one_reminder_per_offset")]
        indexes = [models.Index(fields=["state", "due_at"])]


class Announcement(TimeStampedModel):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="announcements")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=5000)
    include_waitlist = models.BooleanField(_("also send to the waiting list"), default=False)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]


class Feedback(models.Model):
    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(_("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5")]
