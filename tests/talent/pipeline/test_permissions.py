"""Permission matrix of every pipeline page and API operation: visitor, candidate, other
candidate, employer, employer of another organisation, staff. Anything one may not see is
404 (no oracle); a visitor is sent to sign in (pages) or gets 401 (API)."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from kakehashi.talent.pipeline.models import Application, EmployerNote

from ...api import UNAUTHENTICATED, api_url, bearer_client, json_post
from ...factories import ApplicationFactory, CandidateDocumentFactory, StaffFactory

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "candidate", "other_candidate", "employer", "other_employer", "staff"]


@pytest.fixture
def people(candidate, other_candidate, employer, other_employer):
    return {"visitor": None, "candidate": candidate.user, "other_candidate": other_candidate.user, "employer": employer,
            "other_employer": other_employer, "staff": StaffFactory()}


@pytest.fixture
def application(candidate, job):
    return ApplicationFactory(candidate=candidate, job=job, state="interview",
                              interview_at=timezone.now() + dt.timedelta(days=3))


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _statuses(people, method, url, data=None):
    out = {}
    for role in ROLES:
        response = getattr(_client(people[role]), method)(url, data or {})
        out[role] = response.status_code
    return out


def test_an_application_page_and_its_calendar_file_are_for_its_two_sides_only(people, application):
    expected = {"visitor": 302, "candidate": 200, "other_candidate": 404, "employer": 200, "other_employer": 404, "staff": 404}
    assert _statuses(people, "get", f"/talent/applications/{application.pk}/") == expected
    assert _statuses(people, "get", f"/talent/applications/{application.pk}/interview.ics") == expected


def test_the_pipeline_board_is_for_the_jobs_organisation_only(people, application, job):
    assert _statuses(people, "get", f"/talent/jobs/{job.pk}/pipeline/") == {
        "visitor": 302, "candidate": 404, "other_candidate": 404, "employer": 200, "other_employer": 404, "staff": 404}


def test_my_applications_lists_only_the_callers_own(people, application):
    pages = {role: _client(people[role]).get("/talent/applications/") for role in ROLES}

    assert pages["visitor"].status_code == 302
    assert "Kitchen staff" in pages["candidate"].content.decode()
    for role in ("other_candidate", "employer", "other_employer", "staff"):
        assert (pages[role].status_code, "Kitchen staff" in pages[role].content.decode()) == (200, False)


def test_privacy_page_and_export_are_for_candidates_themselves(people, application):
    for url in ("/talent/me/privacy/", "/talent/me/export.zip"):
        assert _statuses(people, "get", url) == {
            "visitor": 302, "candidate": 200, "other_candidate": 200, "employer": 404, "other_employer": 404, "staff": 404}


def test_moves_and_notes_by_anyone_but_the_two_sides_are_not_found_and_change_nothing(people, application):
    for role, expected in [("visitor", 302), ("other_candidate", 404), ("other_employer", 404), ("staff", 404)]:
        client = _client(people[role])
        assert client.post(f"/talent/applications/{application.pk}/move/", {"target": "offer"}).status_code == expected
        assert client.post(f"/talent/applications/{application.pk}/notes/", {"body": "x"}).status_code == expected
        assert client.post(f"/talent/applications/{application.pk}/interview/", {
            "starts_at": "2031-01-18T10:00", "timezone": "Asia/Tokyo", "minutes": 30}).status_code == expected
    application.refresh_from_db()
    assert application.state == "interview" and EmployerNote.objects.count() == 0


def test_the_candidate_cannot_make_the_offer_nor_write_a_note(people, application):
    client = _client(people["candidate"])

    assert client.post(f"/talent/applications/{application.pk}/move/", {"target": "offer"}).status_code == 400
    assert client.post(f"/talent/applications/{application.pk}/notes/", {"body": "x"}).status_code == 403
    application.refresh_from_db()
    assert application.state == "interview"


def test_the_employer_makes_the_offer(people, application):
    response = _client(people["employer"]).post(f"/talent/applications/{application.pk}/move/", {"target": "offer"})

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == "offer"


def test_only_a_candidate_with_a_profile_applies(people, job, other_candidate):
    assert _client(None).post(f"/talent/jobs/{job.pk}/apply/").status_code == 302
    assert _client(people["employer"]).post(f"/talent/jobs/{job.pk}/apply/").status_code == 302
    assert not Application.objects.exists()
    response = _client(people["other_candidate"]).post(f"/talent/jobs/{job.pk}/apply/", {"message": "Hello"})
    application = Application.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/talent/applications/{application.pk}/")
    assert application.candidate == other_candidate


def test_documents_are_for_the_candidate_and_an_employer_at_interview_or_later(people, candidate, application):
    document = CandidateDocumentFactory(profile=candidate)
    url = f"/talent/documents/{document.pk}/download/"

    assert _statuses(people, "get", url) == {
        "visitor": 302, "candidate": 200, "other_candidate": 404, "employer": 200, "other_employer": 404, "staff": 404}
    Application.objects.filter(pk=application.pk).update(state="screening")
    assert _client(people["employer"]).get(url).status_code == 404
    Application.objects.filter(pk=application.pk).update(state="rejected")
    assert _client(people["employer"]).get(url).status_code == 404


def test_a_document_is_served_as_an_attachment_never_sniffed(people, candidate, application):
    document = CandidateDocumentFactory(profile=candidate, original_name="passport.pdf")

    response = _client(people["employer"]).get(f"/talent/documents/{document.pk}/download/")

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="passport.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")


# --- API ----------------------------------------------------------------------------------


def _api(people, method, path, body=None):
    out = {}
    for role in ROLES:
        client = bearer_client(people[role])
        url = api_url(path)
        response = client.get(url) if method == "get" else json_post(client, url, body)
        out[role] = response.status_code
    return out


def test_api_one_application_is_for_its_two_sides(people, application):
    assert _api(people, "get", f"talent/applications/{application.pk}") == {
        "visitor": 401, "candidate": 200, "other_candidate": 404, "employer": 200, "other_employer": 404, "staff": 404}


def test_api_a_jobs_applications_are_for_its_organisation(people, application, job):
    assert _api(people, "get", f"talent/jobs/{job.pk}/applications") == {
        "visitor": 401, "candidate": 404, "other_candidate": 404, "employer": 200, "other_employer": 404, "staff": 404}


def test_api_notes_are_for_the_employer_only(people, application):
    assert _api(people, "get", f"talent/applications/{application.pk}/notes") == {
        "visitor": 401, "candidate": 403, "other_candidate": 404, "employer": 200, "other_employer": 404, "staff": 404}


def test_api_transition_by_others_is_refused_and_changes_nothing(people, application):
    assert _api(people, "post", f"talent/applications/{application.pk}/transition", {"target": "offer"}) == {
        "visitor": 401, "candidate": 400, "other_candidate": 404, "employer": 200, "other_employer": 404, "staff": 404}
    application.refresh_from_db()
    assert application.state == "offer"


def test_api_own_list_and_transitions_table(people, application):
    candidate = bearer_client(people["candidate"])
    assert [a["id"] for a in candidate.get(api_url("talent/applications")).json()] == [application.pk]
    assert bearer_client(people["other_candidate"]).get(api_url("talent/applications")).json() == []
    assert bearer_client(None).get(api_url("talent/applications")).json() == UNAUTHENTICATED
    table = candidate.get(api_url("talent/transitions")).json()
    assert {"source": "coe_issued", "target": "visa_applied", "sides": ["candidate", "employer"], "needs_reason": False,
            "needs_interview": False} in table


def test_api_apply_and_withdraw_by_the_candidate(people, job):
    client = bearer_client(people["other_candidate"])

    created = json_post(client, api_url("talent/applications"), {"job": job.pk, "message": "I have N4."})
    assert created.status_code == 201 and created.json()["state"] == "applied"
    again = json_post(client, api_url("talent/applications"), {"job": job.pk})
    assert again.status_code == 400
    no_reason = json_post(client, api_url(f"talent/applications/{created.json()['id']}/withdraw"), {})
    assert no_reason.status_code == 400
    withdrawn = json_post(client, api_url(f"talent/applications/{created.json()['id']}/withdraw"), {"reason": "Found another job."})
    assert (withdrawn.status_code, withdrawn.json()["state"], withdrawn.json()["next"]) == (200, "withdrawn", [])
    assert json_post(bearer_client(people["employer"]), api_url("talent/applications"), {"job": job.pk}).status_code == 403


def test_api_interview_needs_its_zone_and_is_for_the_employer(people, candidate, job):
    application = ApplicationFactory(candidate=candidate, job=job, state="screening")
    url = api_url(f"talent/applications/{application.pk}/interview")
    year = timezone.now().year + 1

    naive = json_post(bearer_client(people["employer"]), url, {"at": f"{year}-01-18T10:00:00"})
    assert naive.status_code == 400
    assert json_post(bearer_client(people["candidate"]), url, {"at": f"{year}-01-18T10:00:00+09:00"}).status_code == 403
    done = json_post(bearer_client(people["employer"]), url, {"at": f"{year}-01-18T10:00:00+09:00", "minutes": 45})
    assert (done.status_code, done.json()["interview"]["at"]) == (200, f"{year}-01-18T01:00:00Z")


def test_api_writes_by_anyone_but_the_right_side_change_nothing(people, application):
    base = f"talent/applications/{application.pk}"
    assert _api(people, "post", f"{base}/notes", {"body": "Strong candidate."}) == {
        "visitor": 401, "candidate": 403, "other_candidate": 404, "employer": 201, "other_employer": 404, "staff": 404}
    assert _api(people, "post", f"{base}/interview", {"at": "2031-01-18T10:00:00+09:00"}) == {
        "visitor": 401, "candidate": 403, "other_candidate": 404, "employer": 400, "other_employer": 404, "staff": 404}
    assert _api(people, "post", f"{base}/withdraw", {"reason": "Other offer."}) == {
        "visitor": 401, "candidate": 200, "other_candidate": 404, "employer": 400, "other_employer": 404, "staff": 404}
    application.refresh_from_db()
    assert (application.state, EmployerNote.objects.count()) == ("withdrawn", 1)


def test_api_applying_is_for_candidates_with_a_profile(people, job):
    assert _api(people, "post", "talent/applications", {"job": job.pk}) == {
        "visitor": 401, "candidate": 201, "other_candidate": 201, "employer": 403, "other_employer": 403, "staff": 403}


def test_deleting_candidate_data_is_for_the_candidate_themselves(people, application):
    for role, expected in [("visitor", 302), ("employer", 404), ("other_employer", 404), ("staff", 404)]:
        assert _client(people[role]).post("/talent/me/delete/", {"confirm": "on"}).status_code == expected
    application.refresh_from_db()
    assert application.candidate is not None


def test_the_history_names_each_state_in_the_readers_language(people, application):
    application.events.create(side="employer", source="screening", target="interview")

    page = _client(people["candidate"]).get(f"/talent/applications/{application.pk}/").content.decode()

    assert "साक्षात्कार" in page.split("ssw-history")[1]
