"""API: an opportunity's ranked matches with their explanations (its organisation and staff),
and what its organisation does with them: save for later, dismiss as not relevant (and undo),
the saved list. Expressing interest in a match is `POST /api/v1/opportunities/interests` (with
`organisation`, the slug of the opportunity's organisation, if you act for several)."""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from ninja import Query, Router, Schema

from kakehashi.accounts.auth import MemberRequest, member_auth, require_approved
from kakehashi.core.apicontract import ErrorOut

from .. import converters  # noqa: F401  (the kkref path converter)
from .. import queries as opportunity_queries
from ..api import REF, OpportunityOut, out_fields
from . import feedback, queries

PAIR = REF + "/matches/{kkref:other}"

router = Router(tags=["matching"])


class Passage(Schema):
    mine: str
    theirs: str
    similarity: float


class Why(Schema):
    semantic: float
    cross_language: bool
    languages: list[str]
    kinds: list[str]
    sectors: dict[str, Any]
    country: dict[str, Any]
    stage: dict[str, Any]
    passages: list[Passage]


class MatchOut(Schema):
    score: float
    strength: str  # "strong", "good" or "possible": the label the page shows
    saved: bool  # the opportunity's organisation saved it for later
    opportunity: OpportunityOut
    why: Why


# operation_id: the published schema's name for this operation, from before it moved here.
@router.get("/" + REF + "/matches", response=list[MatchOut], auth=member_auth,
            operation_id="kakehashi_matching_api_opportunity_matches",
            summary="The opportunity's best complementary live opportunities, each with why it matched "
                    "(members of its organisation and staff)")
def opportunity_matches(request: MemberRequest, reference: str, limit: int = Query(10, ge=1, le=30),
                        dismissed: bool = Query(False, description="List the matches its organisation dismissed instead")):
    require_approved(request)
    viewer = request.auth
    opportunity = opportunity_queries.opportunity_for(viewer, reference)
    if not (opportunity_queries.can_manage(viewer, opportunity) or viewer.is_staff):
        raise PermissionDenied
    return [
        MatchOut(
            score=m.score,
            strength=m.strength,
            saved=m.saved,
            opportunity=OpportunityOut(**out_fields(m.other, m.organisation)),
            why=Why(**{key: m.signals[key] for key in Why.model_fields}),
        )
        for m in queries.matches_for(opportunity, viewer, limit=limit, dismissed=dismissed)
    ]


class FeedbackOut(Schema):
    opportunity: str
    other: str
    saved: bool
    dismissed: bool


def _feedback_out(opportunity, other, verdict: str) -> FeedbackOut:
    return FeedbackOut(opportunity=opportunity.reference, other=other.reference,
                       saved=verdict == feedback.Verdict.SAVED, dismissed=verdict == feedback.Verdict.DISMISSED)


FEEDBACK_RESPONSES = {200: FeedbackOut, 404: ErrorOut}
WHO = " (members acting for the opportunity's organisation; 404 for anyone else, staff included)"


@router.post("/" + PAIR + "/save", response=FEEDBACK_RESPONSES, auth=member_auth,
             summary="Save a match for later" + WHO)
def save_match(request: MemberRequest, reference: str, other: str):
    require_approved(request)
    opportunity, match = queries.pair_for(request.auth, reference, other)
    return _feedback_out(opportunity, match, feedback.save_match(request.auth, opportunity, match).verdict)


@router.delete("/" + PAIR + "/save", response=FEEDBACK_RESPONSES, auth=member_auth,
               summary="Take a match off the saved list" + WHO)
def unsave_match(request: MemberRequest, reference: str, other: str):
    require_approved(request)
    opportunity, match = queries.pair_for(request.auth, reference, other)
    feedback.unsave_match(request.auth, opportunity, match)
    return _feedback_out(opportunity, match, queries.verdict_of(opportunity, match))


@router.post("/" + PAIR + "/dismiss", response=FEEDBACK_RESPONSES, auth=member_auth,
             summary="Dismiss a match as not relevant: hidden from the opportunity's matches" + WHO)
def dismiss_match(request: MemberRequest, reference: str, other: str):
    require_approved(request)
    opportunity, match = queries.pair_for(request.auth, reference, other)
    return _feedback_out(opportunity, match, feedback.dismiss_match(request.auth, opportunity, match).verdict)


@router.delete("/" + PAIR + "/dismiss", response=FEEDBACK_RESPONSES, auth=member_auth,
               summary="Undo a dismissal: the match is shown again" + WHO)
def restore_match(request: MemberRequest, reference: str, other: str):
    require_approved(request)
    opportunity, match = queries.pair_for(request.auth, reference, other)
    feedback.restore_match(request.auth, opportunity, match)
    return _feedback_out(opportunity, match, queries.verdict_of(opportunity, match))


class SavedMatchOut(Schema):
    opportunity: str  # the reference of your organisation's opportunity
    opportunity_title: str
    match: OpportunityOut
    score: float | None  # None: no longer among the opportunity's matches
    strength: str | None
    saved_at: datetime
    saved_by_name: str


@router.get("/matches/saved", response=list[SavedMatchOut], auth=member_auth,
            summary="The matches your organisations saved for later, newest first (approved members)")
def saved_matches(request: MemberRequest):
    require_approved(request)
    return [
        SavedMatchOut(
            opportunity=row.opportunity.reference, opportunity_title=row.opportunity.title,
            match=OpportunityOut(**out_fields(row.other, row.organisation)), score=row.score,
            strength=row.strength or None, saved_at=row.feedback.created_at,
            saved_by_name=row.feedback.user.get_full_name() if row.feedback.user else "",
        )
        for row in queries.saved_for(request.auth)
    ]
