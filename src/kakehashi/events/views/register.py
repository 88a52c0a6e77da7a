"""Registering, confirming a visitor's address, cancelling, the feedback survey, following a
series, and a member's own registrations."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.accounts.auth import SignedInRequest
from kakehashi.accounts.people import is_approved_member, is_signed_in
from kakehashi.core import ratelimit
from kakehashi.core.forms import service_errors
from kakehashi.core.permissions import public, signed_in

from .. import feedback, queries, registration, services, tokens
from ..forms import FeedbackForm, RegistrationForm
from ..models import Feedback, Registration
from .public import session_page


def _status_message(reg: Registration) -> str:
    if reg.status == Registration.Status.CONFIRMED:
        return _("You are registered. We have e-mailed you the details and a calendar file.")
    return _("The session is full: you are on the waiting list. We will e-mail you if a seat becomes free.")


@require_POST
@public
def register(request: HttpRequest, slug: str) -> HttpResponse:
    """Members register at once; visitors (where allowed) get a confirmation link first."""
    session = queries.session_for(request.user, slug)
    user = request.user
    if user.is_authenticated and not is_approved_member(user):
        messages.error(request, _("Your membership is waiting for approval; you can register once it is approved."))
        return redirect(session.get_absolute_url())
    visitor = not user.is_authenticated
    if visitor and not session.visitors_may_register:
        return redirect(f"/accounts/login/?next={session.get_absolute_url()}")
    form = RegistrationForm(request.POST, session=session, visitor=visitor)
    status = 400
    if form.is_valid():
        with service_errors(form) as call:
            if not is_signed_in(user):  # a visitor
                registration.register_visitor(
                    session, email=form.cleaned_data["email"], name=form.cleaned_data["name"],
                    language=(get_language() or "en")[:2], answers=form.answers(),
                )
                return render(request, "events/check_email.html", {"session": session, "email": form.cleaned_data["email"]})
            ratelimit.check(user, "registration")
            reg = registration.register_member(user, session, answers=form.answers())
        status = call.status
        if call.ok:
            messages.success(request, _status_message(reg))
            return redirect(session.get_absolute_url())
    return session_page(request, session, form=form, status=status)


def _token_page(request: HttpRequest, token: str, salt: str, template: str, action) -> HttpResponse:
    """GET shows what the link does and a button (mail scanners follow GET links); POST does it."""
    with service_errors() as call:
        reg = tokens.registration_for(token, salt)
    if not call.ok:
        return render(request, template, {"error": call.message}, status=400)
    if request.method != "POST":
        return render(request, template, {"registration": reg, "session": reg.session})
    with service_errors() as call:
        reg = action(token)
    if not call.ok:
        return render(request, template, {"registration": reg, "session": reg.session, "error": call.message}, status=400)
    return render(request, template, {"registration": reg, "session": reg.session, "done": True})


@public
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    return _token_page(request, token, tokens.CONFIRM_SALT, "events/confirm.html", registration.confirm_visitor)


@public
def cancel_by_link(request: HttpRequest, token: str) -> HttpResponse:
    return _token_page(request, token, tokens.CANCEL_SALT, "events/cancel.html", registration.cancel_by_link)


@require_POST
@signed_in
def cancel_own(request: SignedInRequest, slug: str) -> HttpResponse:
    session = queries.session_for(request.user, slug)
    reg = queries.registration_of(request.user, session)
    if reg is None or not reg.is_active:
        messages.error(request, _("You are not registered for this session."))
        return redirect(session.get_absolute_url())
    with service_errors(request) as call:
        registration.cancel(reg, actor=request.user)
    if call.ok:
        messages.success(request, _("Your registration is cancelled."))
    return redirect(session.get_absolute_url())


@public
def feedback_form(request: HttpRequest, token: str) -> HttpResponse:
    with service_errors() as call:
        reg = feedback.registration_for_feedback(token)
    if not call.ok:
        return render(request, "events/feedback.html", {"error": call.message}, status=400)
    existing = Feedback.objects.filter(registration=reg).first()
    initial = {"rating": existing.rating, "comment": existing.comment} if existing else None
    form = FeedbackForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as call:
            feedback.submit(token, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"])
        if call.ok:
            return render(request, "events/feedback.html", {"session": reg.session, "done": True})
    status = 400 if request.method == "POST" else 200
    return render(request, "events/feedback.html", {"session": reg.session, "form": form}, status=status)


@require_POST
@signed_in
def follow(request: SignedInRequest, slug: str) -> HttpResponse:
    series = queries.series_for(slug)
    active = request.POST.get("follow") == "on"
    services.set_following(request.user, series, active=active)
    if active:
        messages.success(request, _("You will get an e-mail when a recording of this series is online."))
    else:
        messages.success(request, _("You no longer follow this series."))
    return redirect(series.get_absolute_url())


@signed_in
def my_registrations(request: SignedInRequest) -> HttpResponse:
    return render(request, "events/my_registrations.html", {"registrations": queries.my_registrations(request.user)})

