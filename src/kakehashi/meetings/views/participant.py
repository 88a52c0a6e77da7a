"""The participants' pages: joining, the marketplace, requests, availability, the agenda."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.accounts import people
from kakehashi.accounts.auth import SignedInRequest
from kakehashi.core import ratelimit
from kakehashi.core.forms import service_errors
from kakehashi.core.permissions import approved_member

from .. import agenda as agendas
from .. import queries, services
from ..forms import FilterForm, JoinForm, OutcomeForm, RequestForm
from ..models import MeetingRequest, Unavailability


@approved_member
def join(request: SignedInRequest, slug: str) -> HttpResponse:
    """A registered member joins the session's marketplace (or changes organisation/role)."""
    session = queries.matchmaking_session(slug)
    if not queries.is_registered(request.user, session):
        raise Http404
    form = JoinForm(request.POST or None, organisations=people.organisations_for(request.user))
    status = 200
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as call:
            services.join(request.user, session, organisation=form.cleaned_data["organisation"], role=form.cleaned_data["role"])
        if call.ok:
            messages.success(request, _("You take part in the matchmaking. Find the people you want to meet."))
            return redirect("meetings:marketplace", slug=slug)
        status = call.status
    elif request.method == "POST":
        status = 400
    return render(request, "meetings/join.html", {"session": session, "form": form}, status=status)


@approved_member
def marketplace(request: SignedInRequest, slug: str) -> HttpResponse:
    session, me = queries.session_for_participant(request.user, slug)
    filters = FilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    others = list(queries.marketplace(me, **{k: v for k, v in chosen.items() if v}))
    opportunities = queries.live_opportunities(request.user, [p.organisation_id for p in others])
    open_with = {
        pk for pair in queries.requests_of(me).filter(state__in=MeetingRequest.OPEN).values_list("requester_id", "receiver_id")
        for pk in pair
    }
    cards = [{"participant": p, "opportunities": opportunities.get(p.organisation_id, [])[:3], "asked": p.pk in open_with} for p in others]
    return render(request, "meetings/marketplace.html", {
        "session": session, "me": me, "cards": cards, "filters": filters,
        "suggestions": queries.suggestions(me), "request_form": RequestForm(),
        "organiser": queries.can_organise(request.user, session),
    })


@require_POST
@approved_member
def send_request(request: SignedInRequest, slug: str) -> HttpResponse:
    session, _me = queries.session_for_participant(request.user, slug)
    form = RequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose someone and a priority."))
        return redirect("meetings:marketplace", slug=slug)
    with service_errors(request) as call:
        ratelimit.check(request.user, "meeting_request")
        services.send_request(
            request.user, session, receiver_id=form.cleaned_data["receiver"],
            message=form.cleaned_data["message"], priority=form.cleaned_data["priority"],
        )
    if call.ok:
        messages.success(request, _("Your request is sent. We will e-mail you the answer."))
    return redirect("meetings:requests", slug=slug)


@approved_member
def my_requests(request: SignedInRequest, slug: str) -> HttpResponse:
    session, me = queries.session_for_participant(request.user, slug)
    rows = list(queries.requests_of(me))
    return render(request, "meetings/requests.html", {
        "session": session, "me": me,
        "received": [r for r in rows if r.receiver_id == me.pk],
        "sent": [r for r in rows if r.requester_id == me.pk],
    })


@require_POST
@approved_member
def answer(request: SignedInRequest, slug: str, pk: int) -> HttpResponse:
    session, me = queries.session_for_participant(request.user, slug)
    item = queries.request_for(me, pk)
    accept = request.POST.get("answer") == "accept"
    with service_errors(request) as call:
        services.answer_request(request.user, item, accept=accept)
    if call.ok:
        messages.success(request, _("Accepted: the meeting will be in your agenda once the schedule is published.") if accept else _("Declined."))
    return redirect("meetings:requests", slug=session.slug)


@require_POST
@approved_member
def cancel(request: SignedInRequest, slug: str, pk: int) -> HttpResponse:
    session, me = queries.session_for_participant(request.user, slug)
    item = queries.request_for(me, pk)
    with service_errors(request) as call:
        services.cancel_request(request.user, item)
    if call.ok:
        messages.success(request, _("The request is withdrawn."))
    return redirect("meetings:requests", slug=session.slug)


@approved_member
def availability(request: SignedInRequest, slug: str) -> HttpResponse:
    session, me = queries.session_for_participant(request.user, slug)
    slots = list(queries.slots_of(session))
    if request.method == "POST":
        try:
            chosen = [int(v) for v in request.POST.getlist("unavailable")]
        except ValueError:
            chosen = [-1]
        with service_errors(request) as call:
            services.set_unavailable(request.user, session, chosen)
        if call.ok:
            messages.success(request, _("Your availability is saved."))
            return redirect("meetings:availability", slug=slug)
    marked = set(Unavailability.objects.filter(participant=me).values_list("slot_id", flat=True))
    return render(request, "meetings/availability.html", {"session": session, "me": me, "slots": slots, "marked": marked})


@approved_member
def agenda(request: SignedInRequest, slug: str) -> HttpResponse:
    session, me = queries.session_for_participant(request.user, slug)
    meetings = list(queries.agenda(me))
    grid = queries.grid_of(session)
    return render(request, "meetings/agenda.html", {
        "session": session, "me": me, "grid": grid, "published": bool(grid and grid.published_at),
        "rows": agendas.rows(meetings, me, grid, zone=request.user.timezone), "outcome_form": OutcomeForm(),
    })


@approved_member
def agenda_ics(request: SignedInRequest, slug: str) -> HttpResponse:
    session, me = queries.session_for_participant(request.user, slug)
    meetings = list(queries.agenda(me))
    content = agendas.calendar(meetings, me, queries.grid_of(session), zone=request.user.timezone)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meetings-{session.pk}.ics"'
    return response


@require_POST
@approved_member
def outcome(request: SignedInRequest, slug: str, pk: int) -> HttpResponse:
    session, me = queries.session_for_participant(request.user, slug)
    meeting = queries.agenda(me).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    form = OutcomeForm(request.POST)
    if form.is_valid():
        with service_errors(request) as call:
            services.record_outcome(request.user, meeting, outcome=form.cleaned_data["outcome"])
        if call.ok:
            messages.success(request, _("Thank you: the outcome is saved."))
    else:
        messages.error(request, _("Choose an outcome from the list."))
    return redirect("meetings:agenda", slug=session.slug)
