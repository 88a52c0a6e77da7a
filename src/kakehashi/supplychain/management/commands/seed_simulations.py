"""`kakehashi seed_simulations` (run by `kakehashi seed-demo` after `seed_supplychain`): a
saved disruption simulation on each demo organisation's newest supplier list, queued through
the same service as the page and run at once (the queued task then finds it done).

- Owari Electric Components: China closed for 6 weeks, before and after moving 30 % of the
  China spend to India.
- Yamuna Electronics: INFORM hazard draws (6 weeks), before and after moving half of the
  Taiwan spend to Japan.

Deterministic (fixed seeds) and idempotent: a list that already has a simulation is left alone.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kakehashi.accounts import people

from ... import planning
from ...models import ListStatus, SupplierList
from ...simulation import Move, Scenario

DEMO = {
    "owari-electric-components": (Scenario("closure", 6, ("CHN",), draws=2000, seed=7), [Move("IND", 0.3, from_country="CHN")]),
    "yamuna-electronics": (Scenario("hazard", 6, draws=2000, seed=7), [Move("JPN", 0.5, from_country="TWN")]),
}


class Command(BaseCommand):
    help = "Demo disruption simulations on the demo supplier lists (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        for slug, (scenario, moves) in DEMO.items():
            newest = (SupplierList.objects.filter(organisation__slug=slug, status=ListStatus.READY)
                      .order_by("-version").first())
            if newest is None or newest.simulations.exists():
                continue
            runner = people.people_of(newest.organisation_id).order_by("pk").first()
            if runner is None:
                continue
            queued = planning.start_simulation(runner, newest, scenario, moves)
            planning.execute_simulation(queued.pk)  # at once; the queued task then finds it done
            self.stdout.write(f"simulation on {slug} {newest.name} v{newest.version}")
