"""Start Kakehashi on a throw-away data directory with the demo data, for benchmarks and screenshots."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(data_dir: str, env: dict[str, str], *, reindex: bool = False) -> None:
    steps = [["migrate", "--verbosity", "0"], ["seed_demo"], ["collectstatic", "--noinput", "--verbosity", "0"]]
    if reindex:  # embeddings and matches (a few minutes), for pages that show them
        steps.append(["reindex", "--quiet"])
    for args in steps:
        subprocess.run([BIN / "kakehashi", *args], env={**env, "MATCHING_THREADS": "2"}, check=True,
                       stdout=subprocess.DEVNULL)


def wait_healthy(url: str, attempts: int = 100, *, path: str = "/healthz") -> None:
    for _ in range(attempts):
        try:
            urllib.request.urlopen(url + path, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def bench_env(data_dir: str) -> dict[str, str]:
    return {**os.environ, "KAKEHASHI_DATA_DIR": data_dir, "DEBUG": "0", "HTTPS": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost", "LOG_LEVEL": "WARNING"}


@contextlib.contextmanager
def serve(*, gunicorn: bool = False, workers: int = 2, reindex: bool = False, copy_of: str | None = None,
          setup: Callable[[str, dict[str, str]], None] | None = None) -> Iterator[str]:
    """Yield the base URL of a running server (gunicorn with N sync workers, or `kakehashi run`).
    `copy_of`: start from a copy of this data directory (seeded and indexed) instead of seeding;
    `setup(data_dir, env)` runs before the server starts."""
    with tempfile.TemporaryDirectory(prefix="kakehashi-bench-") as data_dir:
        port = free_port()
        env = bench_env(data_dir)
        if copy_of:
            shutil.copytree(copy_of, data_dir, dirs_exist_ok=True)
            for step in (["migrate", "--verbosity", "0"], ["collectstatic", "--noinput", "--verbosity", "0"]):
                subprocess.run([BIN / "kakehashi", *step], env=env, check=True, stdout=subprocess.DEVNULL)
        else:
            prepare(data_dir, env, reindex=reindex)
        if setup:
            setup(data_dir, env)
        if gunicorn:
            cmd = [BIN / "gunicorn", "kakehashi.wsgi", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
                   "--log-level", "warning"]
        else:
            cmd = [BIN / "kakehashi", "run", "--port", str(port), "--no-seed"]
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=10)


@contextlib.contextmanager
def serve_bare(*, workers: int = 2) -> Iterator[str]:
    """The bare Django reference project (bench/bare) under gunicorn with the same settings."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "bench"), "DJANGO_SETTINGS_MODULE": "bare.settings"}
    cmd = [BIN / "gunicorn", "bare.wsgi", "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, path="/")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
