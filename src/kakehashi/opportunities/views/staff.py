"""Staff of the running body: the review queue (approve, or return with comments)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.accounts.auth import SignedInRequest
from kakehashi.core.forms import service_errors
from kakehashi.core.permissions import staff_only

from .. import queries, services
from ..forms import ReturnForm


@staff_only
def review_queue(request: SignedInRequest) -> HttpResponse:
    return render(request, "opportunities/review_queue.html", {"queue": queries.review_queue(), "return_form": ReturnForm()})


def _back(request: HttpRequest, reference: str) -> HttpResponse:
    """To the queue, or to the opportunity's page when the form was sent from there."""
    if request.POST.get("next") == "detail":
        return redirect("opportunities:detail", reference)
    return redirect("opportunities:review_queue")


@require_POST
@staff_only
def opportunity_approve(request: SignedInRequest, reference: str) -> HttpResponse:
    opportunity = queries.opportunity_for_review(request.user, reference)
    with service_errors(request) as call:
        services.approve(request.user, opportunity)
    if call.ok:
        messages.success(request, _("“%(title)s” is published.") % {"title": opportunity.title})
    return _back(request, reference)


@require_POST
@staff_only
def opportunity_return(request: SignedInRequest, reference: str) -> HttpResponse:
    opportunity = queries.opportunity_for_review(request.user, reference)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        for message in form.errors.get("comment", []):
            messages.error(request, str(message))
        return _back(request, reference)
    with service_errors(request) as call:
        services.return_for_changes(request.user, opportunity, comment=form.cleaned_data["comment"])
    if call.ok:
        messages.success(request, _("“%(title)s” was returned to its owner.") % {"title": opportunity.title})
    return _back(request, reference)
