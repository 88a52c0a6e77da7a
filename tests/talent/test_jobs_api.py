"""The jobs and candidate profile API: public reads of published jobs, employer writes,
the member's own profile, ranked jobs; bad input is a 400 with field errors, never a 500."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from kakehashi.talent.models import CandidateProfile, Job

from ..api import FORBIDDEN, JSON, NOT_FOUND, UNAUTHENTICATED, api_url, bearer_client
from .conftest import ACTORS

pytestmark = pytest.mark.django_db


def job_payload(world, **changes):
    start = (timezone.localdate() + dt.timedelta(days=60)).isoformat()
    return {"organisation_id": world.employer.organisation_id, "field_code": "food_service", "title_en": "Line cook",
            "duties_en": "Cook and plate dishes.", "prefecture": "JP-13", "city": "Shinjuku", "monthly_wage_jpy": 240000,
            "hours_per_week": 40, "start_date": start, **changes}


def call(world, actor, method, path, payload=None):
    client = bearer_client(world.actors[actor])
    body = json.dumps(payload) if payload is not None else None
    return getattr(client, method)(api_url(path), body, content_type=JSON) if body else getattr(client, method)(api_url(path))


OPERATIONS = [
    ("get", "talent/jobs", None, dict.fromkeys(ACTORS, 200)),
    ("get", "talent/jobs/{job}", None, dict.fromkeys(ACTORS, 200)),
    ("get", "talent/jobs/{draft}", None, {"visitor": 404, "candidate": 404, "other_candidate": 404, "employer": 200, "other_employer": 404, "staff": 200}),
    ("post", "talent/jobs", "new", {"visitor": 401, "candidate": 403, "other_candidate": 403, "employer": 201, "other_employer": 403, "staff": 403}),
    ("put", "talent/jobs/{job}", "edit", {"visitor": 401, "candidate": 403, "other_candidate": 403, "employer": 200, "other_employer": 403, "staff": 403}),
    ("put", "talent/jobs/{draft}", "edit", {"visitor": 401, "candidate": 404, "other_candidate": 404, "employer": 200, "other_employer": 404, "staff": 403}),
    ("post", "talent/jobs/{job}/status", "close", {"visitor": 401, "candidate": 403, "other_candidate": 403, "employer": 200, "other_employer": 403, "staff": 403}),
    ("get", "talent/profile", None, {"visitor": 401, "candidate": 200, "other_candidate": 200, "employer": 404, "other_employer": 404, "staff": 404}),
    ("put", "talent/profile", "profile", {"visitor": 401, "candidate": 200, "other_candidate": 200, "employer": 200, "other_employer": 200, "staff": 200}),
    ("post", "talent/profile/tests", "test", {"visitor": 401, "candidate": 201, "other_candidate": 201, "employer": 201, "other_employer": 201, "staff": 201}),
    ("get", "talent/profile/jobs", None, {"visitor": 401, "candidate": 200, "other_candidate": 200, "employer": 404, "other_employer": 404, "staff": 404}),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("method", "path", "body", "expected"), OPERATIONS, ids=[f"{m} {p} {b}" for m, p, b, _ in OPERATIONS])
def test_api_operation_permission(world, actor, method, path, body, expected):
    bodies = {"new": job_payload(world), "edit": job_payload(world, organisation_id=None), "close": {"status": "closed"},
              "profile": {"jlpt_level": 4, "jlpt_date": "2025-07-06", "work_experience": "Cook"},
              "test": {"field_code": "food_service", "passed_on": "2025-03-01", "score": 75}}
    response = call(world, actor, method, path.format(job=world.job.pk, draft=world.draft.pk), bodies.get(body))
    assert response.status_code == expected[actor], response.content
    if response.status_code == 401:
        assert response.json() == UNAUTHENTICATED
    elif response.status_code == 403:
        assert response.json() == FORBIDDEN
    elif response.status_code == 404:
        assert response.json() == NOT_FOUND


def test_the_public_job_list_shows_only_published_jobs_filtered_by_prefecture(world):
    response = call(world, "visitor", "get", "talent/jobs?prefecture=JP-27&field=food_service")

    assert [j["id"] for j in response.json()] == [world.job.pk]
    assert call(world, "visitor", "get", "talent/jobs?prefecture=JP-13").json() == []


@pytest.mark.parametrize(("changes", "field"), [
    ({"monthly_wage_jpy": 0}, "monthly_wage_jpy"),
    ({"monthly_wage_jpy": 9_000_000}, "monthly_wage_jpy"),
    ({"monthly_wage_jpy": 150_000}, "monthly_wage_jpy"),  # Tokyo: ¥1,163 × 40 h × 52/12 = ¥201,587
    ({"field_code": "space_travel"}, "field_code"),
    ({"prefecture": "IN-KA"}, "prefecture"),
    ({"level": 2, "field_code": "nursing_care"}, "level"),
    ({"start_date": "2019-01-01"}, "start_date"),
])
def test_a_bad_job_is_a_400_with_the_field_error_and_nothing_stored(world, changes, field):
    before = Job.objects.count()
    response = call(world, "employer", "post", "talent/jobs", job_payload(world, **changes))

    assert response.status_code == 400
    assert [e["loc"] for e in response.json()["detail"]] == [["body", field]]
    assert Job.objects.count() == before


def test_a_wage_below_the_minimum_names_the_prefectures_hourly_minimum(world):
    response = call(world, "employer", "post", "talent/jobs", job_payload(world, monthly_wage_jpy=150_000))

    assert "¥1163 an hour in FY2024" in json.dumps(response.json(), ensure_ascii=False).replace(",", "")


def test_a_candidate_sees_ranked_jobs_with_the_missing_requirement_in_hindi(world):
    client = bearer_client(world.profile.user)
    response = client.get(api_url("talent/profile/jobs"), HTTP_ACCEPT_LANGUAGE="hi")

    first = response.json()[0]
    assert first["job"]["id"] == world.job.pk
    assert first["eligible"] is False
    assert any("N4" in m and "N5" in m for m in first["missing"])


def test_a_profile_with_an_out_of_range_jft_score_is_refused_and_nothing_is_stored(world, candidate_without_profile):
    client = bearer_client(candidate_without_profile)
    response = client.put(api_url("talent/profile"), json.dumps({"jft_score": 300, "jft_date": "2025-01-01"}), content_type=JSON)

    assert response.status_code == 400
    assert response.json() == {"detail": [{"loc": ["body", "jft_score"], "msg": "A JFT-Basic score is from 10 to 250."}]}
    assert not CandidateProfile.objects.filter(user=candidate_without_profile).exists()
