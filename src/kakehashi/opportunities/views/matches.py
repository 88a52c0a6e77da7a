"""What an organisation does with its opportunity's matches, from the match cards on the
opportunity page: express interest, save for later, dismiss as not relevant (and undo), and
the page of saved matches.

Only approved members acting for the opportunity's organisation may act
(`matches.queries.pair_for`: 404 for anyone else, staff included); every action is a POST
(405 otherwise) that redirects back to the card, so the cards work without script.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.accounts import people
from kakehashi.accounts.auth import SignedInRequest
from kakehashi.core import ratelimit
from kakehashi.core.forms import service_errors
from kakehashi.core.permissions import approved_member

from ..interest import queries as interest_queries
from ..interest import services as interest_services
from ..interest.forms import InterestForm
from ..matches import feedback, queries
from ..models import Opportunity


def _card(opportunity: Opportunity, other: Opportunity, anchor: str = "", query: str = "") -> HttpResponse:
    url = reverse("opportunities:detail", args=[opportunity.reference])
    return redirect(f"{url}{query}#{anchor or 'match-' + other.reference}")


def _back(request: SignedInRequest, opportunity: Opportunity, other: Opportunity, **kwargs: str) -> HttpResponse:
    """To the saved-matches page when the form was sent from there, else to the card."""
    if request.POST.get("next") == "saved":
        return redirect("opportunities:saved_matches")
    return _card(opportunity, other, **kwargs)


@require_POST
@approved_member
def match_save(request: SignedInRequest, reference: str, other: str) -> HttpResponse:
    opportunity, match = queries.pair_for(request.user, reference, other)
    with service_errors(request) as call:
        feedback.save_match(request.user, opportunity, match)
    if call.ok:
        messages.success(request, _("Saved. Your organisation's saved matches are listed under “Saved matches”."))
    return _back(request, opportunity, match)


@require_POST
@approved_member
def match_unsave(request: SignedInRequest, reference: str, other: str) -> HttpResponse:
    opportunity, match = queries.pair_for(request.user, reference, other)
    feedback.unsave_match(request.user, opportunity, match)
    messages.success(request, _("Removed from the saved matches."))
    return _back(request, opportunity, match)


@require_POST
@approved_member
def match_dismiss(request: SignedInRequest, reference: str, other: str) -> HttpResponse:
    opportunity, match = queries.pair_for(request.user, reference, other)
    with service_errors(request) as call:
        feedback.dismiss_match(request.user, opportunity, match)
    if not call.ok:
        return _card(opportunity, match)
    return _card(opportunity, match, anchor="matches", query=f"?undo={match.reference}")


@require_POST
@approved_member
def match_restore(request: SignedInRequest, reference: str, other: str) -> HttpResponse:
    opportunity, match = queries.pair_for(request.user, reference, other)
    if feedback.restore_match(request.user, opportunity, match):
        messages.success(request, _("The match is shown again."))
    return _card(opportunity, match)


@require_POST
@approved_member
def match_interest(request: SignedInRequest, reference: str, other: str) -> HttpResponse:
    """Express interest in a match for the opportunity's organisation: the same form, service,
    rate limit and answers as the opportunity page's; back to the card when it was sent,
    else the expression-of-interest page with the errors."""
    opportunity, match = queries.pair_for(request.user, reference, other)
    organisations = people.organisations_for(request.user).filter(pk=opportunity.organisation_id)
    form = InterestForm(request.POST, organisations=organisations)
    status = 400
    if form.is_valid():
        with service_errors(form) as call:
            ratelimit.check(request.user, "interest")
            interest_services.express_interest(
                request.user, match, message=form.cleaned_data["message"], organisation=opportunity.organisation
            )
        status = call.status
        if call.ok:
            messages.success(request, _("Your expression of interest was sent. The owner has 21 days to answer."))
            return _card(opportunity, match)
    return render(
        request,
        "opportunities/interest/create.html",
        {
            "opportunity": match, "form": form, "own": False,
            "existing": interest_queries.open_interest_of(request.user, match),
            "can_send": organisations.exists() and match.is_live,
            "owner": interest_queries.owner_for(match, request.user),
        },
        status=status,
    )


@approved_member
def saved_matches(request: SignedInRequest) -> HttpResponse:
    """The matches the member's organisations saved for later, newest first."""
    return render(request, "opportunities/saved_matches.html", {"saved": queries.saved_for(request.user)})
