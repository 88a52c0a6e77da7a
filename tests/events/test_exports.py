"""Registrant exports (CSV, XLSX), safe against formula injection, and attendance import."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from kakehashi.events import exports, registration, services
from kakehashi.events.models import Question, Registration

from ..factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(session):
    """Two seats taken (one by a name that is a formula), one on the waiting list, answers."""
    question = Question.objects.create(session=session, text="=Which parts?")
    registration.register_member(UserFactory(email="asha@example.in", display_name="Asha Rao"), session, answers={question.pk: "Harnesses"})
    registration.register_member(UserFactory(email="evil@example.org", display_name='=HYPERLINK("http://x","y")'), session, answers={question.pk: "+1 cmd"})
    registration.register_member(UserFactory(email="wait@example.org", display_name="Wai Ting"), session)
    return session


HEADER = ["Name", "E-mail", "Status", "Registered (UTC)", "Language", "Attended", "'=Which parts?"]


def test_csv_lists_registrants_with_answers_and_neutralised_formulas(filled):
    rows = list(csv.reader(io.StringIO(exports.to_csv(filled).decode("utf-8-sig"))))

    assert rows[0] == HEADER
    assert [(r[0], r[1], r[2], r[5], r[6]) for r in rows[1:]] == [
        ("Asha Rao", "asha@example.in", "confirmed", "", "Harnesses"),
        ("'=HYPERLINK(\"http://x\",\"y\")", "evil@example.org", "confirmed", "", "'+1 cmd"),
        ("Wai Ting", "wait@example.org", "waitlisted", "", ""),
    ]


def test_xlsx_has_the_same_table_and_no_formula_cells(filled):
    sheet = load_workbook(io.BytesIO(exports.to_xlsx(filled))).active

    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == HEADER
    assert values[2][0] == "'=HYPERLINK(\"http://x\",\"y\")"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert len(values) == 4


def test_download_views_send_files(filled):
    client = Client()
    client.force_login(StaffFactory())

    csv_response = client.get(f"/events/manage/sessions/{filled.slug}/registrants.csv")
    xlsx_response = client.get(f"/events/manage/sessions/{filled.slug}/registrants.xlsx")

    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_response["Content-Disposition"] == f'attachment; filename="{filled.slug}-registrants.csv"'
    assert xlsx_response.content[:2] == b"PK"


def test_attendance_import_marks_registrants_and_reports_unknown_addresses(filled):
    data = b"email,attended\nASHA@example.in,yes\nevil@example.org,no\nstranger@example.org,yes\n\n"

    result = services.import_attendance(StaffFactory(), filled, exports.parse_attendance(data))

    assert result == {"updated": 2, "unknown": ["stranger@example.org"]}
    assert dict(filled.registrations.values_list("email", "attended")) == {
        "asha@example.in": True, "evil@example.org": False, "wait@example.org": None,
    }


def test_the_exported_csv_imports_back(filled):
    Registration.objects.filter(email="asha@example.in").update(attended=True)
    exported = exports.to_csv(filled)
    Registration.objects.update(attended=None)

    services.import_attendance(StaffFactory(), filled, exports.parse_attendance(exported))

    assert dict(filled.registrations.values_list("email", "attended")) == {
        "asha@example.in": True, "evil@example.org": False, "wait@example.org": False,
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"\xff\xfe\x00b\x00a\x00d", "Save the file as CSV in UTF-8."),
        (b"name,present\nx,yes\n", "The first row must name the columns \u201cemail\u201d and \u201cattended\u201d."),
        (b"email,attended\nx@example.org,maybe\n", "Row 2: write yes or no in the \u201cattended\u201d column."),
        (b"email,attended\nx@example.org\n", "Row 2 has too few columns."),
        (b"email,attended\n" + b"a@b.c,yes\n" * 20_001, "The file has too many rows (at most 20000)."),
        (b"x" * (1024 * 1024 + 1), "The file is too large (at most 1 MB)."),
    ],
    ids=["empty", "utf16", "wrong-header", "bad-value", "short-row", "too-many-rows", "too-large"],
)
def test_bad_attendance_files_give_clear_errors(data, message):
    with pytest.raises(ValidationError) as exc:
        exports.parse_attendance(data)

    assert exc.value.messages == [message]


def test_attendance_upload_page_reports_errors_and_results(filled):
    client = Client()
    client.force_login(StaffFactory())
    url = f"/events/manage/sessions/{filled.slug}/attendance/"

    bad = client.post(url, {"file": SimpleUploadedFile("a.csv", b"nonsense")}, follow=True)
    good = client.post(url, {"file": SimpleUploadedFile("a.csv", b"email,attended\nasha@example.in,yes\n")}, follow=True)

    assert "The first row must name the columns" in bad.content.decode()
    assert "Attendance imported: 1 registrations updated." in good.content.decode()


def test_attendance_marked_on_the_page(filled):
    client = Client()
    client.force_login(StaffFactory())
    asha = filled.registrations.get(email="asha@example.in")
    wait = filled.registrations.get(email="wait@example.org")

    client.post(f"/events/manage/sessions/{filled.slug}/registrants/", {f"attended_{asha.pk}": "yes", f"attended_{wait.pk}": "no", "attended_x": "yes"})

    assert dict(filled.registrations.values_list("email", "attended")) == {
        "asha@example.in": True, "evil@example.org": None, "wait@example.org": False,
    }
