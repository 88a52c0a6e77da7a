"""The Big List of Naughty Strings in every text field of a job, a candidate profile and the
job filters: a clear answer (saved, or a 400 with the field errors), never a 500, and
what is saved comes back escaped. Every string goes through the API's input schema, the forms
and the services; a few of every category (blns_sample) through the whole requests."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from .. import corpora
from ..api import JSON, api_url, bearer_client

pytestmark = pytest.mark.django_db


def job_body(world, text: str) -> dict:
    start = (timezone.localdate() + dt.timedelta(days=60)).isoformat()
    return {"organisation_id": world.employer.organisation_id, "field_code": "food_service", "title_en": text[:200],
            "title_ja": text[:200], "duties_en": text, "duties_ja": text, "city": text[:100], "prefecture": "JP-13",
            "monthly_wage_jpy": 240000, "hours_per_week": 40, "start_date": start, "housing_note": text[:300],
            "support_organisation": text[:200], "required_tests": text[:300]}


def profile_data(text: str) -> dict:
    return {"work_experience": text, "education": text, "languages": text[:300], "ssw1_months": "0", "jlpt_level": "5",
            "jlpt_date": "2025-07-06"}


def filters(text: str) -> dict:
    return {"field": text, "prefecture": text, "min_wage": text, "start_from": text}


def test_every_naughty_string_in_jobs_profiles_and_filters_is_saved_or_a_field_error(world):
    from kakehashi.talent import candidate_services, queries, services
    from kakehashi.talent.forms import JobFilterForm, ProfileForm
    from kakehashi.talent.jobs_api import SswJobIn
    from kakehashi.talent.models import CandidateProfile, Job

    candidate = world.actors["candidate"]
    saved = set()
    for text in corpora.blns():
        data = SswJobIn.model_validate(job_body(world, text)).dict()  # no 422: every value fits its field
        try:
            services.save_job(world.actors["employer"], Job(**data))
            saved.add("job")
        except ValidationError as e:
            assert e.message_dict, text
        form = ProfileForm(profile_data(text), instance=queries.profile_of(candidate) or CandidateProfile(), language="en")
        if form.is_valid():
            try:
                candidate_services.save_profile(candidate, {name: form.cleaned_data[name] for name in form.Meta.fields})
                saved.add("profile")
            except ValidationError as e:
                assert e.message_dict, text
        listing = JobFilterForm(filters(text), language="en")
        if listing.is_valid():
            list(queries.published_jobs(listing.filters()))
        else:
            assert listing.errors, text

    assert saved == {"job", "profile"}


def test_naughty_strings_in_jobs_profiles_and_filters_never_fail(world):
    employer = bearer_client(world.actors["employer"])
    candidate = world.client("candidate")
    visitor = world.client("visitor")
    statuses = set()
    for text in corpora.blns_sample():
        response = employer.post(api_url("talent/jobs"), json.dumps(job_body(world, text)), content_type=JSON)
        statuses.add(response.status_code)
        assert response.status_code in (201, 400), (text, response.content)
        profile = candidate.post("/talent/profile/", profile_data(text))
        assert profile.status_code in (302, 400), (text, profile.status_code)
        listing = visitor.get("/talent/jobs/", filters(text))
        assert listing.status_code in (200, 400), text
    assert 201 in statuses
    page = candidate.get("/talent/profile/").content.decode()
    assert "<script>alert(0)</script>" not in page
