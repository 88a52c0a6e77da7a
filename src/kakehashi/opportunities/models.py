"""Partnership opportunities (typed offers and requests, as in EEN's partnering database),
expressions of interest, and the introductions they lead to.

Invariants kept by `services.py`, never by callers: `aim` always follows `kind`; an
opportunity is visible to others only while `status == published` and `expires_on` is today
or later; an anonymous opportunity's organisation is shown to another organisation only once
that organisation has an accepted expression of interest in it.
"""

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kakehashi.core.languages import Language
from kakehashi.core.models import TimeStampedModel

if TYPE_CHECKING:
    from kakehashi.accounts.models import Organisation


class Aim(models.TextChoices):
    CO_INNOVATION = "co_innovation", _("Co-innovation")
    CO_CREATION = "co_creation", _("Co-creation")
    CO_PRODUCTION = "co_production", _("Co-production")
    INVESTMENT = "investment", _("Investment")
    RESEARCH = "research", _("Research")


class Kind(models.TextChoices):
    TECHNOLOGY_OFFER = "technology_offer", _("Technology offer")
    TECHNOLOGY_REQUEST = "technology_request", _("Technology request")
    RND_PARTNER = "rnd_partner", _("Joint R&D partner search")
    BUSINESS_OFFER = "business_offer", _("Business partnership offer")
    BUSINESS_REQUEST = "business_request", _("Business partnership request")
    MANUFACTURING_OFFER = "manufacturing_offer", _("Manufacturing capacity offer")
    SOURCING_REQUEST = "sourcing_request", _("Sourcing / supplier request")
    INVESTMENT_SOUGHT = "investment_sought", _("Investment sought")
    INVESTOR_MANDATE = "investor_mandate", _("Investor mandate")
    ACADEMIC_COLLABORATION = "academic_collaboration", _("Academic collaboration")
    PILOT_CALL = "pilot_call", _("Pilot-project call")


AIM_OF_KIND: dict[str, str] = {
    Kind.TECHNOLOGY_OFFER: Aim.CO_INNOVATION,
    Kind.TECHNOLOGY_REQUEST: Aim.CO_INNOVATION,
    Kind.RND_PARTNER: Aim.CO_INNOVATION,
    Kind.BUSINESS_OFFER: Aim.CO_CREATION,
    Kind.BUSINESS_REQUEST: Aim.CO_CREATION,
    Kind.MANUFACTURING_OFFER: Aim.CO_PRODUCTION,
    Kind.SOURCING_REQUEST: Aim.CO_PRODUCTION,
    Kind.INVESTMENT_SOUGHT: Aim.INVESTMENT,
    Kind.INVESTOR_MANDATE: Aim.INVESTMENT,
    Kind.ACADEMIC_COLLABORATION: Aim.RESEARCH,
    Kind.PILOT_CALL: Aim.RESEARCH,
}

# Which kinds answer which: offer <-> request of the same aim, joint R&D <-> joint R&D,
# investment sought <-> investor mandate, research <-> research/pilot.
COMPLEMENTS: dict[str, frozenset[str]] = {
    Kind.TECHNOLOGY_OFFER: frozenset({Kind.TECHNOLOGY_REQUEST}),
    Kind.TECHNOLOGY_REQUEST: frozenset({Kind.TECHNOLOGY_OFFER}),
    Kind.RND_PARTNER: frozenset({Kind.RND_PARTNER}),
    Kind.BUSINESS_OFFER: frozenset({Kind.BUSINESS_REQUEST}),
    Kind.BUSINESS_REQUEST: frozenset({Kind.BUSINESS_OFFER}),
    Kind.MANUFACTURING_OFFER: frozenset({Kind.SOURCING_REQUEST}),
    Kind.SOURCING_REQUEST: frozenset({Kind.MANUFACTURING_OFFER}),
    Kind.INVESTMENT_SOUGHT: frozenset({Kind.INVESTOR_MANDATE}),
    Kind.INVESTOR_MANDATE: frozenset({Kind.INVESTMENT_SOUGHT}),
    Kind.ACADEMIC_COLLABORATION: frozenset({Kind.ACADEMIC_COLLABORATION, Kind.PILOT_CALL}),
    Kind.PILOT_CALL: frozenset({Kind.ACADEMIC_COLLABORATION, Kind.PILOT_CALL}),
}

INVESTMENT_KINDS = frozenset({Kind.INVESTMENT_SOUGHT, Kind.INVESTOR_MANDATE})
TRL_KINDS = frozenset({Kind.TECHNOLOGY_OFFER, Kind.TECHNOLOGY_REQUEST, Kind.RND_PARTNER, Kind.PILOT_CALL})


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")
    ANONYMOUS = "anonymous", _("Anonymous (organisation hidden until you accept interest)")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned with comments")
    PUBLISHED = "published", _("Published")
    EXPIRED = "expired", _("Expired")
    CLOSED = "closed", _("Closed")


class CompanyStage(models.TextChoices):
    IDEA = "idea", _("Idea")
    SEED = "seed", _("Seed")
    EARLY = "early", _("Early stage (Series A)")
    GROWTH = "growth", _("Growth (Series B+)")
    MATURE = "mature", _("Established company")


class Outcome(models.TextChoices):
    MEETING_HELD = "meeting_held", _("Meeting held")
    NDA_SIGNED = "nda_signed", _("NDA signed")
    PILOT_STARTED = "pilot_started", _("Pilot started")
    PARTNERSHIP_FORMED = "partnership_formed", _("Partnership formed")
    INVESTMENT_MADE = "investment_made", _("Investment made")
    NO_FIT = "no_fit", _("No fit")


def new_reference() -> str:
    """The code an anonymous opportunity is known by, e.g. KK-7F3A9C2D (no organisation in it)."""
    return "KK-" + secrets.token_hex(4).upper()


class Opportunity(TimeStampedModel):
    # Set on a loaded row for templates and the API (queries.with_owner_display): the owner as
    # the viewer may see it, None while it is anonymous to them. Not a field.
    shown_organisation: "Organisation | None"

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="opportunities", verbose_name=_("organisation")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("created by")
    )
    reference = models.CharField(_("reference"), max_length=16, unique=True, default=new_reference, editable=False)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    aim = models.CharField(_("aim"), max_length=20, choices=Aim.choices, editable=False)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=600)
    details = models.TextField(_("details"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.EN)
    sectors = models.ManyToManyField("core.Sector", related_name="opportunities", blank=True, verbose_name=_("sectors"))
    # ISO 3166-1 alpha-2 codes; empty means "any country".
    target_countries = models.JSONField(_("target countries"), default=list, blank=True)
    trl = models.PositiveSmallIntegerField(_("technology readiness level (1–9)"), null=True, blank=True)
    company_stage = models.CharField(_("company stage"), max_length=10, choices=CompanyStage.choices, blank=True)
    ticket_min_usd = models.PositiveBigIntegerField(_("ticket size from (USD)"), null=True, blank=True)
    ticket_max_usd = models.PositiveBigIntegerField(_("ticket size to (USD)"), null=True, blank=True)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS)
    expires_on = models.DateField(_("expires on"))
    notify_matches = models.BooleanField(_("e-mail me new strong matches"), default=True)

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    review_comment = models.TextField(_("review comments"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    expiry_reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "expires_on"]),
            models.Index(fields=["kind", "status"]),
            models.Index(fields=["aim", "status"]),
        ]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def save(self, *args, **kwargs):
        self.aim = AIM_OF_KIND[self.kind]
        super().save(*args, **kwargs)

    @property
    def is_live(self) -> bool:
        return self.status == Status.PUBLISHED and self.expires_on >= timezone.localdate()

    @property
    def text_for_matching(self) -> str:
        return "\n".join(part for part in (self.title, self.summary, self.details) if part)


def live_q(prefix: str = "") -> Q:
    """Published and not past its expiry date (expiry takes effect the day after)."""
    return Q(**{f"{prefix}status": Status.PUBLISHED, f"{prefix}expires_on__gte": timezone.localdate()})


class Interest(TimeStampedModel):
    """An expression of interest: one organisation asks to be introduced to an opportunity's owner."""

    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired unanswered")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="interests")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="interests_sent")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    message = models.TextField(_("message"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True)
    decline_reason = models.TextField(_("reason"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One open expression per organisation and opportunity.
            models.UniqueConstraint(
                fields=["opportunity", "organisation"],
                condition=Q(state__in=["pending", "accepted"]),
                name="one_open_interest_per_organisation",
            )
        ]
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")


class Introduction(TimeStampedModel):
    """Made when the owner accepts an expression of interest: both sides have each other's
    contact details and a private conversation thread."""

    # Set by the introductions page on the rows it shows. Not a field.
    latest_outcome: "OutcomeRecord | None"

    interest = models.OneToOneField(Interest, on_delete=models.CASCADE, related_name="introduction")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("introduction")


class IntroductionMessage(TimeStampedModel):
    introduction = models.ForeignKey(Introduction, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("message"))

    class Meta:
        ordering = ["created_at", "id"]


class OutcomeRecord(TimeStampedModel):
    """What came of an introduction, as one side reports it (several over time)."""

    introduction = models.ForeignKey(Introduction, on_delete=models.CASCADE, related_name="outcomes")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["created_at", "id"]


class Match(models.Model):
    """`opportunity` matches `other` with `score` (0–1) for the reasons in `signals`: the
    ranked, explained matches of a live opportunity (`matches/`). The table keeps the name it
    had when the matching engine owned this model, so no data moved."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="matches")
    other = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    signals = models.JSONField(default=dict)
    computed_at = models.DateTimeField(default=timezone.now)
    first_seen_at = models.DateTimeField(default=timezone.now)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "matching_match"
        ordering = ["-score", "id"]
        constraints = [models.UniqueConstraint(fields=["opportunity", "other"], name="one_match_per_pair")]


class MatchedPair(models.Model):
    """Two opportunities that were matched at some point, and when that first happened. A
    `Match` row is replaced whenever matches are recomputed (an edit, a pause, a reindex with
    a new model), so its `first_seen_at` can move; this row is written once per pair (`low`
    has the smaller id) and never updated, so figures over time count a pair in the month it
    was first matched. It goes only with either opportunity."""

    low = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="+")
    high = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="+")
    first_matched_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["first_matched_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["low", "high"], name="one_matched_pair"),
            models.CheckConstraint(condition=Q(low__lt=models.F("high")), name="matched_pair_ordered"),
        ]


class MatchFeedback(models.Model):
    """What the owning organisation made of one of its opportunity's matches: saved for later
    or dismissed as not relevant. Keyed by the pair, not by `Match`, so it survives the
    matches being recomputed (`matches/services.py` replaces the rows). One verdict per pair,
    shared by everyone acting for the opportunity's organisation; `user` is who gave it.
    `score` is the match's score when the verdict was given (the programme view's strength
    label of a dismissal whose match has since gone)."""

    class Verdict(models.TextChoices):
        SAVED = "saved", _("Saved")
        DISMISSED = "dismissed", _("Not relevant")

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="match_feedback")
    other = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    score = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["opportunity", "other"], name="one_feedback_per_match")]
        indexes = [models.Index(fields=["verdict", "opportunity"])]
        verbose_name = _("match feedback")
