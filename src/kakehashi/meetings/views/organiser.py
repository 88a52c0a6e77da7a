"""The organisers' pages: the grid, schedule runs (start, progress, stop, publish), the
print sheet, exports and the report. Staff, or the owners and admins of the series'
organisation; everyone else gets 404."""

from __future__ import annotations

import zoneinfo

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kakehashi.accounts.auth import SignedInRequest
from kakehashi.core.forms import service_errors
from kakehashi.core.permissions import approved_member

from .. import exports, queries, report, services
from ..forms import GridForm, RunForm, blocks_text
from ..models import MeetingRequest

PROBLEMS = {
    "no_slots": gettext_lazy("The grid has no slots."),
    "duplicate_slot": gettext_lazy("A slot appears twice in the grid."),
    "zero_capacity": gettext_lazy("A slot has no table or room."),
    "zero_cap": gettext_lazy("A participant may have no meeting at all (cap 0)."),
    "bad_priority": gettext_lazy("A request has an unknown priority."),
    "self_request": gettext_lazy("A request is addressed to its own sender."),
    "duplicate_request": gettext_lazy("Two accepted requests join the same pair."),
    "lock_unknown_request": gettext_lazy("A kept meeting's request is no longer accepted: it is not kept."),
    "lock_unknown_slot": gettext_lazy("A kept meeting's slot is gone: it is not kept."),
    "lock_unavailable": gettext_lazy("A kept meeting's slot is now unavailable to one side: it is not kept."),
    "lock_conflict": gettext_lazy("Kept meetings collide (one person twice, more than the tables, or over a cap): they are not all kept."),
}


@approved_member
def overview(request: SignedInRequest, slug: str) -> HttpResponse:
    session = queries.session_for_organiser(request.user, slug)
    grid = queries.grid_of(session)
    counts = dict.fromkeys(MeetingRequest.State.values, 0)
    for state in MeetingRequest.objects.filter(session=session).values_list("state", flat=True):
        counts[state] += 1
    return render(request, "meetings/manage/overview.html", {
        "session": session, "grid": grid, "slots": queries.slots_of(session).count(),
        "participants": queries.participants(session).count(), "counts": counts,
        "runs": list(queries.runs_of(session)[:10]), "run_form": RunForm(),
        "published": queries.meetings_of(session).count(),
    })


@approved_member
def grid(request: SignedInRequest, slug: str) -> HttpResponse:
    session = queries.session_for_organiser(request.user, slug)
    current = queries.grid_of(session)
    status = 200
    if request.method == "POST":
        form = GridForm(request.POST, instance=current)
        if form.is_valid():
            with service_errors(form) as call:
                services.save_grid(request.user, session, **form.service_kwargs())
            if call.ok:
                messages.success(request, _("The grid is saved."))
                return redirect("meetings:manage", slug=slug)
            status = call.status
        else:
            status = 400
    else:
        zone = session.timezone
        initial: dict[str, object] = {"zone": zone}
        if current is not None:
            initial["blocks"] = blocks_text([(b.starts_at, b.ends_at) for b in current.blocks.all()], zone)
            if current.requests_close_at:
                initial["close_local"] = current.requests_close_at.astimezone(zoneinfo.ZoneInfo(zone)).replace(tzinfo=None)
        form = GridForm(instance=current, initial=initial)
    return render(request, "meetings/manage/grid.html", {"session": session, "form": form}, status=status)


@require_POST
@approved_member
def start_run(request: SignedInRequest, slug: str) -> HttpResponse:
    session = queries.session_for_organiser(request.user, slug)
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a time limit between 1 and 600 seconds."))
        return redirect("meetings:manage", slug=slug)
    run = None
    with service_errors(request) as call:
        run = services.start_run(
            request.user, session, time_limit=form.cleaned_data["time_limit"], lock_published=form.cleaned_data["lock_published"],
        )
    if call.ok and run is not None:
        return redirect("meetings:run", slug=slug, pk=run.pk)
    return redirect("meetings:manage", slug=slug)


@approved_member
def run_detail(request: SignedInRequest, slug: str, pk: int) -> HttpResponse:
    session = queries.session_for_organiser(request.user, slug)
    run = queries.run_for(session, pk)
    if request.GET.get("format") == "json":  # polled by the page while the run is going
        return JsonResponse({"status": run.status, "progress": run.progress, "finished": run.is_finished})
    ids = {int(k) for k in run.unplaced} | {int(k) for k in run.moved} | {int(k) for k in run.assignment}
    requests = {
        r.pk: r for r in MeetingRequest.objects.filter(pk__in=ids).select_related("requester__organisation", "receiver__organisation")
    }
    grid_ = queries.grid_of(session)
    slots = {s.pk: s for s in queries.slots_of(session)}
    return render(request, "meetings/manage/run.html", {
        "session": session, "run": run, "grid": grid_,
        "gap_percent": None if run.gap is None else round(run.gap * 100, 2),
        "unplaced": [(requests.get(int(k)), reason) for k, reason in run.unplaced.items()],
        "moved": [(requests.get(int(k)), slots.get(run.assignment.get(str(k)))) for k in run.moved],
        "published_here": bool(grid_ and grid_.published_run_id == run.pk),
        "problems": [PROBLEMS.get(code, code) for code, _detail in run.problems],
    })


@require_POST
@approved_member
def stop_run(request: SignedInRequest, slug: str, pk: int) -> HttpResponse:
    session = queries.session_for_organiser(request.user, slug)
    services.stop_run(request.user, queries.run_for(session, pk))
    messages.success(request, _("Stopping: the best schedule found so far is kept."))
    return redirect("meetings:run", slug=slug, pk=pk)


@require_POST
@approved_member
def publish_run(request: SignedInRequest, slug: str, pk: int) -> HttpResponse:
    session = queries.session_for_organiser(request.user, slug)
    with service_errors(request) as call:
        changed = services.publish_run(request.user, queries.run_for(session, pk))
    if call.ok:
        messages.success(request, _("The schedule is published; %(n)d meetings changed and both sides are e-mailed.") % {"n": changed})
    return redirect("meetings:run", slug=slug, pk=pk)


@approved_member
def print_sheet(request: SignedInRequest, slug: str) -> HttpResponse:
    session = queries.session_for_organiser(request.user, slug)
    return render(request, "meetings/manage/print.html", {"session": session, "tables": exports.by_table(session)})


@approved_member
def export_csv(request: SignedInRequest, slug: str) -> HttpResponse:
    session = queries.session_for_organiser(request.user, slug)
    response = HttpResponse(exports.to_csv(session), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meetings-{session.pk}.csv"'
    return response


@approved_member
def export_xlsx(request: SignedInRequest, slug: str) -> HttpResponse:
    session = queries.session_for_organiser(request.user, slug)
    response = HttpResponse(exports.to_xlsx(session), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="meetings-{session.pk}.xlsx"'
    return response


@approved_member
def report_page(request: SignedInRequest, slug: str) -> HttpResponse:
    session = queries.session_for_organiser(request.user, slug)
    return render(request, "meetings/manage/report.html", {"session": session, "report": report.summary(session)})
