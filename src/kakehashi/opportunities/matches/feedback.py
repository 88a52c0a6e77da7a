"""Every write of match feedback: what an organisation makes of its opportunity's matches.

- `save_match` / `unsave_match`: keep a match for later (listed on the saved-matches page).
- `dismiss_match` / `restore_match`: "not relevant" hides the match from the opportunity's
  list from then on; restoring shows it again.

A verdict belongs to the opportunity's organisation (everyone acting for it shares it; the
row keeps who gave it) and is keyed by the pair (opportunity, other), so it survives the
`Match` rows being recomputed. A pair has one verdict: dismissing a saved match unsaves it,
saving a dismissed one restores it. Only approved members acting for the opportunity's
organisation may give one (staff read, they do not act for an organisation).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts import people
from kakehashi.core import audit

from ..models import Match, MatchFeedback, Opportunity

if TYPE_CHECKING:
    from kakehashi.accounts.models import User

Verdict = MatchFeedback.Verdict


def _require_acting(user: User, opportunity: Opportunity) -> None:
    if not people.is_approved_member(user) or not people.acts_for(user, opportunity.organisation_id):
        raise PermissionDenied


def _give(user: User, opportunity: Opportunity, other: Opportunity, verdict: str) -> MatchFeedback:
    _require_acting(user, opportunity)
    match = Match.objects.filter(opportunity=opportunity, other=other).only("score").first()
    if match is None:
        raise ValidationError(_("This match is no longer listed."))
    feedback, _created = MatchFeedback.objects.update_or_create(
        opportunity=opportunity, other=other,
        defaults={"verdict": verdict, "user": user, "score": match.score, "created_at": timezone.now()},
    )
    audit.record(user, f"match.{verdict}", opportunity, other=other.pk)
    return feedback


def _take_back(user: User, opportunity: Opportunity, other: Opportunity, verdict: str, action: str) -> bool:
    _require_acting(user, opportunity)
    deleted, _rows = MatchFeedback.objects.filter(opportunity=opportunity, other=other, verdict=verdict).delete()
    if deleted:
        audit.record(user, f"match.{action}", opportunity, other=other.pk)
    return bool(deleted)


@transaction.atomic
def save_match(user: User, opportunity: Opportunity, other: Opportunity) -> MatchFeedback:
    """Keep `other` on the organisation's saved list (and show it again if it was dismissed)."""
    return _give(user, opportunity, other, Verdict.SAVED)


@transaction.atomic
def unsave_match(user: User, opportunity: Opportunity, other: Opportunity) -> bool:
    """Take `other` off the saved list; False if it was not saved."""
    return _take_back(user, opportunity, other, Verdict.SAVED, "unsaved")


@transaction.atomic
def dismiss_match(user: User, opportunity: Opportunity, other: Opportunity) -> MatchFeedback:
    """"Not relevant": hide `other` from the opportunity's matches (and from the saved list)."""
    return _give(user, opportunity, other, Verdict.DISMISSED)


@transaction.atomic
def restore_match(user: User, opportunity: Opportunity, other: Opportunity) -> bool:
    """Undo a dismissal; False if it was not dismissed."""
    return _take_back(user, opportunity, other, Verdict.DISMISSED, "restored")
