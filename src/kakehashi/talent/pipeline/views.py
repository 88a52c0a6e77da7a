"""Pages of the pipeline: apply from a job page, "my applications", one application (both
sides, each seeing what is theirs), the employer's board per job, the interview's .ics.
Thin: reads through queries (404 for what the viewer may not see), writes through services."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.accounts.auth import SignedInRequest
from kakehashi.core.forms import service_errors
from kakehashi.core.permissions import approved_member
from kakehashi.talent import translation
from kakehashi.talent.models import Job

from . import ics, queries, services, states
from .forms import ApplyForm, InterviewForm, MoveForm, NoteForm
from .models import Application


@approved_member
@require_POST
def apply(request: SignedInRequest, pk: int) -> HttpResponse:
    """A candidate applies from the job's page."""
    job = get_object_or_404(Job, pk=pk, status=Job.Status.PUBLISHED)
    if queries.own_profile(request.user) is None:
        messages.error(request, _("Create your candidate profile first."))
        return redirect(job.get_absolute_url())
    form = ApplyForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("message", []):
            messages.error(request, str(error))
        return redirect(job.get_absolute_url())
    with service_errors(request) as call:
        application = services.apply(request.user, job, form.cleaned_data["message"])
    if not call.ok:
        return redirect(job.get_absolute_url())
    messages.success(request, _("You applied. The employer was told; you will hear from them here and by e-mail."))
    return redirect("talent:application", application.pk)


@approved_member
def my_applications(request: SignedInRequest) -> HttpResponse:
    applications = list(queries.my_applications(request.user))
    translation.attach(request, [a.job for a in applications])
    return render(request, "talent/pipeline/mine.html", {"applications": applications})


def _detail_context(request: SignedInRequest, application: Application, side: str, **given: forms.Form) -> dict:
    moves = states.moves_for(application.state, side)
    if application.account_deleted:
        moves = []
    interview_form = given.get("interview_form") or InterviewForm(initial={"timezone": request.user.timezone or "Asia/Tokyo", "minutes": 30})
    return {
        "application": application, "side": side, "is_employer": side == states.EMPLOYER,
        "moves": [m for m in moves if not m.needs_interview and not m.needs_reason],
        "closing": [m for m in moves if m.needs_reason],
        "may_schedule": side == states.EMPLOYER and application.state in (states.SCREENING, states.INTERVIEW),
        "interview_form": interview_form, "move_form": given.get("move_form") or MoveForm(),
        "note_form": given.get("note_form") or NoteForm(),
        "notes": queries.notes_for(request.user, application), "history": queries.history(application),
        "line": [(s, states.LABELS[s], states.stage(application.state) >= i) for i, s in enumerate(states.LINE)],
    }


@approved_member
def application_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    application, side = queries.application_for(request.user, pk)
    translation.attach(request, [application.job])
    return render(request, "talent/pipeline/detail.html", _detail_context(request, application, side))


def _act(request: SignedInRequest, pk: int, form_class: type[forms.Form], slot: str,
         act: Callable[[Application, forms.Form], str]) -> HttpResponse:
    """A POST on one application: the form, the service call (its errors on the form, shown
    with the page at 400), then back to the application with `act`'s success message."""
    application, side = queries.application_for(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        with service_errors(form) as call:
            message = act(application, form)
        if call.ok:
            if message:
                messages.success(request, message)
            return redirect("talent:application", application.pk)
        application, side = queries.application_for(request.user, pk)
    return render(request, "talent/pipeline/detail.html", _detail_context(request, application, side, **{slot: form}), status=400)


@approved_member
@require_POST
def application_move(request: SignedInRequest, pk: int) -> HttpResponse:
    def act(application: Application, form: forms.Form) -> str:
        data = form.cleaned_data
        moved = services.transition(request.user, application, data["target"], reason=data["reason"])
        return _("Saved: %(state)s.") % {"state": moved.state_label}

    return _act(request, pk, MoveForm, "move_form", act)


@approved_member
@require_POST
def application_interview(request: SignedInRequest, pk: int) -> HttpResponse:
    def act(application: Application, form: forms.Form) -> str:
        data = form.cleaned_data
        services.schedule_interview(request.user, application, cast(InterviewForm, form).interview_at(), data["minutes"], data["where"])
        return _("The interview is scheduled; the candidate was told.")

    return _act(request, pk, InterviewForm, "interview_form", act)


@approved_member
def application_ics(request: SignedInRequest, pk: int) -> HttpResponse:
    application, _side = queries.application_for(request.user, pk)
    if application.interview_at is None or application.state != states.INTERVIEW:
        return HttpResponse(_("No interview is scheduled."), status=404, content_type="text/plain; charset=utf-8")
    body = ics.calendar(application, url=request.build_absolute_uri(reverse("talent:application", args=[application.pk])))
    response = HttpResponse(body, content_type=f"{ics.MIMETYPE}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ics.filename(application)}"'
    return response


@approved_member
@require_POST
def application_note(request: SignedInRequest, pk: int) -> HttpResponse:
    def act(application: Application, form: forms.Form) -> str:
        services.add_note(request.user, application, form.cleaned_data["body"])
        return ""

    return _act(request, pk, NoteForm, "note_form", act)


@approved_member
def job_board(request: SignedInRequest, pk: int) -> HttpResponse:
    """The employer's pipeline board for one job: a column per state."""
    job = queries.job_for_employer(request.user, pk)
    columns = [(state, label, rows) for state, label, rows in queries.board(job)]
    return render(request, "talent/pipeline/board.html", {"job": job, "columns": columns,
                                                          "total": sum(len(r) for _s, _l, r in columns)})
