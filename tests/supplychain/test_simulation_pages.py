"""Disruption simulation of a supplier list: who may run and read it (pages and API), what
it computes, its XLSX report, and bad input.

Actors, relative to the list of Hamamatsu Brakes (conftest `brake_list`):
- stranger: not signed in; unapproved: signed in, approval pending;
- non-member: an approved member of no organisation;
- other_org_member: an approved owner of another organisation;
- list_member: an approved member of Hamamatsu Brakes; staff.
"""

import datetime as dt
import io
import json

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from kakehashi.core.models import AuditEntry
from kakehashi.supplychain import planning
from kakehashi.supplychain.models import Simulation

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

CLOSE_CHINA = {"kind": "closure", "weeks": 4, "countries": "CN", "draws": 50, "seed": 1, "hazard_rate": 0.25}


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def simulation(brake_list, list_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the queued task runs (immediate backend)
        client_for(list_member).post(f"/supply-chain/lists/{brake_list.pk}/simulate/", CLOSE_CHINA)
    return Simulation.objects.get()


@pytest.fixture
def actors(unapproved, other_org_member, staff, list_member):
    return {"stranger": None, "unapproved": unapproved, "non_member": UserFactory(),
            "other_org_member": other_org_member, "member": list_member, "staff": staff}


EXPECTED = {"stranger": 302, "unapproved": 302, "non_member": 404, "other_org_member": 404, "member": 200, "staff": 200}


@pytest.mark.parametrize("actor", EXPECTED)
@pytest.mark.parametrize("path", ["/supply-chain/lists/{list}/simulate/", "/supply-chain/simulations/{sim}/",
                                  "/supply-chain/simulations/{sim}/report.xlsx"])
def test_simulation_pages_only_for_the_organisation_and_staff(actors, simulation, actor, path):
    url = path.format(list=simulation.supplier_list_id, sim=simulation.pk)

    response = client_for(actors[actor]).get(url)

    assert response.status_code == EXPECTED[actor]
    if actor == "stranger":
        assert response.headers["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("actor", ["non_member", "other_org_member"])
def test_outsiders_cannot_run_a_simulation(actors, brake_list, actor):
    response = client_for(actors[actor]).post(f"/supply-chain/lists/{brake_list.pk}/simulate/", CLOSE_CHINA)

    assert response.status_code == 404
    assert Simulation.objects.count() == 0


API_EXPECTED = {"stranger": 401, "unapproved": 403, "non_member": 404, "other_org_member": 404, "member": 202, "staff": 202}


@pytest.mark.parametrize("actor", API_EXPECTED)
def test_the_simulation_api_permission_matrix(actors, brake_list, actor):
    body = {"kind": "closure", "weeks": 4, "countries": ["CN"], "draws": 10}

    response = client_for(actors[actor]).post(f"/api/v1/supply-chain/lists/{brake_list.pk}/simulations",
                                              json.dumps(body), content_type="application/json")

    assert response.status_code == API_EXPECTED[actor]
    assert Simulation.objects.count() == (1 if API_EXPECTED[actor] == 202 else 0)


@pytest.mark.parametrize("actor", API_EXPECTED)
def test_reading_a_saved_simulation_through_the_api(actors, simulation, actor):
    response = client_for(actors[actor]).get(f"/api/v1/supply-chain/simulations/{simulation.pk}")

    assert response.status_code == {202: 200}.get(API_EXPECTED[actor], API_EXPECTED[actor])


def test_a_china_closure_before_and_after_moving_half_to_india(brake_list, list_member, django_capture_on_commit_callbacks):
    data = CLOSE_CHINA | {"move1_from_country": "CN", "move1_to_country": "IN", "move1_percent": 50}

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(list_member).post(f"/supply-chain/lists/{brake_list.pk}/simulate/", data)

    sim = Simulation.objects.get()
    assert response.status_code == 302 and response.headers["Location"] == f"/supply-chain/simulations/{sim.pk}/"
    # stock is drawn between half and all of its 7 days, so take the deterministic bounds:
    # brake discs lose 0.6 × 4 = 2.4 weeks × 100 a week, less 0.5–1 week of stock → 140–190
    assert 140 <= sim.results["before"]["expected_shortfall"] <= 190
    # after: 0.3 × 4 = 1.2 weeks → 20–70
    assert 20 <= sim.results["after"]["expected_shortfall"] <= 70
    assert sim.results["countries_after"] == pytest.approx({"CHN": 0.15, "JPN": 0.2, "IND": 0.65})
    assert sim.moves == [{"from_country": "CHN", "from_supplier": "", "to_country": "IND", "fraction": 0.5}]
    assert AuditEntry.objects.filter(action="supplychain.simulation_run").count() == 1
    page = client_for(list_member).get(f"/supply-chain/simulations/{sim.pk}/").content.decode()
    assert page.count("<svg") == 3


def test_the_api_queues_a_run_then_gives_exact_figures_for_a_deterministic_case(
        brake_list, list_member, django_capture_on_commit_callbacks):
    # a supplier closure within the stock: nothing short in any draw
    body = {"kind": "closure", "weeks": 1, "suppliers": ["Osaka Discs"], "draws": 20}
    client = client_for(list_member)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(f"/api/v1/supply-chain/lists/{brake_list.pk}/simulations",
                               json.dumps(body), content_type="application/json")
    sim_id = response.json()["id"]
    assert response.status_code == 202
    assert (response.json()["status"], response.json()["progress"], response.json()["before"]) == ("queued", 0, None)
    assert client.get(f"/api/v1/supply-chain/simulations/{sim_id}").json()["status"] == "queued"
    for callback in queued:
        callback()  # the task runs (immediate backend)
    polled = client.get(f"/api/v1/supply-chain/simulations/{sim_id}").json()

    assert (polled["status"], polled["progress"]) == ("done", 100)
    assert polled["before"]["expected_shortfall"] == 0.0
    assert polled["before"]["fill_rate"] == 1.0
    assert polled["before"]["demand_value"] == pytest.approx(10400.0)


def test_the_report_neutralises_formula_cells(brake_list, list_member, django_capture_on_commit_callbacks):
    client = client_for(list_member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/supply-chain/lists/{brake_list.pk}/simulate/", CLOSE_CHINA | {"countries": "CN,IN"})
    sim = Simulation.objects.get()

    response = client.get(f"/supply-chain/simulations/{sim.pk}/report.xlsx")

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(response.content))
    items = [row[0] for row in book["Items"].iter_rows(min_row=2, values_only=True)]
    assert items == ["'=HYPERLINK(\"http://x.example\")", "Brake disc"]
    assert all(cell.data_type != "f" for sheet in book for row in sheet.iter_rows() for cell in row)
    assert book["Summary"]["A2"].value == "Supplier list"


def test_the_report_is_in_the_viewer_language(simulation, list_member):
    list_member.language = "ja"
    list_member.save(update_fields=["language"])
    client = client_for(list_member)

    response = client.get(f"/supply-chain/simulations/{simulation.pk}/report.xlsx", headers={"accept-language": "ja"})

    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["概要", "品目", "国別支出", "情報源"]


@pytest.mark.parametrize(("change", "message"), [
    ({"weeks": 0}, "Ensure this value is greater than or equal to 1."),
    ({"weeks": 53}, "Ensure this value is less than or equal to 52."),
    ({"draws": 20001}, "Ensure this value is less than or equal to 20000."),
    ({"countries": "CN,Atlantis"}, "Unknown country code: Atlantis."),
    ({"countries": ""}, "Choose a country or a supplier to close."),
    ({"move1_to_country": "IN", "move1_percent": 20}, "Say which country or supplier to move shares from."),
])
def test_bad_scenarios_are_refused_on_the_page(brake_list, list_member, change, message):
    response = client_for(list_member).post(f"/supply-chain/lists/{brake_list.pk}/simulate/", CLOSE_CHINA | change)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Simulation.objects.count() == 0


@pytest.mark.parametrize(("change", "detail"), [
    ({"weeks": 60}, "Weeks must be from 1 to 52."),
    ({"draws": 50000}, "Draws must be from 1 to 20000."),
    ({"kind": "meteor"}, "Unknown scenario."),
    ({"countries": ["XX"]}, "Unknown country code: XX."),
    ({"suppliers": ["Nobody Ltd"], "countries": []}, "Unknown supplier: Nobody Ltd."),
    ({"moves": [{"to_country": "ZZ", "fraction": 0.5, "from_country": "CN"}]}, "Unknown country code: ZZ."),
])
def test_bad_scenarios_are_a_400_in_the_api(brake_list, list_member, change, detail):
    body = {"kind": "closure", "weeks": 4, "countries": ["CN"], "draws": 10} | change

    response = client_for(list_member).post(f"/api/v1/supply-chain/lists/{brake_list.pk}/simulations",
                                            json.dumps(body), content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"detail": detail}


def test_too_many_draws_for_a_large_list_is_refused(brake_list, list_member, settings):
    settings.SUPPLYCHAIN_SIMULATION_CELLS = 30  # 3 rows: at most 10 draws
    body = {"kind": "closure", "weeks": 4, "countries": ["CN"], "draws": 11}

    response = client_for(list_member).post(f"/api/v1/supply-chain/lists/{brake_list.pk}/simulations",
                                            json.dumps(body), content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"detail": "Too many draws for a list of this size: at most 10."}


# --- the run in the background: progress, twice, killed -----------------------------------


def _queued(brake_list, list_member) -> Simulation:
    """A run queued by the page, its task not run yet (callbacks after commit not executed)."""
    client_for(list_member).post(f"/supply-chain/lists/{brake_list.pk}/simulate/", CLOSE_CHINA)
    return Simulation.objects.get()


def test_a_queued_run_shows_its_progress_and_refreshes_until_done(brake_list, list_member):
    sim = _queued(brake_list, list_member)
    client = client_for(list_member)

    waiting = client.get(f"/supply-chain/simulations/{sim.pk}/").content.decode()
    report = client.get(f"/supply-chain/simulations/{sim.pk}/report.xlsx")
    assert planning.execute_simulation(sim.pk) == "done"
    done = client.get(f"/supply-chain/simulations/{sim.pk}/").content.decode()

    assert '<meta http-equiv="refresh" content="2">' in waiting
    assert '<progress max="100" value="0">' in waiting and "Waiting for a worker" in waiting
    assert report.status_code == 404
    assert "refresh" not in done and done.count("<svg") == 3


def test_a_run_executed_twice_is_computed_and_stored_once(brake_list, list_member):
    sim = _queued(brake_list, list_member)

    first = planning.execute_simulation(sim.pk)
    stored = Simulation.objects.get(pk=sim.pk)
    second = planning.execute_simulation(sim.pk)

    sim.refresh_from_db()
    assert (first, second) == ("done", "done")
    assert (sim.status, sim.attempts, sim.progress) == ("done", 1, 100)
    assert (sim.results, sim.finished_at) == (stored.results, stored.finished_at)


def test_a_run_whose_worker_was_killed_is_finished_by_the_requeued_task(brake_list, list_member, settings):
    """SIGKILL left the run RUNNING (claim 1) with a heartbeat older than the lease."""
    settings.TASK_LEASE_SECONDS = 5
    sim = _queued(brake_list, list_member)
    Simulation.objects.filter(pk=sim.pk).update(
        status="running", attempts=1, progress=40, heartbeat_at=timezone.now() - dt.timedelta(seconds=6))

    assert planning.execute_simulation(sim.pk) == "done"
    sim.refresh_from_db()
    assert (sim.status, sim.attempts, sim.progress) == ("done", 2, 100)
    assert 140 <= sim.results["before"]["expected_shortfall"] <= 190


def test_a_worker_whose_claim_was_taken_over_writes_nothing(brake_list, list_member):
    sim = _queued(brake_list, list_member)
    Simulation.objects.filter(pk=sim.pk).update(status="running", attempts=1, heartbeat_at=timezone.now())

    with pytest.raises(planning._ClaimLost):
        planning._beat(sim.pk, 0, 50)  # claim 0 is no longer the current one (claim 1 is)
    sim.refresh_from_db()
    assert (sim.status, sim.progress, sim.results) == ("running", 0, {})


def test_a_run_whose_workers_died_too_often_is_given_up_and_says_so(brake_list, list_member, settings):
    settings.TASK_LEASE_SECONDS = 5
    sim = _queued(brake_list, list_member)
    Simulation.objects.filter(pk=sim.pk).update(
        status="running", attempts=planning.MAX_ATTEMPTS, heartbeat_at=timezone.now() - dt.timedelta(seconds=6))

    assert planning.execute_simulation(sim.pk) == "failed"
    sim.refresh_from_db()
    page = client_for(list_member).get(f"/supply-chain/simulations/{sim.pk}/").content.decode()
    assert (sim.status, sim.error) == ("failed", "lost")
    assert "the workers running it stopped several times" in page


def test_the_202_says_where_to_poll(brake_list, list_member):
    body = {"kind": "closure", "weeks": 4, "countries": ["CN"], "draws": 10}

    response = client_for(list_member).post(f"/api/v1/supply-chain/lists/{brake_list.pk}/simulations",
                                            json.dumps(body), content_type="application/json")

    assert response.status_code == 202
    assert response.headers["Location"] == f"/api/v1/supply-chain/simulations/{response.json()['id']}"


LIST_EXPECTED = {"stranger": 401, "unapproved": 403, "non_member": 404, "other_org_member": 404, "member": 200, "staff": 200}


@pytest.mark.parametrize("actor", LIST_EXPECTED)
def test_listing_a_lists_simulations_through_the_api(actors, simulation, actor):
    response = client_for(actors[actor]).get(f"/api/v1/supply-chain/lists/{simulation.supplier_list_id}/simulations")

    assert response.status_code == LIST_EXPECTED[actor]
    if response.status_code == 200:
        assert [(s["id"], s["status"]) for s in response.json()] == [(simulation.pk, "done")]


def test_the_rows_of_a_list_are_read_for_the_simulator_in_one_query(brake_list, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = planning.portfolio_rows(brake_list)

    assert [(r.item, r.country, r.annual_spend, r.share) for r in rows] == [
        ("Brake disc", "CHN", 3120.0, 60.0), ("Brake disc", "JPN", 2080.0, 40.0),
        ("=HYPERLINK(\"http://x.example\")", "IND", 5200.0, 100.0)]
