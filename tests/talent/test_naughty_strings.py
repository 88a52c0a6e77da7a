"""The Big List of Naughty Strings in every text field of a job, a candidate profile and the
job filters: a clear answer (saved, or a 400 with the field errors), never a 500, and
what is saved comes back escaped."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from .. import corpora
from ..api import JSON, api_url, bearer_client

pytestmark = pytest.mark.django_db


def test_naughty_strings_in_jobs_profiles_and_filters_never_fail(world):
    strings = corpora.blns()
    employer = bearer_client(world.actors["employer"])
    candidate = world.client("candidate")
    visitor = world.client("visitor")
    start = (timezone.localdate() + dt.timedelta(days=60)).isoformat()
    statuses = set()
    for text in strings:
        job = {"organisation_id": world.employer.organisation_id, "field_code": "food_service", "title_en": text[:200],
               "title_ja": text[:200], "duties_en": text, "duties_ja": text, "city": text[:100], "prefecture": "JP-13",
               "monthly_wage_jpy": 240000, "hours_per_week": 40, "start_date": start, "housing_note": text[:300],
               "support_organisation": text[:200], "required_tests": text[:300]}
        response = employer.post(api_url("talent/jobs"), json.dumps(job), content_type=JSON)
        statuses.add(response.status_code)
        assert response.status_code in (201, 400), (text, response.content)
        profile = candidate.post("/talent/profile/", {"work_experience": text, "education": text, "languages": text[:300],
                                                      "ssw1_months": "0", "jlpt_level": "5", "jlpt_date": "2025-07-06"})
        assert profile.status_code in (302, 400), (text, profile.status_code)
        listing = visitor.get("/talent/jobs/", {"field": text, "prefecture": text, "min_wage": text, "start_from": text})
        assert listing.status_code in (200, 400), text
    assert 201 in statuses
    page = candidate.get("/talent/profile/").content.decode()
    assert "<script>alert(0)</script>" not in page
