"""Issue 15's "Done when", as one flow in a real browser: a Japanese member (Japanese
interface) uploads a Shift_JIS CSV saved by Japanese Excel, sees the HHI and the
single-country items, adjusts a weight of the country scores, gets an Indian supplier from
the directory for an item described in Japanese, requests an introduction (the
opportunities' expression-of-interest form), runs a disruption scenario and downloads the
XLSX report.

Background work goes through the database task queue, as in production: the import and the
simulation are queued by the request, their pages show a progress bar, and this test's own
worker (django-tasks-db's, in batch mode) runs them while the browser is away from the
self-refreshing page (on SQLite the live server shares the test's connection)."""

import re

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from kakehashi.opportunities.models import Interest
from kakehashi.supplychain.models import CountryWeights, Simulation, SupplierList

from ..factories import MembershipFactory, OrganisationFactory, UserFactory
from ..opportunities.matches.helpers import published
from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "品目,HSコード,仕入先,国,年間調達額,通貨,数量シェア,リードタイム（日）,在庫日数,認定代替先数\r\n"
    "ブレーキキャリパー,8708.30,寧波精密,中国,\"12,500,000\",JPY,80,40,30,0\r\n"
    "ブレーキキャリパー,870830,東海ブレーキ,日本,3000000,JPY,20,10,14,0\r\n"
    "ワイヤーハーネス,854430,蘇州線束,中国,8000000,JPY,100,35,21,0\r\n"
).encode("cp932")


def run_queued_tasks(page, url: str) -> None:
    """The worker runs what the requests queued while the browser waits on a blank page;
    then the member comes back to `url`."""
    page.goto("about:blank")
    call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)
    page.goto(url)


def test_japanese_member_from_shift_jis_upload_to_the_simulation_report(new_page, tmp_path, settings):
    maker = OrganisationFactory(name="Chubu Brake Works", country="JP", region_code="JP-23", city="Nagoya")
    buyer = MembershipFactory(organisation=maker, role="owner", user=UserFactory(email="sato@chubu.example.jp", language="ja")).user
    pune = OrganisationFactory(name="Pune Brake Systems", country="IN", region_code="IN-MH", city="Pune")
    offer = published(pune, "manufacturing_offer", "Brake calipers and disc brake parts for cars",
                      "Casting and machining of brake calipers for automotive OEMs in Pune.")
    textiles = OrganisationFactory(name="Tiruppur Knits", country="IN", region_code="IN-TN")
    published(textiles, "manufacturing_offer", "Knitted cotton garments for fashion brands",
              "Dyeing, printing and sewing of knitted cotton T-shirts.", sectors=("14",))
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # from here on, requests only queue
    upload = tmp_path / "仕入先一覧.csv"
    upload.write_bytes(CSV)
    page = new_page("ja")
    sign_in(page, buyer.email)

    # Upload: the import is queued and its page shows a progress bar until the worker ran it
    page.goto("/supply-chain/")
    page.locator("#id_name").fill("ブレーキ部品")
    page.locator("#id_file").set_input_files(str(upload))
    page.locator("#upload-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/supply-chain/lists/\d+/$"))
    list_url = page.url
    assert page.locator(".import-progress progress").count() == 1
    run_queued_tasks(page, list_url)

    # Concentration: HHI, single-country items, a chart labelled in Japanese
    assert "Shift_JIS (CP932)" in page.locator("main").inner_text()
    assert page.locator("#hhi-country").inner_text() == "7773 — 高度に集中"
    assert page.locator("#single-country-items li").all_inner_texts() == ["ワイヤーハーネス — CN"]
    assert page.locator("svg.chart text").first.text_content() == "中国"

    # Country scores: the member doubles the logistics weight and rates India
    page.get_by_role("link", name="国を比較").click()
    page.get_by_role("link", name="重みと投資評価を調整").click()
    page.fill("input[name=weight_logistics]", "50")
    page.fill("input[name=rating_IND]", "8")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/supply-chain/countries/\?countries="))
    assert CountryWeights.objects.get(user=buyer).weights["logistics"] == 50.0
    assert page.locator("table.country-scores tbody tr").nth(1).locator("td").first.inner_text() == "50"

    # Alternatives: the Indian brake maker for ブレーキキャリパー, not the knitwear one
    page.goto(list_url)
    page.get_by_role("link", name="インドと日本の代替サプライヤーを探す").click()
    page.wait_for_url(re.compile(r"/alternatives/$"))
    brakes = page.locator("section.alternative-item").filter(has_text="ブレーキキャリパー")
    assert brakes.locator("li a").first.inner_text() == "Brake calipers and disc brake parts for cars"
    assert "Knitted cotton" not in page.locator("main").inner_text()

    # Request an introduction: the expression-of-interest form of the offer
    brakes.get_by_role("link", name="紹介を依頼する").first.click()
    page.wait_for_url(re.compile(rf"/opportunities/{offer.reference}/interest/$"))
    page.locator("textarea[name=message]").fill("ブレーキキャリパーの調達先を分散したく、ご相談させてください。")
    page.locator("form.interest-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/opportunities/interests/\d+/$"))
    assert Interest.objects.get().opportunity == offer

    # Disruption: China closed for 4 weeks, before and after moving half of China to India
    page.goto(list_url)
    page.get_by_role("link", name="途絶をシミュレーション").click()
    page.select_option("select[name=kind]", "closure")
    page.fill("input[name=weeks]", "4")
    page.fill("input[name=countries]", "CN")
    page.fill("input[name=draws]", "200")
    page.fill("input[name=move1_from_country]", "CN")
    page.fill("input[name=move1_to_country]", "IN")
    page.fill("input[name=move1_percent]", "50")
    page.get_by_role("button", name="シミュレーションを実行").click()
    page.wait_for_url(re.compile(r"/supply-chain/simulations/\d+/$"))
    simulation_url = page.url
    assert page.locator(".simulation-progress progress").count() == 1
    assert Simulation.objects.get().status == "queued"
    run_queued_tasks(page, simulation_url)
    simulation = Simulation.objects.get()
    assert simulation.status == "done"
    assert page.locator("h1").inner_text() == "途絶シミュレーション"
    assert page.locator("svg.chart").count() == 3
    before = float(page.locator("td.before-es").inner_text().replace(",", ""))
    after = float(page.locator("td.after-es").inner_text().replace(",", ""))
    assert before == round(simulation.results["before"]["expected_shortfall"])
    assert 0 < after < before

    # The XLSX report, in Japanese, with the run's figures
    with page.expect_download() as download:
        page.get_by_role("link", name="レポートをダウンロード（XLSX）").click()
    path = tmp_path / "report.xlsx"
    download.value.save_as(path)
    book = load_workbook(path)
    assert book.sheetnames == ["概要", "品目", "国別支出", "情報源"]
    summary = {row[0]: row[1:] for row in book["概要"].iter_rows(min_row=2, values_only=True) if row[0]}
    assert summary["サプライヤーリスト"][0] == str(SupplierList.objects.get())
    assert summary["停止する国"][0] == "CHN"
    assert summary["期待不足額"] == pytest.approx((simulation.results["before"]["expected_shortfall"],
                                              simulation.results["after"]["expected_shortfall"]))
    items = [row[0] for row in book["品目"].iter_rows(min_row=2, values_only=True)]
    assert sorted(items) == ["ブレーキキャリパー", "ワイヤーハーネス"]
    assert items == [row["item"] for row in simulation.results["items"]]
    india = [row[1:] for row in book["国別支出"].iter_rows(min_row=2, values_only=True) if row[0].endswith("(IND)")]
    assert india == [(0.0, pytest.approx(simulation.results["countries_after"]["IND"]))]
