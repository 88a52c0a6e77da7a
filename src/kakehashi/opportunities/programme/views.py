"""The staff programme view: figures, charts (SVG) and CSV exports."""

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kakehashi.accounts.auth import SignedInRequest
from kakehashi.core.permissions import staff_only

from . import charts, dismissals, exports, queries

BAR_CHARTS = {
    "aims": (queries.by_aim, lambda: _("Opportunities by aim")),
    "kinds": (queries.by_kind, lambda: _("Opportunities by kind")),
    "countries": (queries.by_country, lambda: _("Opportunities by organisation country")),
    "sectors": (queries.by_sector_section, lambda: _("Opportunities by sector section")),
    "statuses": (queries.by_status, lambda: _("Opportunities by status")),
    "interests": (queries.interests_by_state, lambda: _("Expressions of interest by state")),
    "outcomes": (queries.outcomes_by_type, lambda: _("Outcomes by type")),
}


@staff_only
def programme(request: SignedInRequest) -> HttpResponse:
    tables = [(name, title(), rows()) for name, (rows, title) in BAR_CHARTS.items()]
    return render(
        request,
        "opportunities/programme/programme.html",
        {
            "totals": queries.totals(),
            "tables": tables,
            "monthly": queries.monthly(),
            "series_labels": [str(label) for label in queries.SERIES_LABELS.values()],
            "exports": list(exports.EXPORTS),
            "dismissals": dismissals.dismissal_rates(),
        },
    )


def _chart_svg(name: str) -> bytes:
    if name == "monthly":
        rows = queries.monthly()

        def series(*keys: str) -> list[tuple[str, list[int]]]:
            return [(str(queries.SERIES_LABELS[key]), [r[key] for r in rows]) for key in keys]

        svg = charts.monthly_chart(
            [r["month"] for r in rows],
            [
                (_("Opportunities and matches per month"), series("published", "matches")),
                (_("Interests, introductions and outcomes per month"), series("interests", "introductions", "outcomes")),
            ],
        )
    elif name == "dismissals":
        rates = dismissals.dismissal_rates()
        svg = charts.bar_chart(
            [(rate.label, rate.percent or 0) for rate in [*rates.by_strength, *rates.by_language]],
            _("Matches dismissed as not relevant, per 100 shown"),
        )
    elif name in BAR_CHARTS:
        bar_rows, title = BAR_CHARTS[name]
        svg = charts.bar_chart([(label, n) for _code, label, n in bar_rows()], title())
    else:
        raise Http404
    return svg


@staff_only
def chart(request: SignedInRequest, name: str) -> HttpResponse:
    with charts.drawing:  # see charts.drawing
        svg = _chart_svg(name)
    return charts.svg_response(svg)


@staff_only
def export(request: SignedInRequest, name: str) -> StreamingHttpResponse:
    if name not in exports.EXPORTS:
        raise Http404
    header, rows = exports.EXPORTS[name]
    response = StreamingHttpResponse(exports.stream(header, rows()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(name)}"'
    return response
