"""The actors of the talent tests, relative to one approved SSW employer (Naniwa Foods,
Osaka) and its published job:

- visitor: not signed in
- candidate: an Indian member with a candidate profile (JLPT N5, lets employers find them)
- other_candidate: another member with a profile of their own
- employer: an active member of Naniwa Foods (posts its jobs)
- other_employer: an owner of another approved SSW employer
- staff: staff of the running body
"""

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from ..factories import (
    CandidateProfileFactory,
    MembershipFactory,
    SswEmployerFactory,
    SswJobFactory,
    StaffFactory,
    UserFactory,
)
from ..translations.conftest import libretranslate  # noqa: F401  (a real LibreTranslate-speaking server, for the jobs' translations)

ACTORS = ("visitor", "candidate", "other_candidate", "employer", "other_employer", "staff")


@dataclass
class World:
    actors: dict[str, Any]
    employer: Any
    other_employer: Any
    job: Any
    draft: Any
    profile: Any
    other_profile: Any

    def client(self, actor: str) -> Client:
        client = Client()
        if self.actors[actor] is not None:
            client.force_login(self.actors[actor])
        return client


@pytest.fixture
def world(db) -> World:
    employer = SswEmployerFactory(organisation__name="Naniwa Foods")
    other_employer = SswEmployerFactory(organisation__name="Sapporo Builders", organisation__region_code="JP-01")
    employer_user = MembershipFactory(organisation=employer.organisation, role="member", user__language="ja", user__timezone="Asia/Tokyo").user
    other_user = MembershipFactory(organisation=other_employer.organisation, role="owner").user
    profile = CandidateProfileFactory(user__display_name="Asha Patil")
    other_profile = CandidateProfileFactory(user__display_name="Ravi Kumar", discoverable=False)
    job = SswJobFactory(organisation=employer.organisation)
    draft = SswJobFactory(organisation=employer.organisation, status="draft", title_en="Draft dishwasher")
    return World(
        actors={"visitor": None, "candidate": profile.user, "other_candidate": other_profile.user, "employer": employer_user,
                "other_employer": other_user, "staff": StaffFactory()},
        employer=employer, other_employer=other_employer, job=job, draft=draft, profile=profile, other_profile=other_profile,
    )


@pytest.fixture
def candidate_without_profile(db):
    return UserFactory(display_name="New Candidate")
