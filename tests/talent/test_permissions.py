"""Who may call every page of talent's jobs and candidate profiles (actors: conftest.py).
Pages that need a member redirect a visitor to sign in; someone else's draft job, job
candidates or candidate profile is 404 (no oracle) or 403 where the object is public."""

import pytest

from .conftest import ACTORS

LOGIN = "login"


def everyone(expected) -> dict:
    return dict.fromkeys(ACTORS, expected)


def members(expected) -> dict:
    return {"visitor": LOGIN, **{actor: expected for actor in ACTORS if actor != "visitor"}}


GET_PAGES = [
    ("/talent/jobs/", everyone(200)),
    ("/talent/jobs/{job}/", everyone(200)),
    ("/talent/jobs/{draft}/", {"visitor": 404, "candidate": 404, "other_candidate": 404, "employer": 200, "other_employer": 404, "staff": 200}),
    ("/talent/jobs/{job}/edit/", {"visitor": LOGIN, "candidate": 403, "other_candidate": 403, "employer": 200, "other_employer": 403, "staff": 403}),
    ("/talent/jobs/{draft}/edit/", {"visitor": LOGIN, "candidate": 404, "other_candidate": 404, "employer": 200, "other_employer": 404, "staff": 403}),
    ("/talent/jobs/{job}/candidates/", {"visitor": LOGIN, "candidate": 403, "other_candidate": 403, "employer": 200, "other_employer": 403, "staff": 200}),
    ("/talent/employer/", members(200)),
    ("/talent/employer/{organisation}/jobs/new/", {"visitor": LOGIN, "candidate": 403, "other_candidate": 403, "employer": 200, "other_employer": 403, "staff": 403}),
    ("/talent/staff/employers/", {"visitor": LOGIN, "candidate": 403, "other_candidate": 403, "employer": 403, "other_employer": 403, "staff": 200}),
    ("/talent/profile/", members(200)),
    ("/talent/profile/jobs/", members(200)),
    ("/talent/candidates/{profile}/", {"visitor": LOGIN, "candidate": 200, "other_candidate": 404, "employer": 200, "other_employer": 200, "staff": 200}),
    ("/talent/candidates/{hidden}/", {"visitor": LOGIN, "candidate": 404, "other_candidate": 200, "employer": 404, "other_employer": 404, "staff": 200}),
    ("/talent/profile/documents/{document}/", {"visitor": LOGIN, "candidate": 200, "other_candidate": 404, "employer": 404, "other_employer": 404, "staff": 404}),
]

POSTS = [
    ("/talent/jobs/{job}/status/", {"status": "closed"}, {"visitor": LOGIN, "candidate": 403, "other_candidate": 403, "employer": 302, "other_employer": 403, "staff": 403}),
    ("/talent/jobs/{draft}/status/", {"status": "published"}, {"visitor": LOGIN, "candidate": 404, "other_candidate": 404, "employer": 302, "other_employer": 404, "staff": 403}),
    ("/talent/profile/tests/{test}/delete/", {}, {"visitor": LOGIN, "candidate": 302, "other_candidate": 404, "employer": 404, "other_employer": 404, "staff": 404}),
    ("/talent/profile/documents/{document}/delete/", {}, {"visitor": LOGIN, "candidate": 302, "other_candidate": 404, "employer": 404, "other_employer": 404, "staff": 404}),
    ("/talent/staff/employers/", {"employer": "{pending}", "decision": "approve"}, {"visitor": LOGIN, "candidate": 403, "other_candidate": 403, "employer": 403, "other_employer": 403, "staff": 302}),
]


@pytest.fixture
def extras(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kakehashi.talent import candidate_services

    from ..factories import OrganisationFactory, SswEmployerFactory

    user = world.profile.user
    document = candidate_services.upload_document(user, "passport", SimpleUploadedFile("passport.pdf", b"%PDF-1.4 test"), "passport.pdf")
    test = candidate_services.add_skills_test(user, "food_service", 1, world.job.start_date.replace(year=2025), 80)
    pending = SswEmployerFactory(organisation=OrganisationFactory(country="JP", region_code="JP-13"), status="pending")
    return {"job": world.job.pk, "draft": world.draft.pk, "organisation": world.employer.organisation_id, "profile": world.profile.pk,
            "hidden": world.other_profile.pk, "document": document.pk, "test": test.pk, "pending": pending.pk}


def _check(response, expected, url):
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url
    else:
        assert response.status_code == expected, url


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("path", "expected"), GET_PAGES, ids=[p for p, _ in GET_PAGES])
def test_get_page_permission(world, extras, actor, path, expected):
    url = path.format(**extras)
    _check(world.client(actor).get(url), expected[actor], url)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("path", "data", "expected"), POSTS, ids=[p for p, _, _ in POSTS])
def test_post_permission(world, extras, actor, path, data, expected):
    url = path.format(**extras)
    payload = {k: v.format(**extras) for k, v in data.items()}
    _check(world.client(actor).post(url, payload), expected[actor], url)
