"""An organisation in Japan becomes an SSW employer and posts a job through the pages: the
manager asks, staff approve, the form refuses a wage under the minimum with a translated
message and stores nothing, the job is published and listed with its filters."""

import datetime as dt

import pytest
from django.utils import timezone

from kakehashi.talent.models import Job, SswEmployer

from ..factories import MembershipFactory, OrganisationFactory, StaffFactory

pytestmark = pytest.mark.django_db


def job_form(**changes) -> dict:
    start = (timezone.localdate() + dt.timedelta(days=90)).isoformat()
    return {"field_code": "agriculture", "level": "1", "category": "", "title_ja": "ハウス野菜の農作業員", "title_en": "",
            "duties_ja": "トマトの収穫と出荷作業", "duties_en": "", "prefecture": "JP-43", "city": "熊本市", "monthly_wage_jpy": "185000",
            "hours_per_week": "40", "housing": "provided", "openings": "3", "start_date": start, "interview_mode": "online", **changes}


@pytest.fixture
def manager(db):
    organisation = OrganisationFactory(name="Kumamoto Farms", country="JP", region_code="JP-43", city="Kumamoto")
    return MembershipFactory(organisation=organisation, role="owner", user__language="ja").user


def test_a_japanese_manager_asks_staff_approve_and_the_manager_posts_a_job(client, manager):
    organisation = manager.memberships.get().organisation
    client.force_login(manager)

    assert client.post("/talent/employer/", {"organisation": organisation.pk, "note": "農業で3名採用予定"}).status_code == 302
    employer = SswEmployer.objects.get(organisation=organisation)
    assert employer.status == "pending"
    assert client.get(f"/talent/employer/{organisation.pk}/jobs/new/").status_code == 403

    staff_client = signed_in_client(StaffFactory())
    assert staff_client.post("/talent/staff/employers/", {"employer": employer.pk, "decision": "approve"}).status_code == 302
    employer.refresh_from_db()
    assert employer.status == "approved"

    response = client.post(f"/talent/employer/{organisation.pk}/jobs/new/", job_form())
    job = Job.objects.get(organisation=organisation)
    assert response["Location"] == f"/talent/jobs/{job.pk}/"
    assert job.status == "draft"
    assert client.post(f"/talent/jobs/{job.pk}/status/", {"status": "published"}).status_code == 302
    job.refresh_from_db()
    assert job.status == "published"
    listing = client.get("/talent/jobs/", {"field": "agriculture", "prefecture": "JP-43", "min_wage": "180000"}).content.decode()
    assert "ハウス野菜の農作業員" in listing
    assert "ハウス野菜の農作業員" not in client.get("/talent/jobs/", {"min_wage": "200000"}).content.decode()


def signed_in_client(user):
    from django.test import Client

    c = Client()
    c.force_login(user)
    return c


def test_a_wage_under_the_minimum_is_refused_in_japanese_and_nothing_is_stored(world):
    client = world.client("employer")

    response = client.post(f"/talent/employer/{world.employer.organisation_id}/jobs/new/", job_form(monthly_wage_jpy="120000"),
                           HTTP_ACCEPT_LANGUAGE="ja")

    assert response.status_code == 400
    assert "最低賃金を下回ります" in response.content.decode()
    assert not Job.objects.filter(field_code="agriculture").exists()


def test_an_organisation_in_india_cannot_become_an_ssw_employer(client, member):
    organisation = member.memberships.get().organisation
    organisation.memberships.filter(user=member).update(role="owner")
    client.force_login(member)

    page = client.get("/talent/employer/").content.decode()

    assert "Ask to become an SSW employer" not in page
    assert client.post("/talent/employer/", {"organisation": organisation.pk}).status_code == 400
    assert not SswEmployer.objects.exists()


def test_a_declined_employer_s_published_jobs_are_closed(world):
    from kakehashi.talent import services

    services.decide_employer(world.actors["staff"], world.employer.pk, approve=False, note="No registration")

    world.job.refresh_from_db()
    assert world.job.status == "closed"
    assert world.client("visitor").get(f"/talent/jobs/{world.job.pk}/").status_code == 404
