"""`kakehashi seed_applications` (run by `kakehashi seed-demo` after the talent seeder of jobs
and candidates): applications in every state of the pipeline, each with the history of how
it got there (events dated in the past, an interview time where the state is "interview"),
and a few employer notes.

Fixture loading: rows are written directly and no e-mail is sent. Needs published jobs and
candidate profiles (it does nothing without them). Running it twice changes nothing."""

from __future__ import annotations

import datetime as dt
import itertools
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from kakehashi.talent.models import CandidateProfile, Job
from kakehashi.talent.pipeline import states
from kakehashi.talent.pipeline.models import Application, ApplicationEvent, EmployerNote

PER_STATE = 3
STEP_DAYS = (3, 6, 10, 5, 30, 40, 7, 12, 20, 7)  # typical days before each stage of the line
REASONS = {
    states.WITHDRAWN: ["I accepted an offer closer to my family.", "My JLPT result came later than expected."],
    states.REJECTED: ["We filled the openings with earlier applicants.", "We need someone who can start before April."],
}


def is_seeded() -> bool:
    return Application.objects.exists()


def _path_to(state: str, rng: random.Random) -> list[str]:
    """The states an application passed through to reach `state`, in order."""
    if state in states.LINE:
        return list(states.LINE[: states.LINE.index(state) + 1])
    stop = rng.randrange(0, len(states.OPEN))
    return [*states.LINE[: stop + 1], state]


def _seed(rng: random.Random) -> int:
    jobs = list(Job.objects.filter(status=Job.Status.PUBLISHED).order_by("pk"))
    candidates = list(CandidateProfile.objects.order_by("pk"))
    if not jobs or not candidates:
        return 0
    pairs = iter(rng.sample([(c, j) for c in candidates for j in jobs], k=min(len(candidates) * len(jobs), 4000)))
    now = timezone.now()
    created = 0
    for state, _n in itertools.product([s for s, _label in states.CHOICES], range(PER_STATE)):
        candidate, job = next(pairs)
        path = _path_to(state, rng)
        days = [STEP_DAYS[states.stage(s)] if s in states.LINE else 4 for s in path]
        at = now - dt.timedelta(days=sum(days) + rng.randrange(1, 20), hours=rng.randrange(0, 24))
        application = Application.objects.create(candidate=candidate, job=job, state=state,
                                                 message="I have cooked for five years and I am learning Japanese every day.")
        previous = ""
        for step, wait in zip(path, days, strict=True):
            at += dt.timedelta(days=wait)
            side = states.CANDIDATE if step in (states.APPLIED, states.WITHDRAWN, states.VISA_APPLIED) else states.EMPLOYER
            actor = candidate.user if side == states.CANDIDATE else None
            ApplicationEvent.objects.create(application=application, actor=actor, side=side, source=previous, target=step,
                                            reason=rng.choice(REASONS[step]) if step in REASONS else "")
            previous = step
        for event, when in zip(application.events.order_by("pk"), _times(at, days), strict=True):
            ApplicationEvent.objects.filter(pk=event.pk).update(at=when)
        fields = {"created_at": _times(at, days)[0], "state_changed_at": at, "reason": rng.choice(REASONS[state]) if state in REASONS else ""}
        if state == states.INTERVIEW:
            start = (now + dt.timedelta(days=rng.randrange(3, 20))).replace(minute=0, second=0, microsecond=0)
            fields.update(interview_at=start.replace(hour=rng.choice([1, 2, 4, 6])), interview_minutes=45,
                          interview_where="https://meet.example/ssw-interview")
        Application.objects.filter(pk=application.pk).update(**fields)
        if states.reached(state, states.SCREENING) or state in REASONS:
            EmployerNote.objects.create(application=application, body="Clear answers about kitchen hygiene; check the JFT-Basic certificate.")
        created += 1
    return created


def _times(last: dt.datetime, days: list[int]) -> list[dt.datetime]:
    out, at = [], last
    for wait in reversed(days):
        out.append(at)
        at -= dt.timedelta(days=wait)
    return list(reversed(out))


class Command(BaseCommand):
    help = "Demo data: SSW applications in every state of the pipeline, with their history."

    def handle(self, *args, **options) -> None:
        if is_seeded():
            self.stdout.write("applications already seeded")
            return
        with transaction.atomic():
            created = _seed(random.Random(14))
        self.stdout.write(f"seeded {created} applications")
