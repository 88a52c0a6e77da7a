import pytest

from tests.factories import MembershipFactory, OrganisationFactory, SupplierListFactory, SupplierRowFactory

JA_HEADER = "品目,HSコード,仕入先,国,年間調達額,通貨,数量シェア,リードタイム（日）,在庫日数,認定代替先数"
JA_ROWS = [
    "ブレーキキャリパー,8708.30,ハノイ精密,ベトナム,\"1,250,000\",JPY,60,45,30,1",
    "ブレーキキャリパー,870830,プネ鋳造,インド,830000,JPY,40,35,21,0",
    "ワイヤーハーネス,8544,タイ電装,タイ,800000,JPY,100,20,14,0",
]


def ja_csv(rows=JA_ROWS, encoding="cp932") -> bytes:
    return ("\r\n".join([JA_HEADER, *rows]) + "\r\n").encode(encoding)


@pytest.fixture
def maker(db):
    """A Japanese auto-parts maker with one member."""
    return OrganisationFactory(name="Chubu Brake Works", country="JP", region_code="JP-23", city="Nagoya")


@pytest.fixture
def buyer(maker):
    return MembershipFactory(organisation=maker, role="member").user


@pytest.fixture
def brake_list(db):
    """A Japanese auto-parts maker's list: brake discs 60 % from China (no alternate) and 40 %
    from Japan, 5,200 a year, one week of stock; and a formula-like item from India."""
    organisation = OrganisationFactory(name="Hamamatsu Brakes", country="JP", region_code="JP-22", city="Hamamatsu")
    supplier_list = SupplierListFactory(organisation=organisation, name="Brake parts")
    SupplierRowFactory(supplier_list=supplier_list, item="Brake disc", supplier="Shanghai Brakes", country="CN",
                       spend=3120, volume_share=60, lead_time_days=14, inventory_cover_days=7)
    SupplierRowFactory(supplier_list=supplier_list, item="Brake disc", supplier="Osaka Discs", country="JP",
                       spend=2080, volume_share=40, lead_time_days=14, inventory_cover_days=7)
    # An item name a spreadsheet would run as a formula; all from India, which no test closes
    SupplierRowFactory(supplier_list=supplier_list, item="=HYPERLINK(\"http://x.example\")", supplier="Pune Castings",
                       country="IN", spend=5200, volume_share=100, lead_time_days=30, inventory_cover_days=0)
    return supplier_list


@pytest.fixture
def list_member(brake_list):
    return MembershipFactory(organisation=brake_list.organisation, role="member").user
