"""Candidate profiles: impossible dates and out-of-range scores are refused with translated
errors and nothing stored; documents are checked by content and size; the per-job
eligibility is shown in the candidate's language with exactly what is missing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from kakehashi.talent import candidate_services, matches
from kakehashi.talent.models import CandidateDocument, SkillsTestResult, TitpRecord

from ..factories import ApplicationFactory, CandidateProfileFactory, SswJobFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def errors(call) -> dict:
    with pytest.raises(ValidationError) as raised:
        call()
    return raised.value.message_dict


def test_a_skills_test_dated_tomorrow_is_refused_and_nothing_is_stored(world):
    user = world.profile.user

    assert errors(lambda: candidate_services.add_skills_test(user, "food_service", 1, TODAY() + dt.timedelta(days=1), 80)) == {
        "passed_on": ["This date is in the future."]}
    assert not SkillsTestResult.objects.exists()


def test_a_skills_test_before_the_programme_existed_is_refused(world):
    found = errors(lambda: candidate_services.add_skills_test(world.profile.user, "food_service", 1, dt.date(2018, 5, 1), 80))

    assert found == {"passed_on": ["This skills test did not exist before 2019-04-01."]}


def test_a_railway_skills_test_before_the_field_was_added_in_2024_is_refused(world):
    found = errors(lambda: candidate_services.add_skills_test(world.profile.user, "railway", 1, dt.date(2023, 6, 1), 80))

    assert found == {"passed_on": ["This skills test did not exist before 2024-03-29."]}


@pytest.mark.parametrize("score", [-1, 101])
def test_a_score_out_of_range_is_refused(world, score):
    found = errors(lambda: candidate_services.add_skills_test(world.profile.user, "food_service", 1, dt.date(2025, 1, 10), score))

    assert found == {"score": ["A score is a percentage from 0 to 100."]}


def test_the_error_is_translated_into_hindi(world):
    with translation.override("hi"):
        found = errors(lambda: candidate_services.add_skills_test(world.profile.user, "food_service", 1, TODAY() + dt.timedelta(days=3), 80))

    assert found["passed_on"] != ["This date is in the future."]
    assert found["passed_on"][0]


def test_a_jlpt_date_before_the_first_jlpt_is_refused(world):
    found = errors(lambda: candidate_services.save_profile(world.profile.user, {"jlpt_level": 4, "jlpt_date": dt.date(1980, 1, 1)}))

    assert found == {"jlpt_date": ["JLPT did not exist before 1984-12-02."]}
    world.profile.refresh_from_db()
    assert world.profile.jlpt_level == 5


def test_an_unknown_field_of_interest_is_refused(world):
    found = errors(lambda: candidate_services.save_profile(world.profile.user, {"fields_of_interest": ["space_travel"]}))

    assert found == {"fields_of_interest": ["Choose SSW fields in force."]}


def test_titp_completed_in_the_future_is_refused(world):
    found = errors(lambda: candidate_services.add_titp(world.profile.user, "agriculture", 2, TODAY() + dt.timedelta(days=30)))

    assert found == {"completed_on": ["This date is in the future."]}
    assert not TitpRecord.objects.exists()


def test_a_pdf_that_is_really_html_is_refused(world):
    upload = SimpleUploadedFile("passport.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")

    found = errors(lambda: candidate_services.upload_document(world.profile.user, "passport", upload, upload.name))

    assert found == {"file": ["Upload a PDF, JPEG or PNG file whose content matches its name."]}
    assert not CandidateDocument.objects.exists()


def test_a_png_named_pdf_is_refused(world):
    upload = SimpleUploadedFile("scan.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100)

    assert "file" in errors(lambda: candidate_services.upload_document(world.profile.user, "certificate", upload, upload.name))


def test_a_document_over_five_megabytes_is_refused(world):
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.4" + b"0" * (5 * 1024 * 1024))

    assert errors(lambda: candidate_services.upload_document(world.profile.user, "certificate", upload, upload.name)) == {
        "file": ["The file is too large (at most 5 MB)."]}


def test_a_real_pdf_is_stored_privately_with_its_checksum(world, settings):
    upload = SimpleUploadedFile("passport.pdf", b"%PDF-1.4\n% a passport scan\n")

    document = candidate_services.upload_document(world.profile.user, "passport", upload, upload.name)

    assert (document.content_type, document.size, document.original_name) == ("application/pdf", 27, "passport.pdf")
    assert not document.file.path.startswith(str(settings.MEDIA_ROOT))
    document.file.delete(save=False)


def test_the_job_page_tells_a_hindi_candidate_with_n5_that_n4_or_jft_a2_is_needed(world):
    client = world.client("candidate")

    page = client.get(f"/talent/jobs/{world.job.pk}/", HTTP_ACCEPT_LANGUAGE="hi").content.decode()

    with translation.override("hi"):
        from django.utils.translation import gettext

        expected = gettext("needs JLPT N%(jlpt)s or JFT-Basic A2 — you have %(have)s") % {"jlpt": 4, "have": "N5"}
    assert expected in page
    assert expected != "needs JLPT N4 or JFT-Basic A2 — you have N5"


def test_a_jft_basic_a2_pass_and_the_skills_test_make_the_candidate_eligible(world):
    user = world.profile.user
    candidate_services.save_profile(user, {"jft_score": 210, "jft_date": dt.date(2025, 9, 1)})
    candidate_services.add_skills_test(user, "food_service", 1, dt.date(2025, 10, 1), 78)

    world.profile.refresh_from_db()
    match = matches.check_one(world.profile, world.job, "en")

    assert (match.eligible, match.missing) == (True, [])


def test_nursing_care_needs_the_skills_and_care_tests(world):
    job = SswJobFactory(organisation=world.employer.organisation, field_code="nursing_care")

    assert matches.check_one(world.profile, job, "en").missing == [
        "needs JLPT N4 or JFT-Basic A2 — you have N5",
        "needs the Nursing care skills test and the Care Japanese Evaluation Test",
    ]


def test_titp_ii_in_the_field_waives_the_tests_and_the_five_year_limit_shows_what_is_left(world):
    user = world.profile.user
    candidate_services.add_titp(user, "food_service", 2, dt.date(2024, 3, 31))
    candidate_services.save_profile(user, {"ssw1_months": 44})
    world.profile.refresh_from_db()

    match = matches.check_one(world.profile, world.job, "en")

    assert match.eligible is True
    assert match.notes == ["Technical Intern Training (ii) in a related job: skills and Japanese tests waived",
                           "5-year SSW (i) limit: 1 year(s) 4 month(s) left"]


def test_an_employer_asking_for_n3_names_it(world):
    job = SswJobFactory(organisation=world.employer.organisation, required_jlpt=3)

    assert "this employer asks for JLPT N3 — you have N5" in matches.check_one(world.profile, job, "en").missing


def test_employers_see_only_eligible_candidates_who_opted_in(world):
    eligible_hidden = CandidateProfileFactory(discoverable=False, jlpt_level=4)
    eligible_shown = CandidateProfileFactory(jlpt_level=4)
    for profile in (eligible_hidden, eligible_shown):
        candidate_services.add_skills_test(profile.user, "food_service", 1, dt.date(2025, 2, 1), 70)

    found = matches.candidates_for_job(world.job, "en")

    assert [m.profile.pk for m in found] == [eligible_shown.pk]
    everyone = matches.candidates_for_job(world.job, "en", eligible_only=False)
    assert [m.profile.pk for m in everyone] == [eligible_shown.pk, world.profile.pk]


def test_employers_also_see_the_candidates_who_applied_marked_as_such(world):
    applicant = CandidateProfileFactory(discoverable=False, jlpt_level=4)
    candidate_services.add_skills_test(applicant.user, "food_service", 1, dt.date(2025, 2, 1), 70)
    ApplicationFactory(candidate=applicant, job=world.job)
    elsewhere = CandidateProfileFactory(discoverable=False, jlpt_level=4)  # applied to another employer's job
    ApplicationFactory(candidate=elsewhere, job=SswJobFactory(organisation=world.other_employer.organisation))

    found = matches.candidates_for_job(world.job, "en", eligible_only=False)

    assert [(m.profile.pk, m.applied) for m in found] == [(applicant.pk, True), (world.profile.pk, False)]
    html = world.client("employer").get(f"/talent/jobs/{world.job.pk}/candidates/?all=1").content.decode()
    assert f'/talent/candidates/{applicant.pk}/' in html and 'class="ssw-applied"' in html
    assert f'/talent/candidates/{elsewhere.pk}/' not in html


def test_jobs_for_a_candidate_rank_eligible_ones_first_with_reasons(world):
    user = world.profile.user
    candidate_services.add_skills_test(user, "construction", 1, dt.date(2025, 2, 1), 70)
    candidate_services.save_profile(user, {"jlpt_level": 4, "expected_wage_jpy": 200_000})
    construction = SswJobFactory(organisation=world.employer.organisation, field_code="construction", prefecture="JP-01",
                                 city="Sapporo", monthly_wage_jpy=250_000)

    world.profile.refresh_from_db()
    found = matches.jobs_for_candidate(world.profile, "en")

    assert [(m.job.pk, m.eligible) for m in found] == [(construction.pk, True), (world.job.pk, False)]
    assert "¥250,000 a month: at least the ¥200,000 you asked for" in found[0].reasons
    assert "In Osaka, one of your preferred prefectures" in found[1].reasons


def test_the_profile_page_refuses_a_future_jlpt_date_in_hindi_and_keeps_the_old_level(world):
    future = (TODAY() + dt.timedelta(days=10)).isoformat()

    response = world.client("candidate").post("/talent/profile/", {"jlpt_level": "3", "jlpt_date": future, "ssw1_months": "0"},
                                              HTTP_ACCEPT_LANGUAGE="hi")

    with translation.override("hi"):
        from django.utils.translation import gettext

        expected = gettext("This date is in the future.")
    assert response.status_code == 400
    assert expected in response.content.decode()
    world.profile.refresh_from_db()
    assert world.profile.jlpt_level == 5


def test_jobs_ranked_for_me_lists_the_job_with_what_is_missing(world):
    page = world.client("candidate").get("/talent/profile/jobs/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    with translation.override("hi"):  # the candidate's own language wins over the browser's
        from django.utils.translation import gettext

        expected = gettext("needs JLPT N%(jlpt)s or JFT-Basic A2 — you have %(have)s") % {"jlpt": 4, "have": "N5"}
    assert world.job.title_en in page
    assert expected in page
    assert "Draft dishwasher" not in page


def test_a_certificate_recorded_with_the_test_is_kept_as_a_document(world):
    upload = SimpleUploadedFile("certificate.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)

    response = world.client("candidate").post("/talent/profile/tests/", {
        "field_code": "food_service", "level": "1", "passed_on": "2025-05-10", "score": "82", "certificate": upload})

    assert response.status_code == 302
    result = SkillsTestResult.objects.get()
    assert (result.score, result.certificate.kind, result.certificate.content_type) == (82, "certificate", "image/png")
    result.certificate.file.delete(save=False)
