"""Disruption simulation of a supplier list: the scenario form (which queues a run for the
task worker), the run's page (progress while it runs, then the printable result with
charts) and the XLSX report. Only the list's organisation's members and staff."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kakehashi.accounts.auth import SignedInRequest
from kakehashi.core.permissions import approved_member

from .. import planning, queries, reports, simcharts
from ..forms import SimulationForm
from ..models import Simulation, SimulationStatus
from ..simulation import SimulationInputError


@approved_member
def simulate(request: SignedInRequest, pk: int) -> HttpResponse:
    supplier_list = queries.ready_list_for(request.user, pk)
    form = SimulationForm(request.POST or None, suppliers=queries.supplier_names(supplier_list))
    if request.method == "POST" and form.is_valid():
        try:
            sim = planning.start_simulation(request.user, supplier_list, form.scenario(), form.cleaned_moves)
        except SimulationInputError as error:
            form.add_error(None, str(error))
        else:
            return redirect("supplychain:simulation", pk=sim.pk)
    return render(request, "supplychain/simulate.html", {
        "supplier_list": supplier_list, "form": form, "simulations": queries.simulations_of(supplier_list)[:20],
    }, status=400 if request.method == "POST" else 200)


def result_charts(sim: Simulation) -> dict:
    results = sim.results
    legend = (_("before"), _("after re-allocation"))
    shares = sorted(set(results["countries_before"]) | set(results["countries_after"]),
                    key=lambda c: -max(results["countries_before"].get(c, 0), results["countries_after"].get(c, 0)))
    countries = simcharts.paired_bars(
        [(reports.country_label(c), results["countries_before"].get(c, 0.0), results["countries_after"].get(c, 0.0),
          f"{results['countries_before'].get(c, 0.0):.0%}", f"{results['countries_after'].get(c, 0.0):.0%}")
         for c in shares[:12]], _("Share of spend by country"), legend)
    items = simcharts.paired_bars(
        [(row["item"][:40], row["before"], row["after"], f"{row['before']:,.0f}", f"{row['after']:,.0f}")
         for row in results["items"][:10]], _("Expected shortfall by item (value)"), legend)
    histogram = results["histogram"]
    distribution = simcharts.histogram(
        histogram["edges"], histogram["before"], histogram["after"], _("Share of draws by shortfall"), legend,
        ("0", f"{histogram['edges'][-1]:,.0f}"),
    )
    return {"country_chart": countries, "item_chart": items, "histogram_chart": distribution}


@approved_member
def result(request: SignedInRequest, pk: int) -> HttpResponse:
    sim = queries.simulation_for(request.user, pk)
    if sim.status != SimulationStatus.DONE:
        return render(request, "supplychain/simulation.html", {
            "sim": sim, "working": sim.status in (SimulationStatus.QUEUED, SimulationStatus.RUNNING),
        })
    return render(request, "supplychain/simulation.html", {"sim": sim, "r": sim.results, **result_charts(sim)})


@approved_member
def report(request: SignedInRequest, pk: int) -> HttpResponse:
    sim = queries.simulation_for(request.user, pk)
    if sim.status != SimulationStatus.DONE:
        raise Http404
    response = HttpResponse(
        reports.workbook(sim), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="kakehashi-simulation-{sim.pk}.xlsx"'
    return response
