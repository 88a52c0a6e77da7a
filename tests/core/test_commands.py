"""`kakehashi run` and `kakehashi worker` as an operator starts them: real processes."""

import os
import subprocess
import sys
import time
import urllib.request

from ..mail.smtp import Sink, SMTPServer, free_port

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
    assert "<strong>39</strong>" in home and "<strong>41</strong>" in home  # approved in India, in Japan
    assert "41 organisations" in directory
    assert (tmp_path / "kakehashi.sqlite3").exists()


def test_run_does_not_seed_twice(tmp_path):
    subprocess.run([*KAKEHASHI, "migrate", "-v", "0"], env=_env(tmp_path), check=True)
    subprocess.run([*KAKEHASHI, "seed-demo"], env=_env(tmp_path), check=True, capture_output=True)

    again = subprocess.run([*KAKEHASHI, "seed-demo"], env=_env(tmp_path), check=True, capture_output=True, text=True)

    assert "Demo data: 91 organisations" in again.stdout


def test_worker_delivers_queued_mail_through_the_database_queue(tmp_path):
    sink = Sink()
    smtp = SMTPServer(sink)
    smtp.start()
    env = _env(tmp_path, TASK_BACKEND="database", EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}", MAIL_SWEEP_SECONDS="1")
    try:
        subprocess.run([*KAKEHASHI, "migrate", "-v", "0"], env=env, check=True)
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
