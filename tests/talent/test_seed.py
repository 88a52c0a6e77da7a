"""`kakehashi seed_talent`: SSW employers with jobs in many fields, Indian candidates at
varied levels; valid by the same rules as a member's input, the same on every run."""

import io

import numpy as np
import pytest
from django.core.management import call_command
from django.utils import timezone

from kakehashi.talent import candidate_services, eligibility, queries, services, translation
from kakehashi.talent.models import CandidateProfile, Job, SswEmployer
from kakehashi.translations.models import Version

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    call_command("seed_accounts", stdout=io.StringIO())
    call_command("seed_talent", stdout=io.StringIO())


def test_the_demo_has_forty_jobs_in_ten_fields_from_approved_japanese_employers(seeded):
    jobs = Job.objects.select_related("organisation")

    assert jobs.count() >= 40
    assert len(set(jobs.values_list("field_code", flat=True))) >= 10
    assert {j.organisation.country for j in jobs} == {"JP"}
    assert all(queries.is_ssw_employer(j.organisation_id) for j in jobs)
    assert jobs.filter(status="published").count() >= 35
    assert SswEmployer.objects.filter(status="approved").count() == 12


def test_every_demo_job_and_profile_passes_the_members_validation(seeded):
    today = timezone.localdate()
    for job in Job.objects.all():
        services.validate_job(job, today)
    for profile in CandidateProfile.objects.all():
        candidate_services.validate_profile(profile, today)


def test_the_demo_candidates_are_at_varied_levels_some_opted_in_and_some_eligible(seeded):
    profiles = list(queries.with_records(CandidateProfile.objects.all()))
    jobs = list(Job.objects.filter(status="published"))

    assert len(profiles) >= 80
    assert {p.jlpt_level for p in profiles} >= {None, 5, 4, 3}
    assert 0 < sum(p.discoverable for p in profiles) < len(profiles)
    eligible = eligibility.matrix(queries.rules_on("en"), [queries.engine_candidate(p) for p in profiles],
                                  [queries.engine_job(j) for j in jobs])
    assert 0 < int(np.count_nonzero(eligible.any(axis=1))) < len(profiles)


def test_demo_jobs_in_five_fields_have_the_secretariats_hindi_version(seeded):
    versions = Version.objects.filter(source="ssw_job", language="hi")
    jobs = Job.objects.in_bulk(list(versions.values_list("object_id", flat=True)))
    assert {job.field_code for job in jobs.values()} == {"food_service", "nursing_care", "agriculture", "construction", "industrial_products"}
    assert set(versions.values_list("origin", flat=True)) == {"secretariat"}
    job = next(iter(jobs.values()))
    assert translation.texts_for(None, [job], target="hi")[job.pk].origin == "secretariat"


def test_seeding_twice_changes_nothing(seeded):
    counts = (Job.objects.count(), CandidateProfile.objects.count(), Version.objects.count())
    call_command("seed_talent", stdout=io.StringIO())

    assert (Job.objects.count(), CandidateProfile.objects.count(), Version.objects.count()) == counts
