"""A Japanese member adjusts a weight of the country scores, runs a disruption scenario on
their organisation's supplier list with a re-allocation, and downloads the XLSX report."""

import re

import pytest
from openpyxl import load_workbook

from kakehashi.supplychain.models import CountryWeights, Simulation

from ..factories import MembershipFactory, OrganisationFactory, SupplierListFactory, SupplierRowFactory
from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_adjusts_a_weight_runs_a_scenario_and_downloads_the_report(new_page, tmp_path):
    maker = OrganisationFactory(name="浜松ブレーキ", country="JP", region_code="JP-22", city="Hamamatsu")
    member = MembershipFactory(organisation=maker, user__language="ja", user__email="buyer@example.jp").user
    brakes = SupplierListFactory(organisation=maker, name="ブレーキ部品")
    SupplierRowFactory(supplier_list=brakes, item="ブレーキディスク", supplier="上海制動", country="CN", spend=3120,
                       volume_share=60, lead_time_days=14, inventory_cover_days=7)
    SupplierRowFactory(supplier_list=brakes, item="ブレーキディスク", supplier="大阪ディスク", country="JP", spend=2080,
                       volume_share=40, lead_time_days=14, inventory_cover_days=7)

    page = new_page("ja")
    sign_in(page, member.email)
    page.goto("/supply-chain/countries/")
    page.get_by_role("link", name="重みと投資評価を調整").click()
    page.fill("input[name=weight_logistics]", "50")
    page.fill("input[name=rating_IND]", "8")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/supply-chain/countries/\?countries="))
    assert CountryWeights.objects.get(user=member).weights["logistics"] == 50.0
    assert page.locator("table.country-scores tbody tr").nth(1).locator("td").first.inner_text() == "50"

    page.goto(f"/supply-chain/lists/{brakes.pk}/simulate/")
    page.select_option("select[name=kind]", "closure")
    page.fill("input[name=weeks]", "4")
    page.fill("input[name=countries]", "CN")
    page.fill("input[name=draws]", "200")
    page.fill("input[name=move1_from_country]", "CN")
    page.fill("input[name=move1_to_country]", "IN")
    page.fill("input[name=move1_percent]", "50")
    page.get_by_role("button", name="シミュレーションを実行").click()
    page.wait_for_url(re.compile(r"/supply-chain/simulations/\d+/$"))
    simulation = Simulation.objects.get()
    assert page.locator("h1").inner_text() == "途絶シミュレーション"
    assert page.locator("svg.chart").count() == 3
    before = float(page.locator("td.before-es").inner_text().replace(",", ""))
    after = float(page.locator("td.after-es").inner_text().replace(",", ""))
    assert before == round(simulation.results["before"]["expected_shortfall"])
    assert after < before

    with page.expect_download() as download:
        page.get_by_role("link", name="レポートをダウンロード（XLSX）").click()
    path = tmp_path / "report.xlsx"
    download.value.save_as(path)
    book = load_workbook(path)
    assert book.sheetnames == ["概要", "品目", "国別支出", "情報源"]
    assert [row[0] for row in book["品目"].iter_rows(min_row=2, values_only=True)] == ["ブレーキディスク"]
