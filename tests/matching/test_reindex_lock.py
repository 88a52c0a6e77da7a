"""One full reindex at a time, across processes: the `matching.reindex` lease, and the
periodic `compact_indexes` that queues a reindex instead of starting a second one."""

import io

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from kakehashi.core import leases
from kakehashi.matching import services
from kakehashi.matching.apps import reindex_if_needed
from kakehashi.matching.models import Embedding
from kakehashi.matching.tasks import reindex_all
from tests.opportunities.matches.helpers import organisation, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def unindexed():
    offer = published(organisation("IN"), "manufacturing_offer", "Forging capacity", "Closed-die steel forgings.")
    Embedding.objects.all().delete()
    assert services.needs_reindex() is True
    return offer


def test_reindex_is_skipped_while_another_holds_the_lease(unindexed):
    other = leases.claim(services.REINDEX_LEASE, seconds=60)
    out = io.StringIO()

    assert services.reindex() == {"skipped": 1}
    call_command("reindex", "--quiet", stdout=out)

    assert out.getvalue() == "Skipped: another reindex is running.\n"
    assert Embedding.objects.count() == 0
    leases.release(services.REINDEX_LEASE, other)
    assert services.reindex()["opportunity"] == 1
    assert leases.held(services.REINDEX_LEASE) is False


def test_an_expired_lease_is_taken_over(unindexed):
    assert leases.claim(services.REINDEX_LEASE, seconds=-1) is not None

    assert services.reindex()["opportunity"] == 1


def test_compaction_does_not_start_a_reindex_while_one_runs(unindexed):
    other = leases.claim(services.REINDEX_LEASE, seconds=60)

    assert services.compact_indexes() is False
    assert Embedding.objects.count() == 0
    leases.release(services.REINDEX_LEASE, other)


def test_compaction_queues_one_reindex_and_not_a_second_while_it_waits(unindexed, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    assert services.compact_indexes() is True
    assert services.compact_indexes() is False

    queued = DBTaskResult.objects.filter(task_path=reindex_all.module_path)
    assert list(queued.values_list("status", flat=True)) == [TaskResultStatus.READY]
    assert Embedding.objects.count() == 0


def test_the_start_up_warm_up_does_not_queue_a_second_reindex(unindexed, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert services.compact_indexes() is True

    assert reindex_if_needed() == "Computing embeddings and matches in the background (search first, then matches: a few minutes for the demo on 2 cores)…"

    assert DBTaskResult.objects.filter(task_path=reindex_all.module_path).count() == 1
