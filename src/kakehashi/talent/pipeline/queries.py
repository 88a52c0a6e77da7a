"""Permission-checked reads of the pipeline, and the privacy rules for candidate data:

- a candidate's profile is visible to the candidate, and to people acting for an
  organisation the candidate applied to, or for an approved SSW employer when the candidate
  opted in to being found (`discoverable`);
- their documents only to people acting for an organisation with an open application of
  theirs at the interview stage or later;
- an application to its candidate and to the people of the job's organisation.

Anything else is "not found" (404), never "forbidden": no oracle for what exists.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from kakehashi.accounts import people
from kakehashi.talent.models import CandidateDocument, CandidateProfile, Job, SswEmployer

from . import states
from .models import Application, CandidateView, EmployerNote


def own_profile(user: Any) -> CandidateProfile | None:
    if not people.is_approved_member(user):
        return None
    return CandidateProfile.objects.filter(user=user).first()


def job_open_for_applications(job: Job) -> bool:
    return job.status == Job.Status.PUBLISHED


def side_of(user: Any, application: Application) -> str | None:
    """Which side `user` is on for this application: the candidate, the employer, or none."""
    if not people.is_approved_member(user):
        return None
    candidate = application.candidate
    if candidate is not None and candidate.user_id == user.pk:
        return states.CANDIDATE
    if people.acts_for(user, application.job.organisation_id):
        return states.EMPLOYER
    return None


def _applications() -> QuerySet[Application]:
    return Application.objects.select_related("job", "job__organisation", "candidate", "candidate__user")


def application_for(user: Any, pk: int) -> tuple[Application, str]:
    """The application and the viewer's side, or 404."""
    application = _applications().filter(pk=pk).first()
    side = side_of(user, application) if application is not None else None
    if application is None or side is None:
        raise Http404
    return application, side


def my_applications(user: Any) -> QuerySet[Application]:
    profile = own_profile(user)
    return _applications().filter(candidate=profile) if profile else Application.objects.none()


def application_of(user: Any, job: Job) -> Application | None:
    profile = own_profile(user)
    return Application.objects.filter(candidate=profile, job=job).first() if profile else None


def job_for_employer(user: Any, pk: int) -> Job:
    """A job of an organisation the user acts for, or 404."""
    job = Job.objects.select_related("organisation").filter(pk=pk).first()
    if job is None or not people.acts_for(user, job.organisation_id):
        raise Http404
    return job


def employer_jobs(user: Any) -> QuerySet[Job]:
    return Job.objects.filter(organisation_id__in=people.organisation_ids_for(user)).annotate(n_applications=Count("applications"))


def board(job: Job) -> list[tuple[str, str, list[Application]]]:
    """The job's applications by state, in pipeline order: (state, label, applications)."""
    rows = list(_applications().filter(job=job))
    return [(state, str(label), [a for a in rows if a.state == state]) for state, label in states.CHOICES]


def notes_for(user: Any, application: Application) -> QuerySet[EmployerNote]:
    if side_of(user, application) != states.EMPLOYER:
        return EmployerNote.objects.none()
    return application.notes.select_related("author")


def history(application: Application) -> QuerySet:
    return application.events.select_related("actor")


# --- candidate privacy --------------------------------------------------------------------


def _approved_employer_ids(org_ids: frozenset[int]) -> set[int]:
    return set(SswEmployer.objects.filter(organisation_id__in=org_ids, status=people.ApprovalStatus.APPROVED)
               .values_list("organisation_id", flat=True))


def employer_organisation_for(user: Any, profile: CandidateProfile) -> int | None:
    """The organisation through which `user` may see the candidate's profile, or None."""
    org_ids = people.organisation_ids_for(user)
    if not org_ids:
        return None
    applied = Application.objects.filter(candidate=profile, job__organisation_id__in=org_ids).values_list("job__organisation_id", flat=True).first()
    if applied is not None:
        return applied
    if profile.discoverable:
        approved = _approved_employer_ids(org_ids)
        if approved:
            return min(approved)
    return None


def may_see_candidate(user: Any, profile: CandidateProfile) -> bool:
    if people.is_signed_in(user) and profile.user_id == user.pk:
        return True
    return people.is_approved_member(user) and employer_organisation_for(user, profile) is not None


def document_organisation_for(user: Any, document: CandidateDocument) -> int | None:
    """The organisation with an open application at interview or later through which `user`
    may download the document, or None."""
    org_ids = people.organisation_ids_for(user)
    if not org_ids or not people.is_approved_member(user):
        return None
    stages = [s for s in states.LINE if states.reached(s, states.DOCUMENTS_FROM)]
    return (Application.objects.filter(candidate_id=document.profile_id, job__organisation_id__in=org_ids, state__in=stages)
            .values_list("job__organisation_id", flat=True).first())


def document_for(user: Any, pk: int) -> tuple[CandidateDocument, int | None]:
    """A document its owner or an entitled employer may download (with the organisation it
    is downloaded for; None for the owner), or 404."""
    document = CandidateDocument.objects.select_related("profile").filter(pk=pk).first()
    if document is None or not people.is_approved_member(user):
        raise Http404
    if document.profile.user_id == user.pk:
        return document, None
    organisation = document_organisation_for(user, document)
    if organisation is None:
        raise Http404
    return document, organisation


def views_of(profile: CandidateProfile) -> QuerySet[CandidateView]:
    return profile.views.select_related("viewer", "organisation")
