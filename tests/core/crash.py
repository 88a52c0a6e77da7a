"""Kill a real worker process (SIGKILL) in the middle of background work, start it again,
and count what every recipient got. Used by tests/core/test_crash_recovery.py and
bench/crash.py.

An `Installation` is Kakehashi in a temporary data directory with its own database (an
SQLite file, or a PostgreSQL database created for it and dropped afterwards; both copies of
one migrated once per test process), the database task queue, and a real SMTP server
(aiosmtpd) on loopback. Leases are a few seconds.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ..mail.smtp import Sink, SMTPServer, free_port

KAKEHASHI = [sys.executable, "-m", "kakehashi.cli"]
DROP = ("DATABASE_URL", "SECRET_KEY", "DEBUG", "HTTPS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
SHORT_LEASES = {
    "TASK_BACKEND": "database",
    "TASK_LEASE_SECONDS": "5",
    "TASK_SWEEP_SECONDS": "1",
    "MAIL_SWEEP_SECONDS": "1",
    "MAIL_SENDING_LEASE_SECONDS": "5",
    "EVENTS_SWEEP_SECONDS": "1",
    "DIGEST_SWEEP_SECONDS": "1",
    "LOG_LEVEL": "WARNING",
}


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def database_params() -> list:
    """The one database the installations of this test run use, as a test parameter: PostgreSQL
    when DATABASE_URL names one, else SQLite (named in the test's id)."""
    name = "postgres" if postgres_url() else "sqlite"
    return [pytest.param(name, id=name)]


def site_fixture(**env: str) -> Callable:
    """A `site` fixture: an Installation (with these extra settings) for one test, closed after it."""

    @pytest.fixture(name="site", params=database_params())
    def site(request: pytest.FixtureRequest, tmp_path: Path):
        installation = Installation(tmp_path, request.param, **env)
        yield installation
        installation.close()

    return site


SQLITE = "kakehashi.sqlite3"
_MIGRATED: dict[str, Path | str] = {}  # per test process: a migrated database each installation copies


def _migrate(env: dict[str, str]) -> None:
    subprocess.run([*KAKEHASHI, "migrate", "-v", "0"], env=env, check=True, capture_output=True, text=True, timeout=1800)


def _migrated_sqlite(env: dict[str, str]) -> Path:
    """An SQLite database migrated once per test process (`kakehashi migrate`, as each
    installation did before): copying it is seconds faster than migrating again."""
    if "sqlite" not in _MIGRATED:
        directory = Path(tempfile.mkdtemp(prefix="kakehashi-migrated-"))
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
        _migrate({**{k: v for k, v in env.items() if k != "DATABASE_URL"}, "KAKEHASHI_DATA_DIR": str(directory)})
        assert (directory / SQLITE).is_file(), directory
        _MIGRATED["sqlite"] = directory / SQLITE
    return Path(_MIGRATED["sqlite"])


def migrated_sqlite(directory: Path, env: dict[str, str]) -> None:
    """`kakehashi migrate` of a new data directory's SQLite database, as a copy of one
    migrated once per test process (for tests whose subject is not the migration)."""
    _copy_sqlite(_migrated_sqlite(env), directory / SQLITE)


def _copy_sqlite(source: Path, target: Path) -> None:
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _migrated_postgres(base: urllib.parse.SplitResult, env: dict[str, str]) -> str:
    """A PostgreSQL database migrated once per test process, the template of each installation's."""
    if "postgres" not in _MIGRATED:
        import psycopg

        name = f"{base.path.strip('/') or 'kakehashi'}_crash_migrated"[:63]
        admin_url = base._replace(path="/postgres").geturl()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
        _migrate({**env, "DATABASE_URL": base._replace(path=f"/{name}").geturl()})

        def drop() -> None:
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        atexit.register(drop)
        _MIGRATED["postgres"] = name
    return str(_MIGRATED["postgres"])


class Installation:
    def __init__(self, directory: Path, database: str, **env: str):
        self.directory = directory
        self.database = database
        self.sink = Sink()
        self.smtp = SMTPServer(self.sink)
        self.smtp.start()
        self.env = {k: v for k, v in os.environ.items() if k not in DROP}
        self.env.update(SHORT_LEASES, KAKEHASHI_DATA_DIR=str(directory), EMAIL_URL=f"smtp://127.0.0.1:{self.smtp.port}", **env)
        self.processes: list[subprocess.Popen] = []
        self._pg = None
        if database == "postgres":
            import psycopg

            base = urllib.parse.urlsplit(postgres_url())
            self.pg_name = f"{base.path.strip('/') or 'kakehashi'}_crash"[:63]
            self.pg_admin = base._replace(path="/postgres").geturl()
            template = _migrated_postgres(base, self.env)
            with psycopg.connect(self.pg_admin, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{self.pg_name}" TEMPLATE "{template}"')
            self.env["DATABASE_URL"] = base._replace(path=f"/{self.pg_name}").geturl()
        elif "DATABASE_URL" not in self.env:
            _copy_sqlite(_migrated_sqlite(self.env), directory / SQLITE)
        else:
            self.kakehashi("migrate", "-v", "0")

    # --- processes ----------------------------------------------------------------------------

    def kakehashi(self, *args: str) -> str:
        # The timeout only catches a hung command: a migration on a loaded machine (two test
        # suites side by side and more) takes minutes, not seconds.
        done = subprocess.run([*KAKEHASHI, *args], env=self.env, check=True, capture_output=True, text=True, timeout=1800)
        return done.stdout

    def shell(self, code: str) -> str:
        return self.kakehashi("shell", "--no-imports", "-c", code)

    def start(self, how: str = "worker") -> subprocess.Popen:
        """`kakehashi worker`, or `kakehashi run` (its worker runs on a thread)."""
        if how == "run":
            args = ["run", "--no-seed", "--port", str(free_port())]
            env = {**self.env, "DEBUG": "1"}
        else:
            args, env = ["worker", "--interval", "0.2"], self.env
        log = open(self.directory / f"{how}-{len(self.processes)}.log", "w")  # noqa: SIM115 - kept for the post-mortem
        process = subprocess.Popen([*KAKEHASHI, *args], env=env, stdout=log, stderr=subprocess.STDOUT)
        self.processes.append(process)
        return process

    def kill(self, process: subprocess.Popen) -> None:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)  # reaped: its pid is gone, as after a real crash

    def close(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    self.kill(process)
        self.smtp.stop()
        if self._pg is not None:
            self._pg.close()
        if self.database == "postgres":
            import psycopg

            with psycopg.connect(self.pg_admin, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')

    # --- reading the database directly (fast enough to poll) ---------------------------------

    def rows(self, sql: str) -> list[tuple]:
        if self.database == "postgres":
            import psycopg

            if self._pg is None:
                self._pg = psycopg.connect(self.env["DATABASE_URL"], autocommit=True)
            return self._pg.execute(sql).fetchall()
        with sqlite3.connect(f"file:{self.directory / 'kakehashi.sqlite3'}?mode=ro", uri=True, timeout=10) as db:
            return db.execute(sql).fetchall()

    def scalar(self, sql: str) -> int:
        return self.rows(sql)[0][0]

    def wait_until(
        self, condition: Callable[[], bool], *, seconds: float, poll: float = 0.02, what: str = "",
        progress: Callable[[], object] | None = None,
    ) -> float:
        """Wait until `condition()`; fail after `seconds`, or, with `progress`, after `seconds`
        in which `progress()` (counters of the work) did not change: slow work on a loaded
        machine goes on being waited for, work that stopped fails."""
        start = last_change = time.monotonic()
        last = progress() if progress else None
        while not condition():
            now = time.monotonic()
            if progress is not None and (current := progress()) != last:
                last, last_change = current, now
            if now - last_change > seconds:
                since = " of the last progress" if progress else ""
                raise TimeoutError(f"not within {seconds} s{since}: {what}\n{self.logs()}")
            time.sleep(poll)
        return time.monotonic() - start

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in sorted(self.directory.glob("*.log")))

    def counts(self, progress: str) -> tuple[int, int, int]:
        """The work done so far: `progress` (a COUNT query), mail sent, tasks finished."""
        sent = self.scalar("SELECT COUNT(*) FROM mail_outboxmessage WHERE state = 'sent'")
        finished = self.scalar("SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status NOT IN ('READY', 'RUNNING')")
        return self.scalar(progress), sent, finished

    def drained(self) -> bool:
        """No task waiting or running, no mail waiting or being sent."""
        tasks = self.scalar("SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')")
        mail = self.scalar("SELECT COUNT(*) FROM mail_outboxmessage WHERE state IN ('queued', 'sending')")
        return tasks == 0 and mail == 0


@dataclass
class Figures:
    """What the recipients got, after one or more kills."""

    scenario: str
    database: str
    kills: int
    expected: int
    notified: int = 0  # recipients with at least one notification (or reminder / digest row)
    notified_twice: int = 0  # recipients with more than one
    queued: Counter = field(default_factory=Counter)  # outbox messages per recipient
    delivered: dict[str, set[str]] = field(default_factory=dict)  # recipient → Message-IDs
    redelivered: int = 0  # the same Message-ID accepted more than once (the SMTP hand-off window)
    failed_tasks: int = 0
    seconds: float = 0.0

    @property
    def emailed(self) -> int:
        return sum(1 for ids in self.delivered.values() if ids)

    @property
    def duplicated(self) -> int:
        """Recipients who got two different messages (or two notifications): never allowed."""
        return self.notified_twice + sum(1 for n in self.queued.values() if n > 1) + sum(
            1 for ids in self.delivered.values() if len(ids) > 1
        )

    def line(self) -> str:
        return (
            f"{self.scenario:<10} {self.database:<8} kills survived {self.kills}  expected {self.expected}  "
            f"notified {self.notified}  e-mailed {self.emailed}  duplicated {self.duplicated}  "
            f"same Message-ID redelivered {self.redelivered}  failed tasks {self.failed_tasks}  ({self.seconds:.0f} s)"
        )


def _count_mail(site: Installation, figures: Figures, recipients: set[str]) -> None:
    figures.queued = Counter(
        dict(site.rows("SELECT recipient, COUNT(*) FROM mail_outboxmessage WHERE state = 'sent' GROUP BY recipient"))
    )
    ids: Counter = Counter()
    for message in site.sink.messages:
        to = str(message["To"])
        if to in recipients:
            figures.delivered.setdefault(to, set()).add(message["Message-ID"])
            ids[message["Message-ID"]] += 1
    figures.redelivered = sum(n - 1 for n in ids.values())
    figures.failed_tasks = site.scalar("SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status = 'FAILED'")


def _kill_midway(site: Installation, how: str, progress: str, total: int, *, kills: int) -> int:
    """Start a worker, SIGKILL it as soon as `progress` (a COUNT query) is past 0 and
    short of `total`; `kills` times. Returns how many kills hit work in progress."""
    survived = 0
    for _ in range(kills):
        done = site.scalar(progress)
        process = site.start(how)
        try:
            # Nothing to see before the first batch is committed: a generous bound (start-up,
            # choosing the recipients and the first batch on a loaded machine), for a hang only.
            site.wait_until(lambda done=done, process=process: site.scalar(progress) > done or process.poll() is not None,
                            seconds=300, poll=0.01, what=f"progress: {progress}")
        finally:
            site.kill(process)
        if process.returncode != -signal.SIGKILL:
            raise RuntimeError(f"the worker stopped by itself ({process.returncode})\n{site.logs()}")
        if site.scalar(progress) < total:
            survived += 1
    return survived


def _finish(site: Installation, how: str, progress: str, total: int) -> float:
    """Start the worker again; wait until the work is done and nothing is queued."""
    process = site.start(how)

    def done() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"the worker stopped by itself ({process.returncode})\n{site.logs()}")
        return site.scalar(progress) >= total and site.drained()

    seconds = site.wait_until(done, seconds=240, poll=0.3, what=f"{progress} reaching {total}, and the queue drained",
                              progress=lambda: site.counts(progress))
    site.kill(process)
    return seconds


# --- the scenarios ---------------------------------------------------------------------------

FANOUT_SETUP = """
from django_tasks_db.models import DBTaskResult
from kakehashi.accounts.models import User
from kakehashi.community import services
from kakehashi.community.models import PostFollow
User.objects.bulk_create(
    [User(email=f"f{{i}}@example.org", display_name=f"Follower {{i}}", approval_status="approved",
          language=("en", "ja", "hi")[i % 3], password="!") for i in range({n})], batch_size=2000)
writer = User.objects.create(email="writer@example.org", display_name="Writer", approval_status="approved", password="!")
post = services.create_post(writer, title="Big post", body="x", language="en")
PostFollow.objects.bulk_create(
    [PostFollow(user=u, post=post) for u in User.objects.filter(email__startswith="f")], batch_size=2000)
DBTaskResult.objects.all().delete()  # the post's own tasks (embedding, announcement): not under test
services.add_comment(writer, post, body="Hello, followers")
"""


def fanout(site: Installation, *, followers: int, how: str = "worker", kills: int = 1) -> Figures:
    """A comment on a post with `followers` followers; the worker dies mid fan-out."""
    site.shell(FANOUT_SETUP.format(n=followers))
    start = time.monotonic()
    progress = "SELECT COUNT(*) FROM community_notification"
    figures = Figures("fan-out", site.database, _kill_midway(site, how, progress, followers, kills=kills), followers)
    _finish(site, how, progress, followers)
    figures.seconds = time.monotonic() - start
    per_person = site.rows("SELECT recipient_id, COUNT(*) FROM community_notification GROUP BY recipient_id")
    figures.notified = len(per_person)
    figures.notified_twice = sum(1 for _, n in per_person if n > 1)
    _count_mail(site, figures, {f"f{i}@example.org" for i in range(followers)})
    return figures


REMINDER_SETUP = """
import datetime as dt
from django.utils import timezone
from kakehashi.events.models import Registration, Reminder, Series, Session
now = timezone.now()
series = Series.objects.create(title="Partnership Perspectives", slug="perspectives", description_html="")
session = Session.objects.create(
    series=series, title="Semiconductors", slug="semiconductors", starts_at=now + dt.timedelta(minutes=30),
    ends_at=now + dt.timedelta(minutes=90), online_url="https://meet.example.org/x", reminder_offsets=[60])
registrations = Registration.objects.bulk_create(
    [Registration(session=session, email=f"r{{i}}@example.org", name=f"Registrant {{i}}",
                  language=("en", "ja", "hi")[i % 3], status="confirmed", confirmed_at=now) for i in range({n})])
Reminder.objects.bulk_create(
    [Reminder(registration=r, offset_minutes=60, due_at=now - dt.timedelta(minutes=30))
     for r in Registration.objects.filter(session=session)])
"""


def reminders(site: Installation, *, registrants: int, how: str = "worker", kills: int = 1) -> Figures:
    """Reminders of a session due for `registrants` people; the worker dies mid-run."""
    site.shell(REMINDER_SETUP.format(n=registrants))
    start = time.monotonic()
    progress = "SELECT COUNT(*) FROM events_reminder WHERE state = 'sent'"
    figures = Figures("reminders", site.database, _kill_midway(site, how, progress, registrants, kills=kills), registrants)
    _finish(site, how, progress, registrants)
    figures.seconds = time.monotonic() - start
    figures.notified = site.scalar(progress)
    figures.notified_twice = 0  # one Reminder row per registration: sent once by construction
    _count_mail(site, figures, {f"r{i}@example.org" for i in range(registrants)})
    return figures


DIGEST_SETUP = """
import datetime as dt
from django.utils import timezone
from kakehashi.accounts.models import User
from kakehashi.community.models import Notification, Post
now = timezone.now()
writer = User.objects.create(email="writer@example.org", display_name="Writer", approval_status="approved", password="!")
post = Post.objects.create(author=writer, title="A post", slug="a-post", body="x", body_html="<p>x</p>", language="en",
                           published_at=now - dt.timedelta(days=3), announced_at=now, announce_done_at=now)
User.objects.bulk_create(
    [User(email=f"d{{i}}@example.org", display_name=f"Reader {{i}}", approval_status="approved", digest="daily",
          language=("en", "ja", "hi")[i % 3], password="!", date_joined=now - dt.timedelta(days=2)) for i in range({n})],
    batch_size=2000)
Notification.objects.bulk_create(
    [Notification(recipient=u, kind="new_post", post=post, actor=writer, created_at=now - dt.timedelta(hours=1))
     for u in User.objects.filter(email__startswith="d")], batch_size=2000)
"""


def digests(site: Installation, *, readers: int, how: str = "worker", kills: int = 1) -> Figures:
    """Daily digests due for `readers` members; the worker dies mid-run."""
    site.shell(DIGEST_SETUP.format(n=readers))
    start = time.monotonic()
    progress = "SELECT COUNT(*) FROM community_digestrun"
    figures = Figures("digests", site.database, _kill_midway(site, how, progress, readers, kills=kills), readers)
    _finish(site, how, progress, readers)
    figures.seconds = time.monotonic() - start
    per_person = site.rows("SELECT user_id, COUNT(*) FROM community_digestrun GROUP BY user_id")
    figures.notified = len(per_person)
    figures.notified_twice = sum(1 for _, n in per_person if n > 1)
    _count_mail(site, figures, {f"d{i}@example.org" for i in range(readers)})
    return figures
