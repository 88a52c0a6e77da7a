"""API: an opportunity's ranked matches with their explanations (its organisation and staff)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from ninja import Query, Router, Schema

from kakehashi.accounts.auth import MemberRequest, member_auth, require_approved

from .. import converters  # noqa: F401  (the kkref path converter)
from .. import queries as opportunity_queries
from ..api import REF, OpportunityOut, out_fields
from . import queries

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
    opportunity: OpportunityOut
    why: Why


# operation_id: the published schema's name for this operation, from before it moved here.
@router.get("/" + REF + "/matches", response=list[MatchOut], auth=member_auth,
            operation_id="kakehashi_matching_api_opportunity_matches",
            summary="The opportunity's best complementary live opportunities, each with why it matched "
                    "(members of its organisation and staff)")
def opportunity_matches(request: MemberRequest, reference: str, limit: int = Query(10, ge=1, le=30)):
    require_approved(request)
    viewer = request.auth
    opportunity = opportunity_queries.opportunity_for(viewer, reference)
    if not (opportunity_queries.can_manage(viewer, opportunity) or viewer.is_staff):
        raise PermissionDenied
    return [
        MatchOut(
            score=m.score,
            opportunity=OpportunityOut(**out_fields(m.other, m.organisation)),
            why=Why(**{key: m.signals[key] for key in Why.model_fields}),
        )
        for m in queries.matches_for(opportunity, viewer, limit=limit)
    ]
