"""Pages of the programme dashboard: the staff dashboard, its charts (SVG) and exports
(CSV, XLSX), publishing the summary, and the public summary."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.accounts.auth import SignedInRequest
from kakehashi.core.figures import Series, Table
from kakehashi.core.permissions import public, staff_only
from kakehashi.opportunities.programme import charts

from . import exports, filters, sections
from . import public as summary


@staff_only
def dashboard(request: SignedInRequest) -> HttpResponse:
    form = filters.from_query(request.GET)
    chosen = form.filters()
    query = filters.as_query(chosen)
    # with bad filters the page shows the form and its errors only: no figures for a half-understood choice
    return render(request, "programme/dashboard.html", {
        "form": form, "figures": [] if form.errors else sections.collect(request.user, chosen), "query": query,
        "chart_query": f"{query}&lang={get_language()}" if query else f"lang={get_language()}",
        "published": summary.is_published(),
    }, status=400 if form.errors else 200)


def _svg(item: Table | Series) -> bytes:
    if isinstance(item, Table):
        return charts.bar_chart([(row.label, row.value) for row in item.rows], item.title)
    half = (len(item.lines) + 1) // 2 if len(item.lines) > 3 else len(item.lines)
    panels = [(item.title, item.lines[:half])]
    if item.lines[half:]:
        panels.append(("", item.lines[half:]))
    return charts.monthly_chart(item.months, panels)


@staff_only
def chart(request: SignedInRequest, key: str) -> HttpResponse:
    form = filters.from_query(request.GET)
    if form.errors:
        return HttpResponse(_("The filters are not valid."), status=400, content_type="text/plain; charset=utf-8")
    with charts.drawing:
        item = sections.chart_source(request.user, form.filters(), key)
        if item is None:
            raise Http404
        svg = _svg(item)
    return charts.svg_response(svg)


@staff_only
def export(request: SignedInRequest, fmt: str) -> HttpResponse:
    form = filters.from_query(request.GET)
    if form.errors:
        return HttpResponse(_("The filters are not valid."), status=400, content_type="text/plain; charset=utf-8")
    figures = sections.collect(request.user, form.filters())
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(figures), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            exports.to_xlsx(figures), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="kakehashi-programme.{fmt}"'
    return response


@staff_only
@require_POST
def publish(request: SignedInRequest) -> HttpResponse:
    published = request.POST.get("published") == "1"
    summary.set_published(request.user, published)
    messages.success(request, _("The programme summary is now public.") if published
                     else _("The programme summary is no longer public."))
    return redirect("programme:dashboard")


@public
def public_summary(request: HttpRequest) -> HttpResponse:
    published = summary.is_published()
    if not published and not request.user.is_staff:
        raise Http404
    return render(request, "programme/summary.html", {
        "sections": summary.summary(summary.SystemReader()), "published": published, "min_cell": summary.MIN_CELL,
    })
