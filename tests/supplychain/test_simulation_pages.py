"""Disruption simulation of a supplier list: who may run and read it (pages and API), what
it computes, its XLSX report, and bad input.

Actors, relative to the list of Hamamatsu Brakes (conftest `brake_list`):
- stranger: not signed in; unapproved: signed in, approval pending;
- non-member: an approved member of no organisation;
- other_org_member: an approved owner of another organisation;
- list_member: an approved member of Hamamatsu Brakes; staff.
"""

import io
import json

import pytest
from django.test import Client
from openpyxl import load_workbook

from kakehashi.core.models import AuditEntry
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
def simulation(brake_list, list_member):
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


API_EXPECTED = {"stranger": 401, "unapproved": 403, "non_member": 404, "other_org_member": 404, "member": 201, "staff": 201}


@pytest.mark.parametrize("actor", API_EXPECTED)
def test_the_simulation_api_permission_matrix(actors, brake_list, actor):
    body = {"kind": "closure", "weeks": 4, "countries": ["CN"], "draws": 10}

    response = client_for(actors[actor]).post(f"/api/v1/supply-chain/lists/{brake_list.pk}/simulations",
                                              json.dumps(body), content_type="application/json")

    assert response.status_code == API_EXPECTED[actor]
    assert Simulation.objects.count() == (1 if API_EXPECTED[actor] == 201 else 0)


@pytest.mark.parametrize("actor", API_EXPECTED)
def test_reading_a_saved_simulation_through_the_api(actors, simulation, actor):
    response = client_for(actors[actor]).get(f"/api/v1/supply-chain/simulations/{simulation.pk}")

    assert response.status_code == {201: 200}.get(API_EXPECTED[actor], API_EXPECTED[actor])


def test_a_china_closure_before_and_after_moving_half_to_india(brake_list, list_member):
    data = CLOSE_CHINA | {"move1_from_country": "CN", "move1_to_country": "IN", "move1_percent": 50}

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


def test_the_api_gives_exact_figures_for_a_deterministic_case(brake_list, list_member):
    # a supplier closure within the stock: nothing short in any draw
    body = {"kind": "closure", "weeks": 1, "suppliers": ["Osaka Discs"], "draws": 20}

    response = client_for(list_member).post(f"/api/v1/supply-chain/lists/{brake_list.pk}/simulations",
                                            json.dumps(body), content_type="application/json")

    assert response.status_code == 201
    assert response.json()["before"]["expected_shortfall"] == 0.0
    assert response.json()["before"]["fill_rate"] == 1.0
    assert response.json()["before"]["demand_value"] == pytest.approx(10400.0)


def test_the_report_neutralises_formula_cells(brake_list, list_member):
    client = client_for(list_member)
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
