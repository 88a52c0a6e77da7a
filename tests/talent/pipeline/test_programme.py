"""Staff programme counts and their CSV/XLSX exports (formula cells neutralised)."""

import csv
import io

import openpyxl
import pytest
from django.test import Client

from kakehashi.talent.pipeline import services, stats

from ...factories import ApplicationFactory, CandidateProfileFactory, SswJobFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_funnel_counts_each_application_at_the_furthest_stage_it_ever_reached(candidate, other_candidate, job, employer):
    first = services.apply(candidate.user, job)
    second = services.apply(other_candidate.user, job)
    services.transition(employer, first, "screening")
    services.transition(employer, second, "screening")
    services.transition(employer, second, "rejected", reason="Filled.")

    funnel = {row[0]: row[1] for row in stats.funnel()[1:]}

    assert (funnel["Applied"], funnel["Screening"], funnel["Interview"]) == (2, 2, 0)


def test_time_to_arrival_measures_from_application_to_arrival(candidate, job):
    application = ApplicationFactory(candidate=candidate, job=job)
    application.events.create(side="candidate", source="visa_issued", target="arrived")

    assert len(stats.arrival_days()) == 1
    assert stats.time_to_arrival()[1] == ["Applications that arrived", 1]


def test_jobs_and_candidates_are_counted_by_field_prefecture_and_level(job):
    SswJobFactory(organisation=job.organisation, field_code="building_cleaning", prefecture="JP-27")
    CandidateProfileFactory(jlpt_level=4, fields_of_interest=["food_service", "nursing_care"])

    jobs = stats.jobs_by_field_and_prefecture()
    candidates = stats.candidates_by_field_and_level()

    assert sorted(row[2] for row in jobs[1:]) == [1, 1]
    assert ["Food service", "N4", 1] in [[str(c) for c in row[:2]] + [row[2]] for row in candidates[1:]]


def test_programme_pages_are_for_staff_only(candidate, employer):
    assert _client(None).get("/talent/staff/programme/").status_code == 302
    for user in (candidate.user, employer):
        assert _client(user).get("/talent/staff/programme/").status_code == 403
        assert _client(user).get("/talent/staff/programme/funnel.csv").status_code == 403
    assert _client(StaffFactory()).get("/talent/staff/programme/").status_code == 200


def test_exports_neutralise_formula_cells_in_csv_and_xlsx(employer_org):
    CandidateProfileFactory(fields_of_interest=["=HYPERLINK(\"http://evil\")"], jlpt_level=None)
    staff = _client(StaffFactory())

    rows = list(csv.reader(io.StringIO(staff.get("/talent/staff/programme/candidates.csv").content.decode("utf-8-sig"))))
    book = openpyxl.load_workbook(io.BytesIO(staff.get("/talent/staff/programme/candidates.xlsx").content))

    assert ["'=HYPERLINK(\"http://evil\")", "no JLPT level", "1"] in rows
    cells = [c.value for row in book.active.iter_rows() for c in row]
    assert "'=HYPERLINK(\"http://evil\")" in cells
    assert staff.get("/talent/staff/programme/unknown.csv").status_code == 404
    assert staff.get("/talent/staff/programme/funnel.pdf").status_code == 404
