"""The people of the pipeline tests: a Japanese employer (Sakura Shokudo, Japanese interface)
with a food-service job, an Indian candidate (Hindi interface, not findable: only employers
they apply to see them), and the others of the permission matrix."""

import pytest

from ...factories import CandidateProfileFactory, MembershipFactory, SswEmployerFactory, SswJobFactory, UserFactory


@pytest.fixture
def employer_org(db):
    return SswEmployerFactory(organisation__name="Sakura Shokudo").organisation


@pytest.fixture
def employer(employer_org):
    return MembershipFactory(organisation=employer_org, role="owner",
                             user=UserFactory(email="tanaka@sakura.example.jp", display_name="田中", language="ja", timezone="Asia/Tokyo")).user


@pytest.fixture
def job(employer_org):
    return SswJobFactory(organisation=employer_org, title_en="Kitchen staff", title_ja="調理スタッフ")


@pytest.fixture
def candidate(db):
    user = UserFactory(email="priya@example.in", display_name="Priya", language="hi", timezone="Asia/Kolkata")
    return CandidateProfileFactory(user=user, discoverable=False)


@pytest.fixture
def other_candidate(db):
    return CandidateProfileFactory(user=UserFactory(email="arjun@example.in", display_name="Arjun"), discoverable=False)


@pytest.fixture
def other_employer(db):
    """A member of another approved SSW employer."""
    org = SswEmployerFactory(organisation__name="Fuji Foods").organisation
    return MembershipFactory(organisation=org, role="owner", user=UserFactory(email="sato@fuji.example.jp", language="ja")).user
