"""Bad input to the pipeline: naughty strings in messages, reasons and notes, oversize
text, NUL characters, unknown states, times without a zone: a clear 4xx, never a 500,
nothing partially stored, and what is stored comes back escaped (every naughty string
through the API's schema, the form and the services; a few of every category through the
whole requests). List pages and list API
operations make no query per row."""

import contextlib

import pytest
from django.test import Client

from kakehashi.talent.pipeline.models import Application, EmployerNote

from ... import corpora
from ...api import api_url, bearer_client, json_post
from ...factories import ApplicationFactory, CandidateProfileFactory, UserFactory
from ...querycount import assert_flat

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_naughty_string_as_a_note_or_a_reason_is_stored_or_a_field_error(candidate, job, employer):
    from django.core.exceptions import ValidationError
    from pydantic import ValidationError as SchemaError

    from kakehashi.talent.pipeline import services
    from kakehashi.talent.pipeline.api import NoteIn
    from kakehashi.talent.pipeline.forms import MoveForm

    application = ApplicationFactory(candidate=candidate, job=job)
    for text in corpora.blns():
        with contextlib.suppress(SchemaError, ValidationError):  # a 422 or a 400 through the API
            services.add_note(employer, application, NoteIn.model_validate({"body": text}).body)
        form = MoveForm({"target": "screening", "reason": text})
        if form.is_valid():
            try:
                services.transition(employer, application, "screening", reason=form.cleaned_data["reason"])
            except ValidationError:  # a 400 through the form
                continue
            Application.objects.filter(pk=application.pk).update(state="applied")
        application.refresh_from_db()
    assert EmployerNote.objects.filter(body="<script>alert(0)</script>").exists()


def test_naughty_strings_in_messages_reasons_and_notes_never_fail(candidate, job, employer):
    employer_api = bearer_client(employer)
    application = ApplicationFactory(candidate=candidate, job=job)
    for text in corpora.blns_sample():
        note = json_post(employer_api, api_url(f"talent/applications/{application.pk}/notes"), {"body": text})
        assert note.status_code in (201, 400, 422), (text, note.content)
        move = _client(employer).post(f"/talent/applications/{application.pk}/move/", {"target": "screening", "reason": text})
        assert move.status_code in (302, 400), text
        if move.status_code == 302:
            Application.objects.filter(pk=application.pk).update(state="applied")
    assert EmployerNote.objects.filter(body="<script>alert(0)</script>").exists()
    page = _client(employer).get(f"/talent/applications/{application.pk}/").content.decode()
    assert "<script>alert(0)</script>" not in page and "&lt;script&gt;alert(0)&lt;/script&gt;" in page


def test_oversize_and_nul_text_is_refused_and_nothing_is_stored(candidate, job, employer):
    client = bearer_client(candidate.user)

    too_long = json_post(client, api_url("talent/applications"), {"job": job.pk, "message": "x" * 4001})
    nul = json_post(client, api_url("talent/applications"), {"job": job.pk, "message": "a\x00b"})
    unknown_job = json_post(client, api_url("talent/applications"), {"job": 999999})

    assert (too_long.status_code, nul.status_code, unknown_job.status_code) == (422, 422, 400)
    assert unknown_job.json()["detail"] == [{"loc": ["body", "job"], "msg": "This job is not open for applications."}]
    assert not Application.objects.exists()


def test_an_unknown_target_state_is_a_clear_400(candidate, job, employer):
    application = ApplicationFactory(candidate=candidate, job=job)

    response = json_post(bearer_client(employer), api_url(f"talent/applications/{application.pk}/transition"), {"target": "hired!"})

    assert response.status_code == 400
    assert response.json()["detail"] == [{"loc": ["body", "state"], "msg": "This change is not possible now."}]


def test_an_interview_form_with_a_bad_zone_or_time_is_a_400_in_the_readers_language(candidate, job, employer):
    application = ApplicationFactory(candidate=candidate, job=job, state="screening")
    client = _client(employer)

    bad_zone = client.post(f"/talent/applications/{application.pk}/interview/", {"starts_at": "2031-01-18T10:00", "timezone": "Mars/Olympus", "minutes": "30"})
    past = client.post(f"/talent/applications/{application.pk}/interview/", {"starts_at": "2020-01-18T10:00", "timezone": "Asia/Tokyo", "minutes": "30"})

    assert (bad_zone.status_code, past.status_code) == (400, 400)
    assert "面接日時は未来の日時にしてください。" in past.content.decode()  # the employer reads Japanese
    application.refresh_from_db()
    assert (application.state, application.interview_at) == ("screening", None)


def test_the_board_and_the_lists_make_no_query_per_application(job, employer, django_assert_max_num_queries):
    def add(n):
        names = []
        for _ in range(n):
            profile = CandidateProfileFactory(user=UserFactory())
            ApplicationFactory(candidate=profile, job=job, state="screening")
            names.append(profile.user.get_short_name())
        return names

    assert_flat(_client(employer), f"/talent/jobs/{job.pk}/pipeline/", add, 20, django_assert_max_num_queries)


def test_my_applications_make_no_query_per_row(candidate, employer_org, django_assert_max_num_queries):
    from ...factories import SswJobFactory

    def add(n):
        jobs = [SswJobFactory(organisation=employer_org) for _ in range(n)]
        for job in jobs:
            ApplicationFactory(candidate=candidate, job=job)
        return [job.title_en for job in jobs]

    assert_flat(_client(candidate.user), "/talent/applications/", add, 20, django_assert_max_num_queries)
