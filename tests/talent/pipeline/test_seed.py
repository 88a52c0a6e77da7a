"""The demo seeder of applications: every state, each with a history that follows the line."""

import io

import pytest
from django.core.management import call_command

from kakehashi.talent.pipeline import states
from kakehashi.talent.pipeline.models import Application

from ...factories import CandidateProfileFactory, SswJobFactory

pytestmark = pytest.mark.django_db


def test_seed_applications_covers_every_state_with_a_consistent_history_and_runs_once():
    jobs = SswJobFactory.create_batch(6)
    CandidateProfileFactory.create_batch(8)

    call_command("seed_applications", stdout=io.StringIO())
    call_command("seed_applications", stdout=io.StringIO())

    assert {s for s, _label in states.CHOICES} == set(Application.objects.values_list("state", flat=True))
    assert Application.objects.count() == 3 * len(states.CHOICES)
    for application in Application.objects.prefetch_related("events"):
        events = list(application.events.all())
        assert events[0].target == "applied" and events[-1].target == application.state
        assert all(states.transition_for(a.target, b.target, b.side) for a, b in zip(events, events[1:], strict=False))
        assert [e.at for e in events] == sorted(e.at for e in events)
        assert application.job in jobs
    assert all(a.interview_at for a in Application.objects.filter(state="interview"))


def test_seed_applications_after_the_talent_demo_puts_applications_in_every_state_on_its_jobs():
    call_command("seed_accounts", stdout=io.StringIO())
    call_command("seed_talent", stdout=io.StringIO())
    call_command("seed_applications", stdout=io.StringIO())

    assert set(Application.objects.values_list("state", flat=True)) == {s for s, _label in states.CHOICES}
    assert not Application.objects.exclude(job__status="published").exists()
