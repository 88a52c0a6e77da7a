"""Candidate pages: the member's own profile (edit it, record tests and Technical Intern
Training, upload documents), their jobs ranked for them, and a candidate's page as an
employer who may see it sees it. Thin: permissions are in queries, writes in the services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kakehashi.accounts.regions import region_name
from kakehashi.core.forms import attach_errors
from kakehashi.core.permissions import approved_member
from kakehashi.translations import queries as translations

from . import candidate_services, matches, queries, translation
from .forms import DocumentForm, JobFilterForm, ProfileForm, SkillsTestForm, TitpForm
from .job_views import _language
from .models import CandidateProfile
from .pipeline import privacy as pipeline_privacy


def _context(profile: CandidateProfile | None, language: str, **forms) -> dict:
    names = {f.code: f.name_in(language) for f in queries.fields_on()}
    return {
        "profile": profile, "field_names": names,
        "prefectures": [region_name(code) for code in (profile.preferred_prefectures if profile else [])],
        "tests": profile.skills_tests.select_related("certificate") if profile else [],
        "titp": profile.titp_records.all() if profile else [],
        "documents": profile.documents.all() if profile else [],
        "profile_form": forms.get("profile_form") or ProfileForm(instance=profile, language=language),
        "test_form": forms.get("test_form") or SkillsTestForm(language=language),
        "titp_form": forms.get("titp_form") or TitpForm(language=language),
        "document_form": forms.get("document_form") or DocumentForm(),
    }


@approved_member
def profile_page(request: HttpRequest) -> HttpResponse:
    language = _language()
    profile = queries.profile_of(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=profile or CandidateProfile(), language=language)
        if form.is_valid():
            try:
                candidate_services.save_profile(request.user, {name: form.cleaned_data[name] for name in form.Meta.fields})
                return redirect("talent:profile")
            except ValidationError as e:
                attach_errors(form, e)
        return render(request, "talent/profile.html", _context(queries.profile_of(request.user), language, profile_form=form), status=400)
    return render(request, "talent/profile.html", _context(profile, language))


def _record(request: HttpRequest, form, name: str, write) -> HttpResponse:
    """Validate a profile sub-form, write through the service, or show the profile page with the errors."""
    if form.is_valid():
        try:
            write(form.cleaned_data)
            return redirect("talent:profile")
        except ValidationError as e:
            attach_errors(form, e)
    return render(request, "talent/profile.html", _context(queries.profile_of(request.user), _language(), **{name: form}), status=400)


@require_POST
@approved_member
def add_test(request: HttpRequest) -> HttpResponse:
    def write(data: dict) -> None:
        upload = data.get("certificate")
        candidate_services.add_skills_test(request.user, data["field_code"], data["level"], data["passed_on"], data["score"],
                                           upload, upload.name if upload else "")

    return _record(request, SkillsTestForm(request.POST, request.FILES, language=_language()), "test_form", write)


@require_POST
@approved_member
def add_titp(request: HttpRequest) -> HttpResponse:
    def write(data: dict) -> None:
        candidate_services.add_titp(request.user, data["field_code"], data["stage"], data["completed_on"])

    return _record(request, TitpForm(request.POST, language=_language()), "titp_form", write)


@require_POST
@approved_member
def upload_document(request: HttpRequest) -> HttpResponse:
    def write(data: dict) -> None:
        candidate_services.upload_document(request.user, data["kind"], data["file"], data["file"].name)

    return _record(request, DocumentForm(request.POST, request.FILES), "document_form", write)


@require_POST
@approved_member
def delete_record(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Remove one of the user's own tests, TITP records or documents (someone else's: 404)."""
    remove = {"tests": candidate_services.remove_skills_test, "titp": candidate_services.remove_titp,
              "documents": candidate_services.delete_document}.get(kind)
    if remove is None:
        raise Http404
    try:
        remove(request.user, pk)
    except PermissionDenied:
        raise Http404 from None
    return redirect("talent:profile")


@approved_member
def own_document(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The candidate downloads their own document (nobody else, here)."""
    profile = queries.profile_of(request.user)
    document = profile.documents.filter(pk=pk).first() if profile else None
    if document is None:
        raise Http404
    response = FileResponse(document.file.open("rb"), content_type=document.content_type, as_attachment=True,
                            filename=document.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@approved_member
def my_jobs(request: HttpRequest) -> HttpResponse:
    """Published jobs ranked for the candidate: eligible first, then fit, with reasons."""
    language = _language()
    profile = queries.profile_of(request.user)
    form = JobFilterForm(request.GET or None, language=language)
    if request.GET and not form.is_valid():
        return render(request, "talent/my_jobs.html", {"form": form, "matches": [], "profile": profile}, status=400)
    found = matches.jobs_for_candidate(profile, language, form.filters()) if profile else []
    translation.attach(request, [m.job for m in found])
    return render(request, "talent/my_jobs.html", {"form": form, "matches": found, "profile": profile, "language": language})


@approved_member
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = queries.profile_for(request.user, pk)
    if profile is None:
        raise Http404
    language = _language()
    context = _context(profile, language)
    context["viewing_as_other"] = profile.user_id != request.user.pk
    if context["viewing_as_other"]:
        context.update(pipeline_privacy.viewed_by_other(request.user, profile))
        # An employer reading another language: the experience by machine, on request.
        context["shown"] = translations.shown_one(request, translation.CANDIDATE_SOURCE, profile)
    return render(request, "talent/candidate.html", context)
