"""The candidate's privacy page (who viewed their profile and documents), their export and
deletion, document downloads (owner, or an employer entitled by the pipeline), and the
staff's programme counts with their CSV/XLSX exports."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts.auth import SignedInRequest
from kakehashi.core import spreadsheets
from kakehashi.core.permissions import approved_member, staff_only

from . import exports, queries, services, stats
from .forms import DeleteForm
from .models import CandidateView


def _no_profile(request: SignedInRequest) -> HttpResponse:
    return render(request, "talent/pipeline/no_profile.html", status=404)


@approved_member
def privacy(request: SignedInRequest) -> HttpResponse:
    profile = queries.own_profile(request.user)
    if profile is None:
        return _no_profile(request)
    return render(request, "talent/pipeline/privacy.html", {
        "profile": profile, "views": queries.views_of(profile)[:200], "form": DeleteForm(),
    })


@approved_member
def export(request: SignedInRequest) -> HttpResponse:
    profile = queries.own_profile(request.user)
    if profile is None:
        return _no_profile(request)
    response = HttpResponse(exports.candidate_zip(profile), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="kakehashi-candidate-{timezone.now():%Y%m%d}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response


@approved_member
def delete(request: SignedInRequest) -> HttpResponse:
    profile = queries.own_profile(request.user)
    if profile is None:
        return _no_profile(request)
    form = DeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        closed = services.delete_candidate_data(request.user)
        messages.success(request, _("Your candidate data was deleted; %(count)d application(s) were withdrawn.") % {"count": closed})
        return redirect("talent:my_applications")
    status = 400 if request.method == "POST" else 200
    return render(request, "talent/pipeline/privacy.html", {"profile": profile, "views": queries.views_of(profile)[:200], "form": form}, status=status)


@approved_member
def document_download(request: SignedInRequest, pk: int) -> HttpResponseBase:
    """Served as an attachment with its checked type, never sniffed or rendered inline."""
    document, organisation = queries.document_for(request.user, pk)
    if organisation is not None:
        services.record_view(request.user, document.profile, CandidateView.Kind.DOCUMENT, what=document.original_name,
                             organisation_id=organisation)
    try:
        handle = document.file.open("rb")
    except OSError:
        return HttpResponse(_("This file is not available."), status=404, content_type="text/plain; charset=utf-8")
    response = FileResponse(handle, as_attachment=True, filename=document.original_name, content_type=document.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# --- staff: programme counts --------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@staff_only
def programme(request: SignedInRequest) -> HttpResponse:
    return render(request, "talent/pipeline/programme.html", {"tables": [(name, make()) for name, make in stats.TABLES.items()]})


@staff_only
def programme_export(request: SignedInRequest, name: str, fmt: str) -> HttpResponse:
    make = stats.TABLES.get(name)
    if make is None or fmt not in ("csv", "xlsx"):
        raise Http404
    table = make()
    if fmt == "csv":
        response = HttpResponse(spreadsheets.csv_bytes(table), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(spreadsheets.xlsx_bytes([(name, table)]), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="kakehashi-ssw-{name}-{timezone.localdate().isoformat()}.{fmt}"'
    return response
