import pytest

from tests.factories import MembershipFactory, OrganisationFactory

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
