"""What someone other than the candidate gets on the candidate's page, and the log entry of
that view: the applications to their organisation's jobs, and the documents when one of
those applications is open at the interview stage or later."""

from __future__ import annotations

from typing import Any

from kakehashi.accounts import people

from . import queries, services, states
from .models import Application, CandidateView


def viewed_by_other(viewer: Any, profile: Any) -> dict[str, Any]:
    """Log the profile view (the candidate sees it on their privacy page); return the
    pipeline's part of the page."""
    organisation = queries.employer_organisation_for(viewer, profile)
    services.record_view(viewer, profile, CandidateView.Kind.PROFILE, organisation_id=organisation)
    org_ids = people.organisation_ids_for(viewer)
    applications = list(Application.objects.filter(candidate=profile, job__organisation_id__in=org_ids).select_related("job"))
    open_for_documents = any(states.reached(a.state, states.DOCUMENTS_FROM) for a in applications)
    return {"applications_here": applications, "shared_documents": list(profile.documents.all()) if open_for_documents else []}
