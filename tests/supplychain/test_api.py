"""API of supplychain: upload, mapping, status and problems, analysis, comparison,
alternatives; private to the list's organisation and staff; bad files are JSON 400s."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kakehashi.supplychain.models import ListStatus, SupplierList
from tests.api import FORBIDDEN, NOT_FOUND, UNAUTHENTICATED, api_url, bearer_client, json_request
from tests.factories import StaffFactory, UserFactory

from .conftest import JA_ROWS, ja_csv

pytestmark = pytest.mark.django_db


class Answer:
    """The upload's response, and the list as read back once the queued import has run."""

    def __init__(self, response, client):
        self.status_code = response.status_code
        self.response = response
        self.client = client

    def json(self):
        body = self.response.json()
        if self.status_code != 201:
            return body
        return self.client.get(api_url(f"supply-chain/lists/{body['id']}")).json()


def post_upload(client, organisation, data, *, capture, name="Brakes", file_name="s.csv"):
    with capture(execute=True):
        response = client.post(api_url("supply-chain/lists"), {
            "organisation": organisation, "name": name, "file": SimpleUploadedFile(file_name, data),
        })
    return Answer(response, client)


@pytest.fixture
def uploaded(buyer, maker, django_capture_on_commit_callbacks):
    response = post_upload(bearer_client(buyer), maker.slug, ja_csv(), capture=django_capture_on_commit_callbacks)
    assert response.status_code == 201
    return response.json()


def test_member_uploads_a_shift_jis_csv_and_reads_the_analysis(buyer, uploaded):
    assert (uploaded["status"], uploaded["encoding"], uploaded["row_count"], uploaded["version"]) == ("ready", "cp932", 3, 1)
    body = bearer_client(buyer).get(api_url(f"supply-chain/lists/{uploaded['id']}/analysis")).json()
    analysis = body["analysis"]
    assert (analysis["hhi_country"], analysis["band_country"], analysis["single_country"]) == (3485.97, "high", 1)
    assert [c["country"] for c in analysis["by_country"]] == ["VN", "IN", "TH"]


def test_failed_import_lists_its_problems_with_rows_in_the_callers_language(buyer, maker, django_capture_on_commit_callbacks):
    data = ja_csv(["ボルト,7318,東洋,Vietnm,-5,JPY,,,,"])
    body = post_upload(bearer_client(buyer), maker.slug, data, capture=django_capture_on_commit_callbacks).json()
    assert body["status"] == "failed"
    ja = bearer_client(buyer).get(api_url(f"supply-chain/lists/{body['id']}"), HTTP_ACCEPT_LANGUAGE="ja").json()
    assert [(p["row"], p["code"]) for p in ja["problems"]] == [(2, "unknown_country"), (2, "negative")]
    assert ja["problems"][0]["message"] == "「Vietnm」は登録されていない国名です。 もしかして: ベトナム (VN), ベネズエラ (VE)?"


def test_unreadable_file_is_a_400_and_stores_nothing(buyer, maker, django_capture_on_commit_callbacks):
    response = post_upload(bearer_client(buyer), maker.slug, b"PK\x03\x04junk", capture=django_capture_on_commit_callbacks, file_name="s.xlsx")
    assert (response.status_code, response.json()) == (400, {"detail": [{"loc": ["body", "file"], "msg": "The file is not a readable XLSX workbook."}]})
    assert SupplierList.objects.count() == 0


def test_mapping_then_import(buyer, maker, django_capture_on_commit_callbacks):
    data = b"Part,Vendor name,Made in,Value,Curr\r\nBrake caliper,Hanoi Precision,Vietnam,1000,USD\r\n"
    body = post_upload(bearer_client(buyer), maker.slug, data, capture=django_capture_on_commit_callbacks).json()
    assert body["status"] == "mapping"
    mapping = {"item": "Part", "supplier": "Vendor name", "country": "Made in", "spend": "Value", "currency": "Curr"}
    with django_capture_on_commit_callbacks(execute=True):
        response = json_request(bearer_client(buyer), "put", api_url(f"supply-chain/lists/{body['id']}/mapping"), {"mapping": mapping})
    assert (response.status_code, response.json()["status"]) == (200, "queued")
    after = bearer_client(buyer).get(api_url(f"supply-chain/lists/{body['id']}")).json()
    assert (after["status"], after["row_count"]) == ("ready", 1)


def test_mapping_missing_a_column_is_a_400(buyer, maker, django_capture_on_commit_callbacks):
    data = b"Part,Vendor name,Made in,Value,Curr\r\nBrake caliper,Hanoi Precision,Vietnam,1000,USD\r\n"
    body = post_upload(bearer_client(buyer), maker.slug, data, capture=django_capture_on_commit_callbacks).json()
    response = json_request(bearer_client(buyer), "put", api_url(f"supply-chain/lists/{body['id']}/mapping"), {"mapping": {"item": "Part"}})
    assert response.status_code == 400
    assert response.json()["detail"][0]["msg"] == "Some required columns are not mapped: Supplier, Supplier country, Annual spend, Currency."


def test_second_version_is_compared_with_the_first(buyer, maker, uploaded, django_capture_on_commit_callbacks):
    rows = [*JA_ROWS, "ワイヤーハーネス,8544,Pune Wires,India,800000,JPY,0,20,14,0"]
    second = post_upload(bearer_client(buyer), maker.slug, ja_csv(rows), capture=django_capture_on_commit_callbacks).json()
    body = bearer_client(buyer).get(api_url(f"supply-chain/lists/{second['id']}/comparison")).json()
    assert (second["version"], second["previous_id"], body["previous_id"]) == (2, uploaded["id"], uploaded["id"])
    assert body["comparison"]["single_country"] == {"before": 1, "after": 0, "change": -1}


OPERATIONS = [
    ("get", "supply-chain/lists/{id}"), ("get", "supply-chain/lists/{id}/analysis"), ("get", "supply-chain/lists/{id}/comparison"),
    ("get", "supply-chain/lists/{id}/alternatives"), ("put", "supply-chain/lists/{id}/mapping"),
]


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_stranger_non_member_and_other_organisation_are_refused(uploaded, other_org_member, method, path):
    url = api_url(path.format(id=uploaded["id"]))
    body = {"mapping": {"item": "品目"}}
    assert json_request(bearer_client(None), method, url, body).json() == UNAUTHENTICATED
    assert json_request(bearer_client(UserFactory(approval_status="pending")), method, url, body).json() == FORBIDDEN
    for caller in (UserFactory(), other_org_member):
        response = json_request(bearer_client(caller), method, url, body)
        assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_staff_read_a_list_but_cannot_remap_it(uploaded):
    staff = StaffFactory()
    assert bearer_client(staff).get(api_url(f"supply-chain/lists/{uploaded['id']}/analysis")).status_code == 200
    response = json_request(bearer_client(staff), "put", api_url(f"supply-chain/lists/{uploaded['id']}/mapping"), {"mapping": {}})
    assert response.status_code == 404


def test_lists_show_only_the_callers_organisations(uploaded, buyer, other_org_member):
    assert [sl["id"] for sl in bearer_client(buyer).get(api_url("supply-chain/lists")).json()] == [uploaded["id"]]
    assert bearer_client(other_org_member).get(api_url("supply-chain/lists")).json() == []
    assert bearer_client(None).get(api_url("supply-chain/lists")).json() == UNAUTHENTICATED


@pytest.mark.parametrize("caller", ["stranger", "loner", "other"])
def test_upload_for_an_organisation_one_does_not_act_for_is_refused(maker, other_org_member, caller, django_capture_on_commit_callbacks):
    user = {"stranger": None, "loner": UserFactory(), "other": other_org_member}[caller]
    response = post_upload(bearer_client(user), maker.slug, ja_csv(), capture=django_capture_on_commit_callbacks)
    expected = 401 if user is None else 400
    assert response.status_code == expected
    assert SupplierList.objects.filter(status=ListStatus.READY).count() == 0
