"""Job pages: the public list and detail of published jobs (with the signed-in candidate's
eligibility), the employer's page (ask for the SSW-employer flag, post, edit, publish and
close jobs, see the eligible candidates) and the staff page that approves employers.
Thin: permissions are in queries, writes in services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.accounts import people
from kakehashi.core.forms import attach_errors
from kakehashi.core.permissions import approved_member, public, staff_only

from . import matches, minimum_wage, queries, services, translation
from .forms import EmployerRequestForm, JobFilterForm, JobForm
from .models import Job
from .pipeline import queries as pipeline_queries


def _language() -> str:
    return (get_language() or "en")[:2]


@public
def job_list(request: HttpRequest) -> HttpResponse:
    form = JobFilterForm(request.GET or None, language=_language())
    if request.GET and not form.is_valid():
        return render(request, "talent/jobs.html", {"form": form, "page": None}, status=400)
    page = Paginator(queries.published_jobs(form.filters()), 25).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    translation.attach(request, page.object_list)
    return render(request, "talent/jobs.html", {"form": form, "page": page, "language": _language()})


@public
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = queries.job_for(request.user, pk)
    if job is None:
        raise Http404
    language = _language()
    profile = queries.profile_of(request.user)
    text = translation.texts_for(request, [job])[job.pk]
    field = queries.fields_on().filter(code=job.field_code).first()
    return render(request, "talent/job.html", {
        "job": job, "text": text, "title": text.title, "field": field, "field_name": field.name_in(language) if field else "",
        "wage": minimum_wage.compare(job.prefecture, job.hours_per_week, job.monthly_wage_jpy),
        "match": matches.check_one(profile, job, language) if profile else None,
        "can_edit": queries.can_edit_job(request.user, job),
        "application": pipeline_queries.application_of(request.user, job) if profile else None,
        "may_apply": profile is not None and pipeline_queries.job_open_for_applications(job),
        "is_employer": people.acts_for(request.user, job.organisation_id),
    })


@approved_member
def employer_page(request: HttpRequest) -> HttpResponse:
    """The user's organisations as SSW employers: their status, the request form, their jobs."""
    managed = [(o.pk, o.name) for o in people.organisations_for(request.user, managing=True) if o.country == "JP"]
    form = EmployerRequestForm(request.POST or None, organisations=managed)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_employer(request.user, form.cleaned_data["organisation"], form.cleaned_data["note"])
            return redirect("talent:employer")
        except ValidationError as e:
            attach_errors(form, e)
    organisations = [
        {"organisation": o, "employer": employer, "status": employer.status if employer else None, "jobs": queries.jobs_of(o.pk)}
        for o in people.organisations_for(request.user)
        for employer in [queries.employer_of(o.pk)]
    ]
    return render(request, "talent/employer.html", {"form": form if managed else None, "organisations": organisations},
                  status=400 if request.method == "POST" else 200)


def _editable(request: HttpRequest, job: Job) -> None:
    if not queries.can_edit_job(request.user, job):
        raise PermissionDenied


@approved_member
def job_new(request: HttpRequest, organisation_id: int) -> HttpResponse:
    job = Job(organisation_id=organisation_id)
    _editable(request, job)
    return _job_form(request, job)


@approved_member
def job_edit(request: HttpRequest, pk: int) -> HttpResponse:
    job = queries.job_for(request.user, pk)
    if job is None:
        raise Http404
    _editable(request, job)
    return _job_form(request, job)


def _job_form(request: HttpRequest, job: Job) -> HttpResponse:
    form = JobForm(request.POST or None, instance=job, language=_language())
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = services.save_job(request.user, form.save(commit=False))
                return redirect(saved.get_absolute_url())
            except ValidationError as e:
                attach_errors(form, e)
        return render(request, "talent/job_form.html", {"form": form, "job": job}, status=400)
    return render(request, "talent/job_form.html", {"form": form, "job": job})


@require_POST
@approved_member
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = queries.job_for(request.user, pk)
    if job is None:
        raise Http404
    _editable(request, job)
    try:
        services.set_job_status(request.user, job.pk, request.POST.get("status", ""))
    except ValidationError as e:
        messages = [m for ms in getattr(e, "message_dict", {"": e.messages}).values() for m in ms]
        return render(request, "talent/job_status_error.html", {"job": job, "errors": messages}, status=400)
    return redirect(job.get_absolute_url())


@approved_member
def job_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """The candidates who let employers find them, for one of the employer's jobs: eligible first."""
    job = queries.job_for(request.user, pk)
    if job is None:
        raise Http404
    if not (queries.can_edit_job(request.user, job) or request.user.is_staff):
        raise PermissionDenied
    show_all = request.GET.get("all") == "1"
    found = matches.candidates_for_job(job, _language(), eligible_only=not show_all)
    return render(request, "talent/job_candidates.html", {"job": job, "matches": found, "show_all": show_all,
                                                          "title": translation.texts_for(request, [job])[job.pk].title})


@staff_only
def staff_employers(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            employer_id = int(request.POST.get("employer", ""))
        except ValueError:
            raise Http404 from None
        approve = request.POST.get("decision") == "approve"
        # A pending request is approved or declined; an approved employer may be declined later
        # (its published jobs close).
        decidable = queries.pending_employers() if approve else queries.pending_employers() | queries.approved_employers()
        if not decidable.filter(pk=employer_id).exists():
            raise Http404
        services.decide_employer(request.user, employer_id, approve, request.POST.get("note", ""))
        return redirect("talent:staff_employers")
    return render(request, "talent/staff_employers.html", {"pending": queries.pending_employers(),
                                                           "approved": queries.approved_employers(),
                                                           "heading": _("SSW employers waiting for approval")})
