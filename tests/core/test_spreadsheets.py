"""The one CSV/XLSX writer every app's exports use: formula cells neutralised, numbers kept,
a BOM on CSV files, Excel's sheet-title rules and a bold header row."""

import csv
import datetime as dt
import io

import pytest
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from kakehashi.core.spreadsheets import csv_bytes, csv_lines, neutralise, sheet_title, xlsx_bytes


@pytest.mark.parametrize(
    ("value", "cell"),
    [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
     ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'), ("-2+3", "'-2+3")],
)
def test_neutralise_prefixes_each_dangerous_start_with_an_apostrophe(value, cell):
    assert neutralise(value) == cell


@pytest.mark.parametrize("value", ["a=1", "", "日本", "1-2", " =1", "'=1+1"])
def test_neutralise_leaves_harmless_and_already_neutralised_text_alone(value):
    assert neutralise(value) == value


def test_neutralise_reads_a_lazy_translation_as_its_text():
    assert neutralise(gettext_lazy("=Total")) == "'=Total"
    assert read(xlsx_bytes([("T", [[gettext_lazy("Name")], [gettext_lazy("+1 cmd")]])]))["T"]["A2"].value == "'+1 cmd"


@pytest.mark.parametrize("value", [7, -7, 2.5, -0.5, None, True, dt.date(2026, 4, 1)])
def test_neutralise_leaves_numbers_dates_and_none_as_they_are(value):
    assert neutralise(value) is value


def test_csv_bytes_start_with_the_bom_and_neutralise_every_row_including_the_header():
    data = csv_bytes([["=Which parts?", "Count"], ["@SUM(1)", -3], ["日本", None]])

    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8") == "\ufeff'=Which parts?,Count\r\n'@SUM(1),-3\r\n日本,\r\n"
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig")))) == [
        ["'=Which parts?", "Count"], ["'@SUM(1)", "-3"], ["日本", ""]]


def test_csv_of_no_rows_is_just_the_bom():
    assert csv_bytes([]) == b"\xef\xbb\xbf"


def test_csv_lines_stream_one_line_per_row_without_reading_ahead():
    def rows():
        yield ["a"]
        raise AssertionError("read ahead")

    assert next(csv_lines(rows())) == "\ufeffa\r\n"


def read(data: bytes):
    return load_workbook(io.BytesIO(data))


def test_xlsx_keeps_numbers_as_numbers_and_stores_no_formula():
    book = read(xlsx_bytes([("Figures", [["Item", "Count"], ["=cmd|' /C calc'!A0", 3], ["-2+3", -1.5], ["", None]])]))

    sheet = book["Figures"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Item", "Count"], ["'=cmd|' /C calc'!A0", 3], ["'-2+3", -1.5], [None, None]]
    assert (sheet["B2"].data_type, sheet["B3"].data_type) == ("n", "n")
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_xlsx_header_row_is_bold_and_the_rest_is_not():
    sheet = read(xlsx_bytes([("T", [["Name", "=Which?"], ["Aiko", "x"]])]))["T"]

    assert [(c.value, c.font.b) for c in sheet[1]] == [("Name", True), ("'=Which?", True)]
    assert [bool(c.font.b) for c in sheet[2]] == [False, False]


def test_xlsx_has_a_sheet_per_title_in_order_cut_to_31_characters():
    long = "Opportunities, matches and outcomes"
    book = read(xlsx_bytes([(long, [["a"]]), ("概要", [["b"]]), ("Items", [])]))

    assert book.sheetnames == ["Opportunities, matches and outc", "概要", "Items"]
    assert len(book.sheetnames[0]) == 31


def test_xlsx_of_no_sheets_still_opens():
    assert read(xlsx_bytes([])).sheetnames == ["Sheet"]


def test_sheet_title_drops_characters_excel_forbids():
    assert sheet_title("Q1/Q2: [draft] *final?* \\x") == "Q1Q2 draft final x"
    assert sheet_title("[]:*?/\\") == "Sheet"


def test_sheet_title_numbers_titles_already_taken_regardless_of_case_within_31_characters():
    long = "x" * 40

    assert sheet_title("Items", ["items"]) == "Items 2"
    assert sheet_title("Items", ["Items", "Items 2"]) == "Items 3"
    assert sheet_title(long, ["x" * 31]) == "x" * 29 + " 2"


def test_xlsx_titles_that_collide_after_cutting_stay_distinct():
    book = read(xlsx_bytes([("y" * 35, [["a"]]), ("y" * 36, [["b"]])]))

    assert book.sheetnames == ["y" * 31, "y" * 29 + " 2"]
