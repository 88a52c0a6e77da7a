"""Ranking with the real encoders: a Hindi cook's experience is closest to the Japanese
restaurant job's duties, across languages, and the reason says so; the collections index
only what belongs (published jobs) and forget deleted rows."""

import pytest

from kakehashi.matching import queries as engine
from kakehashi.matching import services as indexing
from kakehashi.talent import matches

from ..factories import CandidateProfileFactory, SswJobFactory

pytestmark = pytest.mark.django_db


def test_a_hindi_cook_sees_the_japanese_kitchen_job_before_the_construction_job(world):
    kitchen = SswJobFactory(organisation=world.employer.organisation, title_en="", duties_en="", title_ja="飲食店の調理スタッフ",
                            duties_ja="飲食店の厨房で食材を仕込み、定食を調理し、厨房を清潔に保ちます。", field_code="food_service")
    building = SswJobFactory(organisation=world.employer.organisation, title_en="", duties_en="", title_ja="型枠施工の建設作業員",
                             duties_ja="建設現場でコンクリート型枠を組み立て、資材を運びます。", field_code="construction")
    cook = CandidateProfileFactory(work_experience="पुणे के होटल की रसोई में तीन साल रसोइया: भोजन बनाना और रसोई साफ़ रखना।",
                                   education="", preferred_prefectures=[])
    for job in (kitchen, building, world.job):
        indexing.refresh(matches.JOBS, job.pk)
    indexing.refresh(matches.CANDIDATES, cook.pk)

    found = {m.job.pk: m for m in matches.jobs_for_candidate(cook, "hi")}

    assert found[kitchen.pk].semantic > found[building.pk].semantic
    assert found[kitchen.pk].fit > found[building.pk].fit
    assert "The duties are close to your experience" in found[kitchen.pk].reasons
    assert "The duties are close to your experience" not in found[building.pk].reasons


def test_drafts_are_not_indexed_and_a_deleted_job_is_forgotten(world):
    assert indexing.refresh(matches.JOBS, world.draft.pk) is False
    assert indexing.refresh(matches.JOBS, world.job.pk) is True
    job_id = world.job.pk

    world.job.delete()

    assert engine.is_indexed(matches.JOBS, job_id) is False
