"""The translation desk: how long staff wait for the queue of one language, on the demo data
and with thousands more published items (SQLite, in process: no HTTP server).

    .venv/bin/python bench/translation_desk.py [--data DIR] [--extra 2000 5000] [--runs 15]

`--data` is a data directory with the seeded demo (`kakehashi seed-demo`, with matches for
the reach): it is copied to a temporary directory first, never written. Without it, a fresh
demo is seeded into a temporary directory. Prints, for each size, the items offered to the
desk, the items waiting in Japanese, the time of one refresh of the desk's stored queue (the
periodic job's work, run after the items are added: every item's reach in every language), and
the p50 / max time of `GET /translations/desk/?lang=ja` (its first page, the total and the
counts per language).
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _server import prepare

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="", help="a seeded demo data directory (copied, never written)")
    parser.add_argument("--extra", type=int, nargs="*", default=[2000, 5000], help="published opportunities added, cumulative sizes")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="kk-desk-")
    data = os.path.join(workdir, "data")
    env = {**os.environ, "KAKEHASHI_DATA_DIR": data, "DJANGO_SETTINGS_MODULE": "kakehashi.settings"}
    env.pop("DATABASE_URL", None)
    if args.data:
        shutil.copytree(args.data, data)
    else:
        prepare(data, env)
    os.environ.update({"KAKEHASHI_DATA_DIR": data, "DJANGO_SETTINGS_MODULE": "kakehashi.settings"})
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT / "src"))
    try:
        run(args.extra, args.runs)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(sizes: list[int], runs: int) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment
    from django.utils import timezone

    from kakehashi.accounts.models import User
    from kakehashi.opportunities.models import Opportunity, live_q
    from kakehashi.translations import desk, services

    call_command("migrate", verbosity=0)  # the copied data may predate the desk's queue
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    # Pages name static files by their hashed names; the copied manifest may predate this code.
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
    staff = User.objects.filter(is_staff=True, is_active=True).first()
    if staff is None:
        raise SystemExit("no staff account in the demo data")
    client = Client()
    client.force_login(staff)
    template = Opportunity.objects.filter(live_q()).first()
    if template is None:
        raise SystemExit("no live opportunity in the demo data")
    added = 0
    print(f"{'added':>6} {'offered':>8} {'waiting ja':>10} {'refresh s':>9} {'p50 ms':>8} {'max ms':>8}")
    for target in [0, *sizes]:
        if target > added:
            copies = []
            for i in range(added, target):
                copy = Opportunity.objects.get(pk=template.pk)
                copy.pk = None
                copy.reference = f"KK-D{i:07d}"
                copy.title = f"{template.title} ({i})"
                copy.published_at = timezone.now()
                copies.append(copy)
            Opportunity.objects.bulk_create(copies, batch_size=1000)
            added = target
        start = time.perf_counter()
        services.refresh_desk()
        refresh = time.perf_counter() - start
        offered = sum(source.desk().count() for source in desk.desk_sources())
        waiting = desk.queue("ja").count()
        response = client.get("/translations/desk/?lang=ja", secure=True)
        assert response.status_code == 200, response.status_code
        timings = []
        for _ in range(runs):
            start = time.perf_counter()
            client.get("/translations/desk/?lang=ja", secure=True)
            timings.append((time.perf_counter() - start) * 1000)
        print(f"{added:>6} {offered:>8} {waiting:>10} {refresh:>9.1f} {statistics.median(timings):>8.1f} {max(timings):>8.1f}")


if __name__ == "__main__":
    main()
