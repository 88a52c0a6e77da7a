"""The supply-chain pages as a member uses them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kakehashi.supplychain.models import ListStatus, SupplierList

from .conftest import ja_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, buyer):
    client.force_login(buyer)
    return client


def post_file(client, maker, data, name="ブレーキ部品", file_name="仕入先.csv", capture=None):
    with capture(execute=True):
        return client.post("/supply-chain/upload/", {
            "organisation": maker.pk, "name": name, "file": SimpleUploadedFile(file_name, data, content_type="text/csv"),
        })


def test_upload_page_shows_the_form_and_templates(signed_in):
    response = signed_in.get("/supply-chain/")
    assert response.status_code == 200
    assert b'id="upload-form"' in response.content
    assert b"/supply-chain/template/ja.csv" in response.content


def test_shift_jis_upload_shows_hhi_and_single_country_items(signed_in, maker, django_capture_on_commit_callbacks):
    response = post_file(signed_in, maker, ja_csv(), capture=django_capture_on_commit_callbacks)
    supplier_list = SupplierList.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/supply-chain/lists/{supplier_list.pk}/")

    page = signed_in.get(response["Location"]).content.decode()
    assert "Shift_JIS (CP932)" in page
    assert '<dd id="hhi-country"><strong>3486</strong> — highly concentrated</dd>' in page
    assert '<ul id="single-country-items"><li>ワイヤーハーネス — TH</li></ul>' in page
    assert "<svg" in page and "ベトナム" not in page  # country names follow the reader's language (English here)


def test_analysis_page_in_japanese_has_japanese_country_names(signed_in, buyer, maker, django_capture_on_commit_callbacks):
    buyer.language = "ja"
    buyer.save()
    post_file(signed_in, maker, ja_csv(), capture=django_capture_on_commit_callbacks)
    supplier_list = SupplierList.objects.get()
    page = signed_in.get(f"/supply-chain/lists/{supplier_list.pk}/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "ベトナム" in page


def test_item_table_sorts_by_the_chosen_column(signed_in, maker, django_capture_on_commit_callbacks):
    post_file(signed_in, maker, ja_csv(), capture=django_capture_on_commit_callbacks)
    supplier_list = SupplierList.objects.get()
    url = f"/supply-chain/lists/{supplier_list.pk}/"
    by_spend = signed_in.get(url).context["items"]
    by_hhi_ascending = signed_in.get(url, {"sort": "hhi_country", "dir": "asc"}).context["items"]
    assert [row["item"] for row in by_spend] == ["ブレーキキャリパー", "ワイヤーハーネス"]
    assert [row["item"] for row in by_hhi_ascending] == ["ブレーキキャリパー", "ワイヤーハーネス"]
    by_hhi = signed_in.get(url, {"sort": "hhi_country", "dir": "desc"}).context["items"]
    assert [row["item"] for row in by_hhi] == ["ワイヤーハーネス", "ブレーキキャリパー"]


def test_row_problems_are_shown_with_their_rows(signed_in, maker, django_capture_on_commit_callbacks):
    data = ja_csv(["ボルト,7318,東洋,Vietnm,-5,JPY,,,,"])
    response = post_file(signed_in, maker, data, capture=django_capture_on_commit_callbacks)
    page = signed_in.get(response["Location"]).content.decode()
    assert "2 problems were found; nothing was imported." in page
    assert "<td>2</td><td>“Vietnm” is not a country we know. Did you mean: Vietnam (VN), Venezuela (VE)?</td>" in page


def test_unreadable_file_is_answered_400_with_the_reason(signed_in, maker, django_capture_on_commit_callbacks):
    response = post_file(signed_in, maker, b"", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "The submitted file is empty." in response.content.decode()
    assert SupplierList.objects.count() == 0


def test_mapping_screen_imports_with_the_chosen_columns(signed_in, maker, django_capture_on_commit_callbacks):
    data = b"Part,Vendor name,Made in,Value,Curr\r\nBrake caliper,Hanoi Precision,Vietnam,1000,USD\r\n"
    response = post_file(signed_in, maker, data, file_name="x.csv", capture=django_capture_on_commit_callbacks)
    supplier_list = SupplierList.objects.get()
    assert response["Location"] == f"/supply-chain/lists/{supplier_list.pk}/mapping/"
    page = signed_in.get(response["Location"])
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(response["Location"], {
            "item": "Part", "supplier": "Vendor name", "country": "Made in", "spend": "Value", "currency": "Curr",
        })
    supplier_list.refresh_from_db()
    assert (response.status_code, supplier_list.status, supplier_list.row_count) == (302, ListStatus.READY, 1)


def test_template_downloads_in_hindi(client):
    response = client.get("/supply-chain/template/hi.csv")
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").splitlines()[0].split(",")[0] == "वस्तु"


def test_export_neutralises_formula_cells(signed_in, maker, django_capture_on_commit_callbacks):
    rows = ["=HYPERLINK(\"http://x\"),,+Evil,日本,100,JPY,,,,", "@SUM(1),,-Minus,日本,50,JPY,,,,", "\tTab,,Sup,日本,10,JPY,,,,"]
    post_file(signed_in, maker, ja_csv(rows), capture=django_capture_on_commit_callbacks)
    supplier_list = SupplierList.objects.get()
    csv_text = signed_in.get(f"/supply-chain/lists/{supplier_list.pk}/export.csv").content.decode("utf-8-sig")
    items = [line.split(",")[0] for line in csv_text.splitlines()[1:]]
    assert items == ['"\'=HYPERLINK(""http://x"")"', "'@SUM(1)", "Tab"]

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(signed_in.get(f"/supply-chain/lists/{supplier_list.pk}/export.xlsx").content))
    suppliers = [row[0] for row in workbook["suppliers"].iter_rows(min_row=2, values_only=True)]
    assert sorted(suppliers) == ["'+Evil", "'-Minus", "Sup"]
    assert all(cell.data_type != "f" for row in workbook["items"].iter_rows() for cell in row)


def test_page_of_a_list_being_imported_shows_progress_and_refreshes(signed_in, maker, buyer):
    from kakehashi.supplychain import services

    supplier_list = services.upload_list(buyer, maker.pk, "Brakes", "s.csv", ja_csv())  # the import task is not run
    SupplierList.objects.filter(pk=supplier_list.pk).update(status=ListStatus.IMPORTING, progress=30)

    page = signed_in.get(f"/supply-chain/lists/{supplier_list.pk}/").content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert '<progress max="100" value="30">' in page


def test_list_index_reads_a_fixed_number_of_queries(signed_in, maker, buyer, django_assert_max_num_queries, django_capture_on_commit_callbacks):
    from kakehashi.supplychain import services

    for n in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            services.upload_list(buyer, maker.pk, f"List {n}", "s.csv", ja_csv())
    with django_assert_max_num_queries(12):
        assert signed_in.get("/supply-chain/").status_code == 200


def test_dashboard_shows_the_newest_version_of_each_list(signed_in, maker, buyer, django_capture_on_commit_callbacks):
    from kakehashi.supplychain import services

    with django_capture_on_commit_callbacks(execute=True):
        services.upload_list(buyer, maker.pk, "Brakes", "s.csv", ja_csv())
        newest = services.upload_list(buyer, maker.pk, "Brakes", "s.csv", ja_csv())
    page = signed_in.get("/dashboard/").content.decode()
    assert f'<a href="/supply-chain/lists/{newest.pk}/">Brakes</a> <span class="meta">version 2 · ready</span>' in page
    assert page.count('href="/supply-chain/lists/') == 1


# --- upload size: supplier files may be larger than other uploads ---------------------------

MB = 1024 * 1024


def big_csv(size: int) -> bytes:
    """A valid Japanese supplier file of about `size` bytes."""
    line = "ブレーキキャリパー{n},870830,ハノイ精密{n},ベトナム,1250000,JPY,100,45,30,1\r\n"
    head = ja_csv(rows=[]).decode("cp932")
    body = "".join(line.format(n=n) for n in range(size // len(line.format(n=0).encode("cp932")) + 1))
    return (head + body).encode("cp932")[:size].rsplit(b"\r\n", 1)[0] + b"\r\n"


def test_a_supplier_file_above_the_general_upload_limit_is_taken_and_queued(signed_in, maker, settings):
    data = big_csv(settings.UPLOAD_MAX_BYTES + MB)

    response = signed_in.post("/supply-chain/upload/", {
        "organisation": maker.pk, "name": "大きなリスト", "file": SimpleUploadedFile("大.csv", data, content_type="text/csv")})

    supplier_list = SupplierList.objects.get()
    assert response.status_code == 302 and response.headers["Location"] == f"/supply-chain/lists/{supplier_list.pk}/"
    assert (supplier_list.status, supplier_list.encoding, supplier_list.upload.size) == (ListStatus.QUEUED, "cp932", len(data))


def test_other_pages_keep_the_general_upload_limit(signed_in, maker, settings):
    data = big_csv(settings.UPLOAD_MAX_BYTES + MB)

    response = signed_in.post("/supply-chain/countries/weights/", {"file": SimpleUploadedFile("x.csv", data)})

    assert response.status_code == 413


def test_a_supplier_file_over_its_limit_is_refused_with_a_translated_413(signed_in, maker, settings):
    settings.SUPPLYCHAIN_UPLOAD_MAX_BYTES = 6 * MB
    data = big_csv(7 * MB)

    response = signed_in.post("/supply-chain/upload/", {
        "organisation": maker.pk, "name": "大", "file": SimpleUploadedFile("大.csv", data, content_type="text/csv")},
        headers={"accept-language": "ja"})

    assert response.status_code == 413
    assert "リクエストが大きすぎます。送信できるのは 6 MB までです。" in response.content.decode()
    assert SupplierList.objects.count() == 0


def test_a_supplier_file_just_over_its_limit_is_refused_on_the_form(signed_in, maker, settings):
    settings.SUPPLYCHAIN_UPLOAD_MAX_BYTES = 6 * MB
    data = big_csv(6 * MB + 1000)

    response = signed_in.post("/supply-chain/upload/", {
        "organisation": maker.pk, "name": "大", "file": SimpleUploadedFile("大.csv", data, content_type="text/csv")})

    assert response.status_code == 400
    assert "The file is larger than 6 MB." in response.content.decode()
    assert SupplierList.objects.count() == 0


def test_the_api_takes_a_supplier_file_above_the_general_upload_limit(signed_in, maker, settings):
    data = big_csv(settings.UPLOAD_MAX_BYTES + MB)

    response = signed_in.post("/api/v1/supply-chain/lists", {
        "organisation": maker.slug, "name": "大", "file": SimpleUploadedFile("大.csv", data, content_type="text/csv")})

    assert response.status_code == 201
    assert (response.json()["status"], SupplierList.objects.get().upload.size) == ("queued", len(data))
