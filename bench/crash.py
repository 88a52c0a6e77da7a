"""SIGKILL real workers in the middle of background work, start them again, and count what
every recipient got (tests/core/crash.py does the work; tests/core/test_crash_recovery.py
asserts the same at a smaller size).

    .venv/bin/python bench/crash.py [--kills 3] [--followers 1689] [--registrants 500] [--readers 500]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kk_bench .venv/bin/python bench/crash.py --database postgres

Each scenario gets a fresh installation (a temporary data directory; on PostgreSQL the
database `<name>_crash`, created and dropped). The worker (`kakehashi run` for the fan-out
on SQLite, as the reviewers killed it, `kakehashi worker` otherwise) is killed `--kills`
times, each time as soon as more work has been committed than before, then run until the
queue is drained (TASK_MAX_ATTEMPTS is set to kills + 1: every kill is an attempt). Prints, per scenario: kills that hit work in progress, recipients
expected / notified / e-mailed (distinct Message-IDs accepted by a real SMTP server) /
duplicated (a second notification, outbox row or Message-ID for one person), and how often
the same Message-ID was accepted twice (the documented SMTP hand-off window).
"""

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.core import crash  # noqa: E402  (after the source tree is put on sys.path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--followers", type=int, default=1689)
    parser.add_argument("--registrants", type=int, default=500)
    parser.add_argument("--readers", type=int, default=500)
    args = parser.parse_args()
    if args.database == "postgres" and not crash.postgres_url():
        parser.error("--database postgres needs DATABASE_URL=postgres://…")

    runs = [
        ("fan-out", lambda site: crash.fanout(site, followers=args.followers, kills=args.kills,
                                              how="run" if args.database == "sqlite" else "worker")),
        ("reminders", lambda site: crash.reminders(site, registrants=args.registrants, kills=args.kills)),
        ("digests", lambda site: crash.digests(site, readers=args.readers, kills=args.kills)),
    ]
    lost = 0
    for name, run in runs:
        with tempfile.TemporaryDirectory(prefix=f"kakehashi-crash-{name}-") as directory:
            # Each kill is one more attempt of the same task: allow them all, and one to finish.
            site = crash.Installation(Path(directory), args.database, TASK_MAX_ATTEMPTS=str(args.kills + 1))
            try:
                figures = run(site)
            finally:
                site.close()
        print(figures.line(), flush=True)
        lost += (figures.expected - figures.notified) + (figures.expected - figures.emailed) + figures.duplicated
    sys.exit(1 if lost else 0)


if __name__ == "__main__":
    main()
