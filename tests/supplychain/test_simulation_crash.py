"""A worker SIGKILLed in the middle of a disruption simulation: the run is finished by the
requeued task, exactly once, with the figures an uninterrupted run gives. Real `kakehashi
worker` processes and the database queue, on SQLite (a file) or on PostgreSQL when
DATABASE_URL names one (tests/core/crash.py's Installation: its own database, short leases).
"""

import json
import signal

from ..core import crash

SETUP = """
from django.db import transaction
from tests.factories import MembershipFactory, OrganisationFactory, SupplierListFactory
from kakehashi.supplychain import planning
from kakehashi.supplychain.models import SupplierRow
from kakehashi.supplychain.simulation import Move, Scenario
maker = OrganisationFactory(name="Hamamatsu Brakes", country="JP", region_code="JP-22")
member = MembershipFactory(organisation=maker).user
brakes = SupplierListFactory(organisation=maker, name="Brake parts")
countries = ["CN", "VN", "TH", "JP", "IN", "MX"]
SupplierRow.objects.bulk_create([
    SupplierRow(supplier_list=brakes, row_number=n + 2, item=f"Part {{n // 3}}", supplier=f"Supplier {{n % 40}}",
                country=countries[n % 6], spend=1000 + n, currency="USD", volume_share=None, lead_time_days=7 + n % 30,
                inventory_cover_days=n % 20, qualified_alternates=n % 3)
    for n in range({rows})])
with transaction.atomic():
    sim = planning.start_simulation(member, brakes, Scenario("hazard", 8, draws={draws}, seed=11),
                                    [Move("IND", 0.4, from_country="CHN")])
print(sim.pk, brakes.pk, member.pk)
"""

REFERENCE = """
import json
from kakehashi.accounts.models import User
from kakehashi.supplychain import planning
from kakehashi.supplychain.models import Simulation, SupplierList
from kakehashi.supplychain.simulation import Move, Scenario
from django_tasks_db.models import DBTaskResult
sim = planning.start_simulation(User.objects.get(pk={member}), SupplierList.objects.get(pk={list_id}),
                                Scenario("hazard", 8, draws={draws}, seed=11), [Move("IND", 0.4, from_country="CHN")])
DBTaskResult.objects.filter(status="READY").delete()  # computed here, not by the worker
planning.execute_simulation(sim.pk)
print(json.dumps(Simulation.objects.get(pk=sim.pk).results["before"]))
"""


site = crash.site_fixture(SUPPLYCHAIN_SIMULATION_CELLS="200000000")


def test_a_simulation_killed_midway_is_finished_once_by_the_requeued_task(site):
    rows, draws = 6000, 12000
    sim_id, list_id, member = map(int, site.shell(SETUP.format(rows=rows, draws=draws)).split())
    progress = f"SELECT progress FROM supplychain_simulation WHERE id = {sim_id}"

    process = site.start("worker")
    site.wait_until(lambda: site.scalar(progress) >= 20 or process.poll() is not None, seconds=180, poll=0.01,
                    what="the simulation past 20 %")
    site.kill(process)
    killed_at = site.rows(f"SELECT status, progress, attempts FROM supplychain_simulation WHERE id = {sim_id}")[0]
    restarted = site.start("worker")
    site.wait_until(
        lambda: site.scalar(f"SELECT COUNT(*) FROM supplychain_simulation WHERE id = {sim_id} AND status = 'done'") == 1
        and site.drained(), seconds=240, poll=0.3, what="the simulation done and the queue drained")
    site.kill(restarted)

    assert process.returncode == -signal.SIGKILL
    assert killed_at[0] == "running" and 20 <= killed_at[1] < 100 and killed_at[2] == 1
    status, attempts, results = site.rows(f"SELECT status, attempts, results FROM supplychain_simulation WHERE id = {sim_id}")[0]
    results = results if isinstance(results, dict) else json.loads(results)
    assert (status, attempts) == ("done", 2)
    assert site.scalar("SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status = 'FAILED'") == 0
    assert site.scalar("SELECT COUNT(*) FROM core_auditentry WHERE action = 'supplychain.simulation_run'") == 1
    reference = json.loads(site.shell(REFERENCE.format(member=member, list_id=list_id, draws=draws)).strip().splitlines()[-1])
    assert results["before"] == reference
