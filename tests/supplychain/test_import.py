"""Uploading a supplier file: encodings, formats, column mapping, row errors, versions."""

import io
import zipfile

import pytest

from kakehashi.supplychain import columns, reading, services
from kakehashi.supplychain.models import ListStatus, SupplierList, SupplierRow
from kakehashi.supplychain.problems import FileProblem, message

from .conftest import JA_ROWS, ja_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """Upload as a member would, running what is queued after commit (the import task)."""
    def run(user, organisation, data, name="Brakes", file_name="suppliers.csv"):
        with django_capture_on_commit_callbacks(execute=True):
            return services.upload_list(user, organisation.pk, name, file_name, data)
    return run


@pytest.fixture
def confirm(django_capture_on_commit_callbacks):
    def run(user, supplier_list, mapping):
        with django_capture_on_commit_callbacks(execute=True):
            return services.confirm_mapping(user, supplier_list, mapping)
    return run


@pytest.mark.parametrize(("encoding", "detected"), [
    ("cp932", "cp932"), ("utf-8", "utf_8"), ("utf-8-sig", "utf_8_sig"), ("utf-16", "utf_16"),
])
def test_upload_csv_in_each_encoding_imports_all_rows(buyer, maker, encoding, detected, upload):
    supplier_list = upload(buyer, maker, ja_csv(encoding=encoding))

    supplier_list.refresh_from_db()
    assert (supplier_list.status, supplier_list.encoding, supplier_list.row_count) == (ListStatus.READY, detected, 3)
    rows = list(SupplierRow.objects.filter(supplier_list=supplier_list).values_list("row_number", "item", "hs_code", "country", "spend"))
    assert [(r[0], r[1], r[2], r[3], int(r[4])) for r in rows] == [
        (2, "ブレーキキャリパー", "870830", "VN", 1250000), (3, "ブレーキキャリパー", "870830", "IN", 830000),
        (4, "ワイヤーハーネス", "8544", "TH", 800000),
    ]


def test_upload_saves_the_analysis(buyer, maker, upload):
    supplier_list = upload(buyer, maker, ja_csv())

    supplier_list.refresh_from_db()
    result = supplier_list.analysis
    assert (result["currency"], result["total_spend"], result["single_country"], result["single_source"]) == ("JPY", 2880000.0, 1, 1)
    harness = next(row for row in result["item_table"] if row["item"] == "ワイヤーハーネス")
    assert (harness["hhi_country"], harness["band"], harness["top_country"]) == (10000.0, "high", "TH")


def test_tab_separated_utf16_from_excel_is_read(buyer, maker, upload):
    text = "\r\n".join(line.replace(",", "\t").replace('"1\t250\t000"', "1250000") for line in ja_csv(encoding="utf-8").decode().splitlines())
    supplier_list = upload(buyer, maker, text.encode("utf-16"))

    supplier_list.refresh_from_db()
    assert (supplier_list.status, supplier_list.row_count) == (ListStatus.READY, 3)


def test_row_problems_are_listed_with_row_numbers_and_nothing_is_imported(buyer, maker, upload):
    rows = [*JA_ROWS, "", "ボルト,7318,東洋,Vietnm,-5,JPY,,x,,", "ボルト,73,B2,中国,abc,JPY,,,,", "ナット,7318,B3,中国,10,JPY,70,,,",
            "ナット,7318,B4,韓国,10,JPY,40,,,", "ナット,7318,B4,韓国,12,JPY,,,,", "ボルト,1234567,B5,中国,10,XYZ,,,,"]
    supplier_list = upload(buyer, maker, ja_csv(rows))

    supplier_list.refresh_from_db()
    assert supplier_list.status == ListStatus.FAILED
    assert SupplierRow.objects.filter(supplier_list=supplier_list).count() == 0
    found = [(p["row"], p["code"]) for p in supplier_list.errors]
    assert found == [
        (6, "unknown_country"), (6, "negative"), (6, "not_whole_days"), (7, "not_a_number"), (8, "shares_over_100"),
        (10, "duplicate"), (11, "bad_currency"), (11, "bad_hs_code"),
    ]
    unknown = supplier_list.errors[0]
    assert unknown["suggestions"][0] == "VN"
    assert message(unknown) == "“Vietnm” is not a country we know. Did you mean: Vietnam (VN), Venezuela (VE)?"


def test_unknown_country_message_is_in_the_readers_language(buyer, maker):
    from django.utils import translation

    with translation.override("ja"):
        text = message({"row": 6, "column": "country", "code": "unknown_country", "value": "Vietnm", "suggestions": ["VN"]})
    assert text == "「Vietnm」は登録されていない国名です。 もしかして: ベトナム (VN)?"


@pytest.mark.parametrize("name", ["Viet Nam", "Vietnam", "ベトナム", "वियतनाम", "vn", "VNM"])
def test_country_names_in_three_languages_resolve(name):
    from kakehashi.supplychain import countries

    assert countries.resolve(name) == "VN"


def test_unrecognised_headers_wait_for_mapping_then_import(buyer, maker, upload, confirm):
    data = b"Part,Vendor name,Made in,Value,Curr\r\nBrake caliper,Hanoi Precision,Vietnam,1000,USD\r\n"
    supplier_list = upload(buyer, maker, data)
    assert (supplier_list.status, supplier_list.mapping) == (ListStatus.MAPPING, {"item": "Part", "supplier": "Vendor name", "spend": "Value"})

    confirm(buyer, supplier_list, {"item": "Part", "supplier": "Vendor name", "country": "Made in", "spend": "Value", "currency": "Curr"})

    supplier_list.refresh_from_db()
    assert (supplier_list.status, supplier_list.row_count) == (ListStatus.READY, 1)


def test_mapping_without_a_required_column_is_refused(buyer, maker, upload):
    data = b"Part,Vendor name,Made in,Value,Curr\r\nBrake caliper,Hanoi Precision,Vietnam,1000,USD\r\n"
    supplier_list = upload(buyer, maker, data)

    with pytest.raises(FileProblem) as refused:
        services.confirm_mapping(buyer, supplier_list, {"item": "Part", "supplier": "Vendor name", "country": "Made in"})

    assert refused.value.params == {"keys": ["spend", "currency"]}
    assert SupplierList.objects.get(pk=supplier_list.pk).status == ListStatus.MAPPING


@pytest.mark.parametrize(("headers", "expected"), [
    (["Item", "Supplier", "Supplier country", "Annual spend", "Currency"], {"item", "supplier", "country", "spend", "currency"}),
    (["वस्तु", "आपूर्तिकर्ता", "देश", "वार्षिक खर्च", "मुद्रा", "लीड टाइम (दिन)"], {"item", "supplier", "country", "spend", "currency", "lead_time_days"}),
    (["品名", "サプライヤー", "原産国", "金額", "通貨", "年間調達額（USD）"], {"item", "supplier", "country", "spend", "currency", "spend_usd"}),
])
def test_header_synonyms_in_three_languages_are_recognised(headers, expected):
    assert set(columns.guess_mapping(headers)) == expected


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", "品目,仕入先,国,年間調達額,通貨\r\n".encode("cp932")])
def test_empty_file_is_refused(buyer, maker, data, upload):
    if data.strip(b"\xef\xbb\xbf"):
        supplier_list = upload(buyer, maker, data)
        supplier_list.refresh_from_db()
        assert [p["code"] for p in supplier_list.errors] == ["empty"]
    else:
        with pytest.raises(services.UploadRefused) as refused:
            upload(buyer, maker, data)
        assert refused.value.problem.code == "empty"


def test_file_over_the_size_limit_is_refused_and_nothing_stored(buyer, maker, settings, upload):
    settings.SUPPLYCHAIN_UPLOAD_MAX_BYTES = 100
    with pytest.raises(services.UploadRefused) as refused:
        upload(buyer, maker, ja_csv())
    assert refused.value.problem.code == "too_large"
    assert SupplierList.objects.count() == 0


def test_mixed_encodings_are_refused(buyer, maker, upload):
    data = ja_csv(encoding="cp932") + "ナット,7318,東洋,日本,10,JPY,,,,\r\n".encode()
    with pytest.raises(services.UploadRefused) as refused:
        upload(buyer, maker, data)
    assert refused.value.problem.code in {"mixed_encoding", "unknown_encoding"}


def test_mixed_encodings_past_the_files_start_fail_the_import(buyer, maker, upload):
    """Past the first 256 KiB the encoding is checked by the import task, which reads it all."""
    rows = [f"部品{n},7318,東洋,日本,{n + 1},JPY,,,," for n in range(9000)]
    data = ja_csv(rows, encoding="cp932") + "ナット,7318,東洋,日本,10,JPY,,,,\r\n".encode()
    assert len(data) > reading.DETECT_BYTES

    supplier_list = upload(buyer, maker, data)

    supplier_list.refresh_from_db()
    assert (supplier_list.status, supplier_list.encoding) == (ListStatus.FAILED, "cp932")
    assert [p["code"] for p in supplier_list.errors] == ["mixed_encoding"]
    assert SupplierRow.objects.count() == 0


def test_a_file_with_more_rows_than_the_limit_fails_its_import(buyer, maker, upload, settings):
    settings.SUPPLYCHAIN_MAX_ROWS = 2

    supplier_list = upload(buyer, maker, ja_csv())

    supplier_list.refresh_from_db()
    assert supplier_list.status == ListStatus.FAILED
    assert message(supplier_list.errors[0]) == "The file has more than 2 rows."


def test_mixed_currencies_without_usd_column_are_refused(buyer, maker, upload):
    rows = [JA_ROWS[0], JA_ROWS[1].replace("JPY", "INR")]
    supplier_list = upload(buyer, maker, ja_csv(rows))
    supplier_list.refresh_from_db()
    assert [(p["code"], p["currencies"]) for p in supplier_list.errors] == [("mixed_currencies", "INR, JPY")]


def test_reupload_is_a_new_version_and_keeps_the_previous_analysis(buyer, maker, upload):
    first = upload(buyer, maker, ja_csv())
    rows = [*JA_ROWS, "ワイヤーハーネス,8544,Pune Wires,India,800000,JPY,0,20,14,0"]
    second = upload(buyer, maker, ja_csv(rows))

    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.version, second.previous_id, first.status) == (2, first.pk, ListStatus.READY)
    assert first.analysis["single_country"] == 1 and second.analysis["single_country"] == 0
    from kakehashi.supplychain import queries

    compared = queries.comparison(second)
    assert (compared["previous"].pk, compared["single_country"]) == (first.pk, {"before": 1, "after": 0, "change": -1})


def test_import_twice_is_harmless(buyer, maker, upload):
    supplier_list = upload(buyer, maker, ja_csv())
    SupplierList.objects.filter(pk=supplier_list.pk).update(status=ListStatus.QUEUED)

    assert services.run_import(supplier_list.pk) == "imported"
    assert services.run_import(supplier_list.pk) == "skipped"
    assert SupplierRow.objects.filter(supplier_list=supplier_list).count() == 3


def test_import_killed_midway_is_finished_by_the_rerun(buyer, maker, upload):
    """A worker killed after claiming leaves the list IMPORTING with no rows; the requeued task finishes it."""
    supplier_list = upload(buyer, maker, ja_csv())
    SupplierRow.objects.filter(supplier_list=supplier_list).delete()
    SupplierList.objects.filter(pk=supplier_list.pk).update(status=ListStatus.IMPORTING, progress=30, row_count=0)

    assert services.run_import(supplier_list.pk) == "imported"
    supplier_list.refresh_from_db()
    assert (supplier_list.status, supplier_list.row_count, SupplierRow.objects.filter(supplier_list=supplier_list).count()) == (ListStatus.READY, 3, 3)


def _xlsx(rows, *, merge=None, formula=None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    if formula:
        sheet[formula] = "=SUM(E2:E3)"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


XLSX_ROWS = [
    ["Item", "Supplier", "Supplier country", "Annual spend", "Currency"],
    ["Brake caliper", "Hanoi Precision", "Viet Nam", 1250000, "USD"],
    ["Brake caliper", "Pune Castings", "India", 830000.0, "USD"],
]


def test_xlsx_upload_imports(buyer, maker, upload):
    supplier_list = upload(buyer, maker, _xlsx(XLSX_ROWS), file_name="suppliers.xlsx")
    supplier_list.refresh_from_db()
    assert (supplier_list.file_format, supplier_list.status, supplier_list.row_count) == ("xlsx", ListStatus.READY, 2)


def test_xlsx_with_merged_cells_is_refused(buyer, maker, upload):
    with pytest.raises(services.UploadRefused) as refused:
        upload(buyer, maker, _xlsx(XLSX_ROWS, merge="A2:A3"), file_name="s.xlsx")
    assert refused.value.problem.code == "merged_cells"


def test_xlsx_with_a_formula_in_the_header_is_refused_at_upload(buyer, maker, upload):
    with pytest.raises(services.UploadRefused) as refused:
        upload(buyer, maker, _xlsx(XLSX_ROWS, formula="D1"), file_name="s.xlsx")
    assert (refused.value.problem.code, refused.value.problem.params) == ("formula", {"row": 1, "cell": "D1"})
    assert SupplierList.objects.count() == 0


def test_xlsx_with_a_formula_below_the_header_fails_its_import_with_the_cell(buyer, maker, upload):
    """The request reads only the file's start; the import task reads every row."""
    supplier_list = upload(buyer, maker, _xlsx(XLSX_ROWS, formula="D4"), file_name="s.xlsx")

    supplier_list.refresh_from_db()
    assert (supplier_list.status, supplier_list.errors) == (ListStatus.FAILED, [{"row": 4, "column": "", "code": "formula", "cell": "D4"}])
    assert SupplierRow.objects.count() == 0


def test_zip_bomb_disguised_as_xlsx_is_refused_without_unpacking(buyer, maker, upload):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    with pytest.raises(services.UploadRefused) as refused:
        upload(buyer, maker, out.getvalue(), file_name="s.xlsx")
    assert refused.value.problem.code == "zip_bomb"


def test_not_a_workbook_named_xlsx_is_refused(buyer, maker, upload):
    with pytest.raises(services.UploadRefused) as refused:
        upload(buyer, maker, b"hello", file_name="s.xlsx")
    assert refused.value.problem.code == "not_xlsx"


def test_template_in_each_language_has_its_headers_and_reimports(buyer, maker):
    for language in ("en", "ja", "hi"):
        data = columns.template_csv(language)
        table = reading.read(data, "csv")
        assert set(columns.guess_mapping(table.headers)) == set(columns.KEYS)
    assert columns.template_csv("ja").decode("utf-8-sig").startswith("品目,HSコード,サプライヤー,サプライヤー国")


def test_naughty_strings_in_every_cell_never_break_the_import(buyer, maker, upload):
    """Each naughty string as item, supplier and country: the import either succeeds or lists
    problems by row; it never raises, and whatever is stored is the text as given."""
    import csv as csv_module

    from tests.corpora import blns

    strings = [s for s in blns() if "\x00" not in s][:300]
    out = io.StringIO()
    writer = csv_module.writer(out)
    writer.writerow(["Item", "Supplier", "Supplier country", "Annual spend", "Currency"])
    for n, text in enumerate(strings):
        writer.writerow([f"{text[:150]} {n}", text[:150] or "x", "Japan" if n % 2 else text[:40], "10", "JPY"])
    supplier_list = upload(buyer, maker, out.getvalue().encode("utf-8"))

    supplier_list.refresh_from_db()
    assert supplier_list.status in (ListStatus.READY, ListStatus.FAILED)
    assert all(isinstance(p.get("row"), int) or p["code"] in ("more", "malformed_csv") for p in supplier_list.errors)
    assert all(message(p) for p in supplier_list.errors)
