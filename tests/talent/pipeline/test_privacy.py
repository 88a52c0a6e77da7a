"""Candidate privacy: who sees the profile, the log of views the candidate reads, the export
of their data and its deletion (employers then see "withdrawn (account deleted)")."""

import io
import json
import zipfile

import pytest
from django.test import Client

from kakehashi.talent.models import CandidateDocument, CandidateProfile
from kakehashi.talent.pipeline import services
from kakehashi.talent.pipeline.models import Application, ApplicationEvent, CandidateView, EmployerNote

from ...factories import ApplicationFactory, CandidateDocumentFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_candidate_who_is_not_findable_is_seen_only_by_employers_they_applied_to(candidate, job, employer, other_employer):
    url = f"/talent/candidates/{candidate.pk}/"
    assert _client(employer).get(url).status_code == 404

    ApplicationFactory(candidate=candidate, job=job)

    assert _client(employer).get(url).status_code == 200
    assert _client(other_employer).get(url).status_code == 404


def test_profile_views_and_downloads_are_logged_for_the_candidate_to_read(candidate, job, employer):
    ApplicationFactory(candidate=candidate, job=job, state="interview")
    document = CandidateDocumentFactory(profile=candidate, original_name="jft-basic.pdf")

    page = _client(employer).get(f"/talent/candidates/{candidate.pk}/")
    _client(employer).get(f"/talent/documents/{document.pk}/download/")
    _client(candidate.user).get(f"/talent/documents/{document.pk}/download/")  # the candidate's own: not logged

    assert f"/talent/documents/{document.pk}/download/" in page.content.decode()
    log = list(CandidateView.objects.order_by("pk").values_list("viewer", "organisation__name", "kind", "what"))
    assert log == [(employer.pk, "Sakura Shokudo", "profile", ""), (employer.pk, "Sakura Shokudo", "document", "jft-basic.pdf")]
    privacy = _client(candidate.user).get("/talent/me/privacy/").content.decode()
    assert privacy.count("Sakura Shokudo") == 2 and "jft-basic.pdf" in privacy


def test_before_the_interview_the_employer_sees_the_profile_but_no_document_link(candidate, job, employer):
    ApplicationFactory(candidate=candidate, job=job, state="screening")
    document = CandidateDocumentFactory(profile=candidate)

    page = _client(employer).get(f"/talent/candidates/{candidate.pk}/").content.decode()

    assert f"/talent/documents/{document.pk}/download/" not in page


def test_the_export_is_a_zip_with_the_data_and_the_documents(candidate, job):
    ApplicationFactory(candidate=candidate, job=job, message="I can start in April.")
    document = CandidateDocumentFactory(profile=candidate, original_name="passport scan.pdf")

    response = _client(candidate.user).get("/talent/me/export.zip")

    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert data["profile"]["jlpt_level"] == candidate.jlpt_level
    assert [(a["job"], a["message"], a["state"]) for a in data["applications"]] == [(job.pk, "I can start in April.", "applied")]
    assert archive.read(f"documents/{document.pk}-passport_scan.pdf").startswith(b"%PDF-1.4")


def test_deletion_removes_the_candidate_data_and_employers_see_withdrawn_account_deleted(candidate, job, employer, django_capture_on_commit_callbacks):
    application = ApplicationFactory(candidate=candidate, job=job, state="interview", message="Phone me at +91 98xxxx")
    services.add_note(employer, application, "Speaks well.")
    ApplicationEvent.objects.create(application=application, actor=candidate.user, side="candidate", target="applied", reason="x")
    document = CandidateDocumentFactory(profile=candidate)
    stored = document.file.name
    storage = document.file.storage

    with django_capture_on_commit_callbacks(execute=True):
        response = _client(candidate.user).post("/talent/me/delete/", {"confirm": "on"})

    assert response.status_code == 302
    assert not CandidateProfile.objects.filter(pk=candidate.pk).exists()
    assert not CandidateDocument.objects.exists() and not storage.exists(stored)
    application.refresh_from_db()
    assert (application.candidate, application.state, application.account_deleted, application.message) == (None, "withdrawn", True, "")
    assert not EmployerNote.objects.exists()
    assert not ApplicationEvent.objects.filter(actor=candidate.user).exists()
    board = _client(employer).get(f"/talent/jobs/{job.pk}/pipeline/").content.decode()
    assert "Withdrawn (account deleted)" in board or "辞退（アカウント削除済み）" in board
    assert "Priya" not in board
    assert _client(employer).get(f"/talent/applications/{application.pk}/").status_code == 200


def test_deletion_without_the_confirmation_keeps_everything(candidate, job):
    ApplicationFactory(candidate=candidate, job=job)

    assert _client(candidate.user).post("/talent/me/delete/", {}).status_code == 400
    assert CandidateProfile.objects.filter(pk=candidate.pk).exists() and Application.objects.get().candidate == candidate


def test_staff_viewing_a_profile_is_logged_too(candidate):
    staff = StaffFactory()

    assert _client(staff).get(f"/talent/candidates/{candidate.pk}/").status_code == 200
    assert list(CandidateView.objects.values_list("viewer", "organisation", "kind")) == [(staff.pk, None, "profile")]


def test_deleting_the_whole_account_also_leaves_withdrawn_account_deleted(candidate, job, employer):
    from kakehashi.accounts.services import delete_account

    application = ApplicationFactory(candidate=candidate, job=job, state="offer", message="call me")

    delete_account(candidate.user)

    application.refresh_from_db()
    assert (application.candidate, application.state, application.account_deleted, application.message) == (None, "withdrawn", True, "")
    assert application.events.last().side == "system"
