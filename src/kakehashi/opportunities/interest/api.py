"""API for expressions of interest, introductions, their threads and outcomes.

Every operation needs a signed-in, approved member (member_auth, then require_approved);
an interest or introduction is found only by its two organisations' members and staff (404
for anyone else); acting for the wrong side is 403; a refused transition is 400 with the
reason. Before an interest is accepted, the owner of an anonymous opportunity is `null`."""

from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, cast

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from kakehashi.accounts import people
from kakehashi.accounts.auth import MemberRequest, member_auth, require_approved
from kakehashi.accounts.people import Viewer
from kakehashi.core import ratelimit
from kakehashi.core.apicontract import ErrorOut
from kakehashi.core.languages import Code
from kakehashi.core.validation import Id, PlainText
from kakehashi.translations import queries as translations

from ..models import Interest, Introduction, IntroductionMessage, Outcome, OutcomeRecord
from . import queries, services

if TYPE_CHECKING:
    from kakehashi.accounts.models import Organisation

router = Router(tags=["expressions of interest"], auth=member_auth)


class PartyOut(Schema):
    slug: str
    name: str
    country: str


class InterestOut(Schema):
    id: int
    side: str | None
    opportunity: str
    opportunity_title: str
    owner: PartyOut | None
    organisation: PartyOut
    sent_by_name: str
    message: str
    state: str
    decline_reason: str
    created_at: datetime
    answered_at: datetime | None
    introduction: int | None
    shown_language: str = Field(default="", description="with ?lang=: the language of the member's text as returned")
    translated_by: str = Field(default="original", description="with ?lang=: original or machine")


def _party(org: "Organisation | None") -> PartyOut | None:
    return PartyOut(slug=org.slug, name=org.name, country=org.country) if org is not None else None


def _interest_out(interest: Interest, viewer: Viewer, owner: "Organisation | None | str" = "lookup",
                  org_ids: frozenset[int] | None = None) -> InterestOut:
    if isinstance(owner, str):  # "lookup"
        owner = queries.owner_for(interest.opportunity, viewer)
    intro = getattr(interest, "introduction", None)
    return InterestOut(
        id=interest.pk, side=queries.side_of(viewer, interest, org_ids), opportunity=interest.opportunity.reference,
        opportunity_title=interest.opportunity.title, owner=_party(owner), organisation=cast(PartyOut, _party(interest.organisation)),
        sent_by_name=interest.sent_by.get_full_name() if interest.sent_by else "", message=interest.message,
        state=interest.state, decline_reason=interest.decline_reason, created_at=interest.created_at,
        answered_at=interest.answered_at, introduction=intro.pk if intro else None,
    )


def _in_language(source: str, field: str, objects: list[Any], outs: list[Any], lang: str | None) -> list[Any]:
    """With `?lang=`: each text in that language when a machine translation is cached."""
    if lang is not None and objects:
        shown = translations.shown_for(None, source, objects, target=lang, original=False)
        for obj, out in zip(objects, outs, strict=True):
            text = shown[obj.pk]
            setattr(out, field, text[field])
            out.shown_language, out.translated_by = text.language, text.origin
    return outs


class BoxFilter(Schema):
    box: Literal["sent", "received"] = "sent"
    lang: Code | None = Field(None, description="the messages in this language when a machine translation is cached")


@router.get("/interests", response=list[InterestOut], summary="Your organisations' expressions of interest, sent or received (approved members)")
def list_interests(request: MemberRequest, filters: Query[BoxFilter]):
    require_approved(request)
    org_ids = queries.organisation_ids_of(request.auth)
    if filters.box == "sent":
        interests = queries.with_owners(list(queries.sent_by_organisations_of(request.auth)), request.auth)
        outs = [_interest_out(i, request.auth, owner=i.opportunity.shown_organisation, org_ids=org_ids) for i in interests]
    else:
        interests = list(queries.received_by_organisations_of(request.auth))
        outs = [_interest_out(i, request.auth, owner=i.opportunity.organisation, org_ids=org_ids) for i in interests]
    return _in_language("interest", "message", interests, outs, filters.lang)


class InterestIn(Schema):
    opportunity: PlainText = Field(..., max_length=16, description="The opportunity's reference, e.g. KK-7F3A9C2D")
    message: PlainText = Field(..., max_length=services.MESSAGE_MAX)
    organisation: PlainText | None = Field(None, max_length=220, description="Slug of the organisation you write for; needed only if you belong to several")


@router.post("/interests", response={201: InterestOut, 404: ErrorOut}, summary="Express interest in a live opportunity for your organisation (approved members of another organisation)")
def create_interest(request: MemberRequest, payload: InterestIn):
    require_approved(request)
    opportunity = queries.live_opportunity_for(request.auth, payload.opportunity)
    organisation = None
    if payload.organisation:
        organisation = people.organisation_by_slug(payload.organisation)
        if organisation is None:
            raise ValidationError({"organisation": [_("You can write only for an approved organisation you belong to.")]})
    ratelimit.check(request.auth, "interest")
    interest = services.express_interest(request.auth, opportunity, message=payload.message, organisation=organisation)
    return Status(201, _interest_out(interest, request.auth))


@router.get("/interests/{interest_id}", response=InterestOut, summary="One expression of interest (its two organisations and staff)")
def get_interest(request: MemberRequest, interest_id: Id, lang: Code | None = None):
    """With `?lang=`: the message in that language when a machine translation is cached."""
    require_approved(request)
    interest = queries.interest_for(request.auth, interest_id)
    return _in_language("interest", "message", [interest], [_interest_out(interest, request.auth)], lang)[0]


@router.post("/interests/{interest_id}/accept", response=InterestOut, summary="Accept: introduces both organisations (the owner's organisation)")
def accept_interest(request: MemberRequest, interest_id: Id):
    require_approved(request)
    interest = queries.interest_for(request.auth, interest_id)
    services.accept_interest(request.auth, interest)
    return _interest_out(queries.interest_for(request.auth, interest_id), request.auth)


class DeclineIn(Schema):
    reason: PlainText = Field(..., max_length=services.MESSAGE_MAX)


@router.post("/interests/{interest_id}/decline", response=InterestOut, summary="Decline with a reason, e-mailed to the sender (the owner's organisation)")
def decline_interest(request: MemberRequest, interest_id: Id, payload: DeclineIn):
    require_approved(request)
    interest = queries.interest_for(request.auth, interest_id)
    return _interest_out(services.decline_interest(request.auth, interest, reason=payload.reason), request.auth)


@router.post("/interests/{interest_id}/withdraw", response=InterestOut, summary="Withdraw a pending expression of interest (the sender's organisation)")
def withdraw_interest(request: MemberRequest, interest_id: Id):
    require_approved(request)
    interest = queries.interest_for(request.auth, interest_id)
    return _interest_out(services.withdraw_interest(request.auth, interest), request.auth)


# --- introductions ------------------------------------------------------------------------------


class ContactOut(PartyOut):
    website: str
    contact_name: str
    contact_email: str


class OutcomeOut(Schema):
    id: int
    outcome: str
    note: str
    organisation: str
    recorded_by_name: str
    created_at: datetime


class IntroductionOut(Schema):
    id: int
    interest: int
    opportunity: str
    opportunity_title: str
    owner: ContactOut
    sender: ContactOut
    created_at: datetime
    outcomes: list[OutcomeOut]


def _contact(org: "Organisation", person: Any) -> ContactOut:
    return ContactOut(
        slug=org.slug, name=org.name, country=org.country, website=org.website,
        contact_name=person.get_full_name() if person else "", contact_email=person.email if person else "",
    )


def _outcome_out(record: OutcomeRecord) -> OutcomeOut:
    return OutcomeOut(
        id=record.pk, outcome=record.outcome, note=record.note, organisation=record.organisation.name,
        recorded_by_name=record.recorded_by.get_full_name() if record.recorded_by else "", created_at=record.created_at,
    )


def _introduction_out(intro: Introduction) -> IntroductionOut:
    interest = intro.interest
    return IntroductionOut(
        id=intro.pk, interest=interest.pk, opportunity=interest.opportunity.reference,
        opportunity_title=interest.opportunity.title,
        owner=_contact(interest.opportunity.organisation, interest.answered_by),
        sender=_contact(interest.organisation, interest.sent_by), created_at=intro.created_at,
        outcomes=[_outcome_out(r) for r in queries.outcomes_of(intro)],
    )


@router.get("/introductions", response=list[IntroductionOut], summary="Introductions of your organisations, with contacts and outcomes (approved members)")
def list_introductions(request: MemberRequest):
    require_approved(request)
    intros = queries.introductions_of(request.auth).select_related("interest__sent_by", "interest__answered_by")
    return [_introduction_out(i) for i in intros]


@router.get("/introductions/{introduction_id}", response=IntroductionOut, summary="One introduction (its two organisations and staff)")
def get_introduction(request: MemberRequest, introduction_id: Id):
    require_approved(request)
    return _introduction_out(queries.introduction_for(request.auth, introduction_id))


class MessageOut(Schema):
    id: int
    author_name: str
    body: str
    created_at: datetime
    shown_language: str = Field(default="", description="with ?lang=: the language of the member's text as returned")
    translated_by: str = Field(default="original", description="with ?lang=: original or machine")


def _message_out(message: IntroductionMessage) -> MessageOut:
    return MessageOut(
        id=message.pk, author_name=message.author.get_full_name() if message.author else "", body=message.body,
        created_at=message.created_at,
    )


@router.get("/introductions/{introduction_id}/messages", response=list[MessageOut], summary="The conversation thread, oldest first (its two organisations and staff)")
def list_messages(request: MemberRequest, introduction_id: Id, lang: Code | None = None):
    """With `?lang=`: each message in that language when a machine translation is cached, else
    as written; `shown_language` and `translated_by` say which."""
    require_approved(request)
    introduction = queries.introduction_for(request.auth, introduction_id)
    messages = list(queries.messages_of(introduction))
    return _in_language("intro_message", "body", messages, [_message_out(m) for m in messages], lang)


class MessageIn(Schema):
    body: PlainText = Field(..., max_length=services.MESSAGE_MAX)


@router.post("/introductions/{introduction_id}/messages", response={201: MessageOut}, summary="Write in the thread; the other side is e-mailed (its two organisations and staff)")
def post_message(request: MemberRequest, introduction_id: Id, payload: MessageIn):
    require_approved(request)
    introduction = queries.introduction_for(request.auth, introduction_id)
    ratelimit.check(request.auth, "message")
    return Status(201, _message_out(services.post_message(request.auth, introduction, body=payload.body)))


class OutcomeIn(Schema):
    outcome: Outcome
    note: PlainText = Field("", max_length=services.NOTE_MAX)


@router.post("/introductions/{introduction_id}/outcomes", response={201: OutcomeOut}, summary="Record what came of the introduction (its two organisations)")
def record_outcome(request: MemberRequest, introduction_id: Id, payload: OutcomeIn):
    require_approved(request)
    introduction = queries.introduction_for(request.auth, introduction_id)
    record = services.record_outcome(request.auth, introduction, outcome=payload.outcome.value, note=payload.note)
    return Status(201, _outcome_out(record))
