"""Issue 15's supplier-list flow in a real browser: a Japanese member uploads a Shift_JIS CSV
saved by Japanese Excel, sees the HHI and the single-country items, gets an Indian supplier
from the directory for an item described in Japanese, and requests an introduction (the
opportunities' expression-of-interest form)."""

import re

import pytest

from kakehashi.opportunities.models import Interest

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


def test_japanese_member_uploads_shift_jis_sees_concentration_and_requests_an_introduction(new_page, tmp_path):
    maker = OrganisationFactory(name="Chubu Brake Works", country="JP", region_code="JP-23", city="Nagoya")
    buyer = MembershipFactory(organisation=maker, role="owner", user=UserFactory(email="sato@chubu.example.jp", language="ja")).user
    pune = OrganisationFactory(name="Pune Brake Systems", country="IN", region_code="IN-MH", city="Pune")
    offer = published(pune, "manufacturing_offer", "Brake calipers and disc brake parts for cars",
                      "Casting and machining of brake calipers for automotive OEMs in Pune.")
    textiles = OrganisationFactory(name="Tiruppur Knits", country="IN", region_code="IN-TN")
    published(textiles, "manufacturing_offer", "Knitted cotton garments for fashion brands",
              "Dyeing, printing and sewing of knitted cotton T-shirts.", sectors=("14",))
    upload = tmp_path / "仕入先一覧.csv"
    upload.write_bytes(CSV)

    page = new_page("ja")
    sign_in(page, buyer.email)
    page.goto("/supply-chain/")
    page.locator("#id_name").fill("ブレーキ部品")
    page.locator("#id_file").set_input_files(str(upload))
    page.locator("#upload-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/supply-chain/lists/\d+/$"))

    assert "Shift_JIS (CP932)" in page.locator("main").inner_text()
    assert page.locator("#hhi-country").inner_text() == "7773 — 高度に集中"
    assert page.locator("#single-country-items li").all_inner_texts() == ["ワイヤーハーネス — CN"]
    assert page.locator("svg.chart text").first.text_content() == "中国"

    page.get_by_role("link", name="インドと日本の代替サプライヤーを探す").click()
    page.wait_for_url(re.compile(r"/alternatives/$"))
    brakes = page.locator("section.alternative-item").filter(has_text="ブレーキキャリパー")
    assert brakes.locator("li a").first.inner_text() == "Brake calipers and disc brake parts for cars"
    assert "Knitted cotton" not in page.locator("main").inner_text()

    brakes.get_by_role("link", name="紹介を依頼する").first.click()
    page.wait_for_url(re.compile(rf"/opportunities/{offer.reference}/interest/$"))
    page.locator("textarea[name=message]").fill("ブレーキキャリパーの調達先を分散したく、ご相談させてください。")
    page.locator("form.interest-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/opportunities/interests/\d+/$"))
    assert Interest.objects.get().opportunity == offer
