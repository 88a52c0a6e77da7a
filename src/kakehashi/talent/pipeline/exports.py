"""A candidate's own data as one ZIP: `data.json` (profile, tests, training, documents'
details, applications with their history, who viewed the profile) and the documents."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from django.forms.models import model_to_dict

from kakehashi.talent.models import CandidateProfile

from .models import Application


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "name") and hasattr(value, "storage"):
        return None
    return value


def _row(obj: Any, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    return {k: _plain(v) for k, v in model_to_dict(obj).items() if k not in exclude}


def candidate_data(profile: CandidateProfile) -> dict[str, Any]:
    applications = Application.objects.filter(candidate=profile).select_related("job", "job__organisation").prefetch_related("events")
    return {
        "profile": _row(profile, exclude=("user",)) | {"created_at": _plain(profile.created_at)},
        "skills_tests": [_row(t, exclude=("profile",)) for t in profile.skills_tests.all()],
        "technical_intern_training": [_row(t, exclude=("profile",)) for t in profile.titp_records.all()],
        "documents": [{"id": d.pk, "kind": d.kind, "name": d.original_name, "content_type": d.content_type, "size": d.size,
                       "sha256": d.sha256, "uploaded_at": _plain(d.uploaded_at), "file_in_zip": f"documents/{d.pk}-{_safe(d.original_name)}"}
                      for d in profile.documents.all()],
        "applications": [{
            "id": a.pk, "job": a.job_id, "job_title": str(a.job), "organisation": a.job.organisation.name, "state": a.state,
            "message": a.message, "reason": a.reason, "interview_at": _plain(a.interview_at), "created_at": _plain(a.created_at),
            "history": [{"at": _plain(e.at), "side": e.side, "from": e.source, "to": e.target, "reason": e.reason} for e in a.events.all()],
        } for a in applications],
        "viewed_by": [{"at": _plain(v.at), "organisation": v.organisation.name if v.organisation else "", "kind": v.kind, "what": v.what}
                      for v in profile.views.select_related("organisation")],
    }


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in name)[:100] or "document"


def candidate_zip(profile: CandidateProfile) -> bytes:
    data = candidate_data(profile)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        for document, entry in zip(profile.documents.all(), data["documents"], strict=True):
            try:
                with document.file.open("rb") as handle:
                    archive.writestr(entry["file_in_zip"], handle.read())
            except OSError:  # a file missing from storage: the data still exports
                continue
    return buffer.getvalue()
