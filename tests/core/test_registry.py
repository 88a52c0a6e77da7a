"""`core` is the ground floor: apps register their periodic jobs, warm-ups and demo seeders
with it, and it imports none of them."""

import ast
from pathlib import Path

from kakehashi.core import registry
from kakehashi.matching.apps import reindex_if_needed

from ..factories import OrganisationFactory

CORE = Path(registry.__file__).parent
DOMAIN_APPS = ("accounts", "mail", "community", "matching", "opportunities", "events")


def test_every_app_registers_its_periodic_jobs_with_the_interval_settings():
    jobs = sorted((job.name, job.setting, job.interval) for job in registry.periodic_jobs())

    assert jobs == [
        ("kakehashi.community.digests.send_due_digests", "DIGEST_SWEEP_SECONDS", 600),
        ("kakehashi.community.fanout.announce_due_posts", "ANNOUNCE_SWEEP_SECONDS", 60),
        ("kakehashi.core.taskworker.requeue_lost_tasks", "TASK_SWEEP_SECONDS", 15),
        ("kakehashi.events.feedback.send_due_feedback_requests", "EVENTS_SWEEP_SECONDS", 60),
        ("kakehashi.events.reminders.send_due_reminders", "EVENTS_SWEEP_SECONDS", 60),
        ("kakehashi.mail.services.deliver_due", "MAIL_SWEEP_SECONDS", 15),
        ("kakehashi.matching.services.compact_indexes", "INDEX_COMPACT_SECONDS", 600),
        ("kakehashi.meetings.sweeps.resume_stale_runs", "MEETINGS_SWEEP_SECONDS", 60),
        ("kakehashi.meetings.sweeps.sweep_requests", "MEETINGS_SWEEP_SECONDS", 60),
        ("kakehashi.opportunities.interest.services.expire_unanswered", "OPPORTUNITY_SWEEP_SECONDS", 3600),
        ("kakehashi.opportunities.interest.services.remind_unanswered", "OPPORTUNITY_SWEEP_SECONDS", 3600),
        ("kakehashi.opportunities.matches.digests.send_match_digests", "MATCH_DIGEST_SECONDS", 86400),
        ("kakehashi.opportunities.services.expire_due", "OPPORTUNITY_SWEEP_SECONDS", 3600),
        ("kakehashi.opportunities.services.remind_expiring", "OPPORTUNITY_SWEEP_SECONDS", 3600),
        ("kakehashi.translations.services.forget_unused", "TRANSLATION_SWEEP_SECONDS", 86400),
        ("kakehashi.translations.services.refresh_desk_queue", "TRANSLATION_DESK_SECONDS", 300),
    ]


def test_a_periodic_job_interval_follows_its_setting(settings):
    settings.MAIL_SWEEP_SECONDS = 2

    (job,) = [job for job in registry.periodic_jobs() if job.name == "kakehashi.mail.services.deliver_due"]

    assert job.interval == 2


def test_demo_seeders_run_in_dependency_order():
    assert [seeder.command for seeder in registry.seeders()] == [
        "seed_accounts", "seed_opportunities", "seed_community", "seed_events", "seed_interests", "seed_supplychain",
        "seed_simulations", "seed_translations", "seed_talent", "seed_meetings", "seed_applications", "refresh_desk",
    ]


def test_the_demo_counts_as_present_once_an_organisation_exists(db):
    before = registry.demo_data_present()
    OrganisationFactory()

    assert (before, registry.demo_data_present()) == (False, True)


def test_matching_registers_its_reindex_warm_up():
    assert registry.warm_ups() == [reindex_if_needed]


def test_registering_the_same_job_twice_keeps_one():
    count = len(registry.periodic_jobs())

    registry.periodic("kakehashi.mail.services.deliver_due", every="MAIL_SWEEP_SECONDS")

    assert len(registry.periodic_jobs()) == count


def _imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def test_core_imports_no_domain_app_not_even_inline():
    upward = sorted(
        f"{path.relative_to(CORE)}: {module}"
        for path in CORE.rglob("*.py")
        for module in _imported_modules(path)
        if module.split(".")[:2] in [["kakehashi", app] for app in DOMAIN_APPS]
    )

    assert upward == []
