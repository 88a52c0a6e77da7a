"""The first `kakehashi run`: how long after the server answers do search and matches work?

    .venv/bin/python bench/first_start.py [--port 8765] [--timeout 1200]

Starts `kakehashi run` (the embedded default: SQLite, tasks on threads of the process) on a
fresh data directory, which migrates, seeds the demo and queues the background reindex. It
prints the seconds from start until the server answers, then from the server answering until:
- search: every live opportunity has its whole-text vectors (search no longer says its
  results are still being computed);
- matches: KK-A0000001 (the demo's sourcing request of the README) has its matches;
- done: the reindex has finished (every match and passage computed).
The server is stopped at the end and the data directory removed.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import json, os, sys
sys.path.insert(0, {src!r})
os.environ["DJANGO_SETTINGS_MODULE"] = "kakehashi.settings"
import django
django.setup()
from kakehashi.matching import queries, services
from kakehashi.opportunities.models import Match
state = {{
    "search": queries.index_progress("opportunity").complete,
    "matches": Match.objects.filter(opportunity__reference="KK-A0000001").exists(),
    "done": not services.reindex_pending() and not services.needs_reindex(),
}}
print(json.dumps(state))
"""


def answering(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status < 500
    except OSError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--timeout", type=int, default=1200)
    args = parser.parse_args()
    import json

    data = tempfile.mkdtemp(prefix="kk-first-start-")
    env = {**os.environ, "KAKEHASHI_DATA_DIR": data, "PYTHONPATH": str(ROOT / "src")}
    env.pop("DATABASE_URL", None)
    kakehashi = Path(sys.executable).with_name("kakehashi")
    log = open(Path(data) / "run.log", "w")  # noqa: SIM115  (open for the server's lifetime)
    started = time.monotonic()
    server = subprocess.Popen(
        [str(kakehashi), "run", "--port", str(args.port)], env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; data dir {data}")
    try:
        while not answering(f"http://127.0.0.1:{args.port}/"):
            if server.poll() is not None or time.monotonic() - started > args.timeout:
                raise SystemExit(f"the server did not answer (see {data}/run.log)")
            time.sleep(1)
        answered = time.monotonic()
        print(f"  server answering after {answered - started:6.1f} s (migrate + demo seed)")
        seen: dict[str, float] = {}
        while len(seen) < 3 and time.monotonic() - answered < args.timeout:
            probe = subprocess.run(
                [sys.executable, "-c", PROBE.format(src=str(ROOT / "src"))], env=env, capture_output=True, text=True,
            )
            if probe.returncode == 0:
                for key, ok in json.loads(probe.stdout.strip().splitlines()[-1]).items():
                    if ok and key not in seen:
                        seen[key] = time.monotonic() - answered
                        print(f"  {key:<8} after {seen[key]:6.1f} s from the server answering", flush=True)
            time.sleep(2)
        print(f"  load average at the end: {os.getloadavg()[0]:.1f}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
