"""`kakehashi run` and `kakehashi worker` as an operator starts them: real processes."""

import http.cookiejar
import os
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import closing
from urllib.parse import urlsplit, urlunsplit

import pytest

from ..mail.smtp import Sink, SMTPServer, free_port
from .crash import migrated_sqlite

KAKEHASHI = [sys.executable, "-m", "kakehashi.cli"]
DROP = ("DATABASE_URL", "SECRET_KEY", "DEBUG", "HTTPS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")


def _env(tmp_path, **extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in DROP}
    env.update({"KAKEHASHI_DATA_DIR": str(tmp_path), "LOG_LEVEL": "WARNING", **extra})
    return env


def _wait_for(url: str, seconds: float = 60) -> bytes:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_run_migrates_seeds_the_demo_and_serves_it(tmp_path):
    port = free_port()
    server = subprocess.Popen([*KAKEHASHI, "run", "--port", str(port)], env=_env(tmp_path),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        home = _wait_for(f"http://127.0.0.1:{port}/", seconds=120).decode()
        directory = _wait_for(f"http://127.0.0.1:{port}/organisations/?country=JP").decode()
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]

    assert "Demo data: 91 organisations (44 India, 44 Japan, 7 pending)" in output
    # approved in India, in Japan: the accounts seeder's 39 and 41, and the 22 + 22 organisations of the
    # EV matchmaking session's participants (seed_meetings)
    assert "<strong>61</strong>" in home and "<strong>63</strong>" in home
    assert "63 organisations" in directory
    assert (tmp_path / "kakehashi.sqlite3").exists()


def test_run_does_not_seed_twice(tmp_path):
    migrated_sqlite(tmp_path, _env(tmp_path))
    subprocess.run([*KAKEHASHI, "seed-demo"], env=_env(tmp_path), check=True, capture_output=True)

    again = subprocess.run([*KAKEHASHI, "seed-demo"], env=_env(tmp_path), check=True, capture_output=True, text=True)

    # the accounts seeder counts every organisation: its 91 and the 44 of the matchmaking session
    assert "Demo data: 135 organisations" in again.stdout and "Meetings demo data already loaded." in again.stdout


def test_worker_delivers_queued_mail_through_the_database_queue(tmp_path):
    sink = Sink()
    smtp = SMTPServer(sink)
    smtp.start()
    env = _env(tmp_path, TASK_BACKEND="database", EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}", MAIL_SWEEP_SECONDS="1")
    try:
        migrated_sqlite(tmp_path, env)
        queue = (
            "from django.db import transaction\n"
            "from kakehashi.mail.services import queue_mail\n"
            "with transaction.atomic():\n"
            "    for i in range(3):\n"
            "        queue_mail(to=f'w{i}@example.org', template='accounts/mail/member_approved', context={'name': 'W'}, locale='ja')\n"
        )
        subprocess.run([*KAKEHASHI, "shell", "--no-imports", "-c", queue], env=env, check=True)
        assert sink.messages == []  # queued in the database only: nothing is sent in the request

        worker = subprocess.Popen([*KAKEHASHI, "worker", "--interval", "0.2"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while len(sink.messages) < 3 and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            worker.terminate()
            worker.wait(timeout=20)
    finally:
        smtp.stop()

    assert sorted(m["To"] for m in sink.messages) == ["w0@example.org", "w1@example.org", "w2@example.org"]
    assert {m["Subject"] for m in sink.messages} == {"Kakehashi へようこそ"}


def test_run_executes_queued_tasks_on_its_own_worker_thread(tmp_path):
    """The embedded default queues tasks in the database; `kakehashi run` runs them."""
    sink = Sink()
    smtp = SMTPServer(sink)
    smtp.start()
    port = free_port()
    env = _env(tmp_path, EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}")
    server = subprocess.Popen([*KAKEHASHI, "run", "--port", str(port), "--no-seed"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(f"http://127.0.0.1:{port}/healthz", seconds=60)
        queue = (
            "from django.db import transaction\n"
            "from kakehashi.mail.services import queue_mail\n"
            "with transaction.atomic():\n"
            "    queue_mail(to='run@example.org', template='accounts/mail/member_approved', context={'name': 'R'}, locale='hi')\n"
        )
        subprocess.run([*KAKEHASHI, "shell", "--no-imports", "-c", queue], env={**env, "TASK_BACKEND": "database"}, check=True)
        deadline = time.monotonic() + 30
        while not sink.messages and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=20)
        smtp.stop()

    assert [m["To"] for m in sink.messages] == ["run@example.org"]


def test_eval_matching_help_works_on_a_data_directory_never_migrated(tmp_path):
    result = subprocess.run([*KAKEHASHI, "eval-matching", "--help"], check=False, env=_env(tmp_path),
                            capture_output=True, text=True, timeout=60)

    assert result.returncode == 0, result.stderr
    assert "--pairs PAIRS" in result.stdout
    assert not (tmp_path / "kakehashi.sqlite3").exists()  # help alone creates no database


def test_reindex_on_a_data_directory_never_migrated_migrates_it_first(tmp_path):
    result = subprocess.run([*KAKEHASHI, "reindex", "--quiet"], check=False, env=_env(tmp_path),
                            capture_output=True, text=True, timeout=120)

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"Migrating the database {tmp_path / 'kakehashi.sqlite3'} (" in result.stderr
    assert result.stdout == "0 encoded_parts, 0 opportunity, 0 matches, 0 post, 0 ssw_candidate, 0 ssw_job\n"


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs DATABASE_URL=postgres://…")
def test_a_command_on_an_unmigrated_postgres_database_says_to_migrate_first(tmp_path):
    import psycopg

    url = urlsplit(os.environ["DATABASE_URL"])
    name = f"kk_unmigrated_{os.getpid()}"
    with psycopg.connect(urlunsplit(url._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        result = subprocess.run([*KAKEHASHI, "reindex", "--quiet"], check=False,
                                env=_env(tmp_path, DATABASE_URL=urlunsplit(url._replace(path=f"/{name}"))),
                                capture_output=True, text=True, timeout=120)
    finally:
        with psycopg.connect(urlunsplit(url._replace(path="/postgres")), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')

    assert result.returncode == 2
    assert result.stderr.endswith("unapplied migrations: run `kakehashi migrate` first.\n"), result.stderr
    assert result.stdout == ""


STAFF_AND_APPLICANT = (
    "from allauth.account.models import EmailAddress\n"
    "from kakehashi.accounts.models import User\n"
    "staff = User.objects.create_user('staff@example.org', 'staff-password-4821', is_staff=True, approval_status='approved')\n"
    "EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)\n"
    "applicant = User.objects.create_user('applicant@example.org', 'applicant-password-4821', approval_status='pending')\n"
    "print(applicant.pk)\n"
)


def _approve_an_applicant_through_the_server(tmp_path, **extra) -> tuple[int, str, str]:
    """Start `kakehashi run` on a free port, sign in as staff over HTTP and approve a waiting
    member, which queues the "membership approved" e-mail; its text and HTML from the outbox."""
    env = _env(tmp_path, **extra)
    if "KAKEHASHI_SITE_URL" not in extra:
        env.pop("KAKEHASHI_SITE_URL", None)
    migrated_sqlite(tmp_path, env)
    setup = subprocess.run([*KAKEHASHI, "shell", "--no-imports", "-c", STAFF_AND_APPLICANT], env=env, check=True,
                           capture_output=True, text=True, timeout=60)
    applicant = int(setup.stdout.strip())
    port = free_port()
    server = subprocess.Popen([*KAKEHASHI, "run", "--port", str(port), "--no-seed"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def post(path: str, **fields: str) -> str:
        token = next(c.value for c in jar if c.name == "csrftoken")
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        with browser.open(urllib.request.Request(base + path, data=data), timeout=30) as response:
            return response.url

    try:
        _wait_for(f"{base}/healthz", seconds=60)
        browser.open(f"{base}/accounts/login/", timeout=30).close()
        assert post("/accounts/login/", login="staff@example.org", password="staff-password-4821").endswith("/dashboard/")
        post(f"/staff/members/{applicant}/decide/", decision="approve")
    finally:
        server.terminate()
        server.wait(timeout=20)
    with closing(sqlite3.connect(tmp_path / "kakehashi.sqlite3")) as db:
        rows = db.execute("SELECT body_text, body_html FROM mail_outboxmessage "
                          "WHERE recipient = 'applicant@example.org' AND template = 'accounts/mail/member_approved'").fetchall()
    assert len(rows) == 1
    return port, *rows[0]


def test_run_on_another_port_puts_that_port_in_the_links_of_e_mails(tmp_path):
    port, text, html = _approve_an_applicant_through_the_server(tmp_path)

    assert f"http://127.0.0.1:{port}/dashboard/" in text
    assert f'href="http://127.0.0.1:{port}/settings/"' in html
    assert "127.0.0.1:8000" not in text + html


def test_run_keeps_kakehashi_site_url_in_e_mails_when_it_is_set(tmp_path):
    port, text, html = _approve_an_applicant_through_the_server(tmp_path, KAKEHASHI_SITE_URL="https://kakehashi.example.org/")

    assert "https://kakehashi.example.org/dashboard/" in text
    assert 'href="https://kakehashi.example.org/settings/"' in html
    assert f":{port}" not in text + html


def _post_burst(port: int, requests: int, clients: int) -> dict[str, int]:
    """POST `requests` JSON bodies from `clients` threads at once; count answers by status
    (or by the connection error's name)."""
    import http.client
    from collections import Counter
    from concurrent.futures import ThreadPoolExecutor

    def one(_: int) -> str:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("POST", "/api/v1/opportunities", body=b'{"title": "x"}',
                               headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            connection.close()
            return str(response.status)
        except OSError as exc:
            return type(exc).__name__

    with ThreadPoolExecutor(clients) as pool:
        return dict(Counter(pool.map(one, range(requests))))


def test_run_answers_fifty_clients_at_once_without_resetting_a_connection(tmp_path):
    """Django's development server listens with a backlog of 5; `kakehashi run` queues 128."""
    port = free_port()
    server = subprocess.Popen([*KAKEHASHI, "run", "--port", str(port), "--no-seed"], env=_env(tmp_path),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(f"http://127.0.0.1:{port}/healthz", seconds=60)
        answers = _post_burst(port, requests=150, clients=50)
    finally:
        server.terminate()
        server.wait(timeout=20)

    assert answers == {"401": 150}  # every caller answered (not signed in), none reset
