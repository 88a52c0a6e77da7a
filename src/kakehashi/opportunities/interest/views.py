"""Pages for expressions of interest, introductions and their conversation threads."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.accounts.auth import SignedInRequest
from kakehashi.core import ratelimit
from kakehashi.core.forms import service_errors
from kakehashi.core.permissions import approved_member
from kakehashi.notices import services as notices
from kakehashi.translations import queries as translations

from . import queries, services
from .forms import DeclineForm, InterestForm, MessageForm, OutcomeForm


@approved_member
def interest_create(request: SignedInRequest, reference: str) -> HttpResponse:
    """The form to express interest (also reached from the panel on the opportunity page)."""
    opportunity = queries.live_opportunity_for(request.user, reference)
    organisations = queries.sending_organisations(request.user, opportunity)
    existing = queries.open_interest_of(request.user, opportunity)
    form = InterestForm(request.POST or None, organisations=organisations)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            with service_errors(form) as call:
                ratelimit.check(request.user, "interest")
                interest = services.express_interest(
                    request.user, opportunity, message=form.cleaned_data["message"],
                    organisation=form.cleaned_data["organisation"],
                )
            status = call.status
            if call.ok:
                messages.success(request, _("Your expression of interest was sent. The owner has 21 days to answer."))
                return redirect("opportunities:interest_detail", interest.pk)
    own = opportunity.organisation_id in queries.organisation_ids_of(request.user)
    return render(
        request,
        "opportunities/interest/create.html",
        {
            "opportunity": opportunity, "form": form, "existing": existing, "own": own,
            "can_send": organisations.exists() and existing is None,
            "owner": queries.owner_for(opportunity, request.user),
        },
        status=status,
    )


def _detail(request: HttpRequest, interest, decline_form: DeclineForm | None = None, status: int = 200) -> HttpResponse:
    side = queries.side_of(request.user, interest)
    pending = interest.state == interest.State.PENDING
    return render(
        request,
        "opportunities/interest/detail.html",
        {
            "interest": interest,
            "shown": translations.shown_one(request, "interest", interest),
            "opportunity": interest.opportunity,
            "side": side,
            "owner": queries.owner_for(interest.opportunity, request.user),
            "can_answer": side == "owner" and pending,
            "can_withdraw": side == "sender" and pending,
            "decline_form": decline_form or DeclineForm(),
            "introduction": getattr(interest, "introduction", None),
        },
        status=status,
    )


@approved_member
def interest_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    interest = queries.interest_for(request.user, pk)
    notices.mark_read_at(request.user, request.path)  # the place is seen: its notices are read
    return _detail(request, interest)


@require_POST
@approved_member
def interest_accept(request: SignedInRequest, pk: int) -> HttpResponse:
    interest = queries.interest_for(request.user, pk)
    with service_errors(request) as call:
        introduction = services.accept_interest(request.user, interest)
    if not call.ok:
        return redirect("opportunities:interest_detail", interest.pk)
    messages.success(request, _("Accepted. You are introduced: both organisations were e-mailed each other's contact details."))
    return redirect("opportunities:intro_thread", introduction.pk)


@approved_member
def interest_decline(request: SignedInRequest, pk: int) -> HttpResponse:
    interest = queries.interest_for(request.user, pk)
    if request.method != "POST":
        return _detail(request, interest)
    form = DeclineForm(request.POST)
    if form.is_valid():
        with service_errors(form) as call:
            services.decline_interest(request.user, interest, reason=form.cleaned_data["reason"])
        if call.ok:
            messages.success(request, _("Declined. The sender's organisation was e-mailed your reason."))
            return redirect("opportunities:interest_detail", interest.pk)
    return _detail(request, interest, decline_form=form, status=400)


@require_POST
@approved_member
def interest_withdraw(request: SignedInRequest, pk: int) -> HttpResponse:
    interest = queries.interest_for(request.user, pk)
    with service_errors(request) as call:
        services.withdraw_interest(request.user, interest)
    if call.ok:
        messages.success(request, _("Your expression of interest was withdrawn."))
    return redirect("opportunities:interest_detail", interest.pk)


@approved_member
def mine(request: SignedInRequest) -> HttpResponse:
    """My organisations' interests: sent, received, and the introductions they led to."""
    sent = queries.with_owners(list(queries.sent_by_organisations_of(request.user)), request.user)
    introductions = list(queries.introductions_of(request.user))
    for intro in introductions:
        intro.latest_outcome = ([None, *intro.outcomes.all()])[-1]
    return render(
        request,
        "opportunities/interest/mine.html",
        {
            "sent": sent,
            "received": queries.received_by_organisations_of(request.user),
            "introductions": introductions,
        },
    )


# --- introductions ------------------------------------------------------------------------------


def _thread(request: HttpRequest, introduction, message_form=None, outcome_form=None, status: int = 200) -> HttpResponse:
    interest = introduction.interest
    thread = list(queries.messages_of(introduction))
    translations.attach(request, "intro_message", thread)
    return render(
        request,
        "opportunities/interest/thread.html",
        {
            "introduction": introduction,
            "interest": interest,
            "shown": translations.shown_one(request, "interest", interest),
            "opportunity": interest.opportunity,
            "thread": thread,
            "outcomes": queries.outcomes_of(introduction),
            "message_form": message_form or MessageForm(),
            "outcome_form": outcome_form or OutcomeForm(),
            "side": queries.side_of(request.user, interest),
            "parties": [
                (interest.opportunity.organisation, interest.answered_by),
                (interest.organisation, interest.sent_by),
            ],
        },
        status=status,
    )


@approved_member
def intro_thread(request: SignedInRequest, pk: int) -> HttpResponse:
    introduction = queries.introduction_for(request.user, pk)
    notices.mark_read_at(request.user, request.path)  # its messages and the acceptance are read
    return _thread(request, introduction)


@require_POST
@approved_member
def intro_message(request: SignedInRequest, pk: int) -> HttpResponse:
    introduction = queries.introduction_for(request.user, pk)
    form = MessageForm(request.POST)
    status = 400
    if form.is_valid():
        with service_errors(form) as call:
            ratelimit.check(request.user, "message")
            message = services.post_message(request.user, introduction, body=form.cleaned_data["body"])
        status = call.status
        if call.ok:
            return redirect(reverse("opportunities:intro_thread", args=[pk]) + f"#message-{message.pk}")
    return _thread(request, introduction, message_form=form, status=status)


@require_POST
@approved_member
def intro_outcome(request: SignedInRequest, pk: int) -> HttpResponse:
    introduction = queries.introduction_for(request.user, pk)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        with service_errors(form) as call:
            record = services.record_outcome(request.user, introduction, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("The outcome was recorded."))
            return redirect(reverse("opportunities:intro_thread", args=[pk]) + f"#outcome-{record.pk}")
    return _thread(request, introduction, outcome_form=form, status=400)
