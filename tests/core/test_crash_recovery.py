"""A worker killed with SIGKILL in the middle of background work loses nobody and sends
nobody anything twice: real `kakehashi worker` / `kakehashi run` processes, a real SMTP
server, the database queue; on SQLite (a file), and on PostgreSQL when DATABASE_URL names
one (its own database, `<name>_crash`, created and dropped here). Each test kills the worker
once some but not all of the work is committed, starts it again, waits until the work is
done and the queue drained, and counts per recipient. The figures are printed (`-s`) and
measured at scale by bench/crash.py.
"""

import pytest

from . import crash

site = crash.site_fixture()


def _assert_everyone_once(figures: crash.Figures) -> None:
    print(figures.line())
    assert figures.kills == 1  # the kill hit the work half-done
    assert figures.notified == figures.expected
    assert figures.notified_twice == 0
    assert figures.queued == dict.fromkeys(figures.delivered, 1)
    assert len(figures.queued) == figures.expected
    assert figures.emailed == figures.expected
    assert figures.duplicated == 0
    assert figures.failed_tasks == 0


@pytest.mark.parametrize("how", ["worker", "run"])
def test_comment_fan_out_killed_midway_reaches_every_follower_once(site, how):
    figures = crash.fanout(site, followers=1200, how=how)

    _assert_everyone_once(figures)


def test_event_reminders_killed_midway_reach_every_registrant_once(site):
    figures = crash.reminders(site, registrants=300)

    _assert_everyone_once(figures)


def test_digests_killed_midway_reach_every_reader_once(site):
    figures = crash.digests(site, readers=300)

    _assert_everyone_once(figures)
