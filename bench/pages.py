"""Key pages and API lists under gunicorn (2 sync workers) on the demo data, SQLite, against
a bare Django project (bench/bare: one view, one small template, no database) served by
gunicorn with the same settings on the same machine in the same run.

    .venv/bin/python bench/pages.py [--requests 400] [--concurrency 4] [--rounds 4] [--data DIR]

`--data`: a seeded and indexed data directory to copy (else the demo is seeded and indexed
here, a few minutes). Prints, per page: requests/s, p50 and p99 latency and the ratio of its
requests/s to the bare page's (measured in `--rounds` bursts alternating with that page's),
then the median ratio of the rounds and the lowest and highest: on a shared machine one burst
can fall in a busy moment, and the spread says how far to trust the ratio. Goal: every
key page ≥ 0.6 of the bare page, search with a query ≥ 0.3. The load generator runs on the
same 2-core machine as the servers, so absolute figures are conservative; the ratios are
what to compare.
"""

import argparse
import http.client
import json
import statistics
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from _server import BIN, serve, serve_bare

# Run in the copied data directory before the server starts: a post with 50 comments, a
# signed-in session of a member whose organisation has an opportunity with matches, and
# the references of the objects the pages show.
SETUP = """
import json
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from kakehashi.accounts.models import Membership
from kakehashi.community import services as community
from kakehashi.community.models import Post
from kakehashi.events.models import Session
from kakehashi.opportunities.models import Match, Opportunity

post = Post.objects.filter(visibility="public", published_at__isnull=False).order_by("id").first()
members = [m.user for m in Membership.objects.filter(status="active").select_related("user")[:10]]
k = 0
while post.comments.count() < 50:
    community.add_comment(members[k % len(members)], post, body=f"Comment {k}: lead times, certification and **samples**.")
    k += 1
with_matches = Opportunity.objects.filter(status="published", pk__in=Match.objects.values("opportunity_id")).order_by("id")
opportunity = next(o for o in with_matches if Membership.objects.filter(organisation_id=o.organisation_id, status="active").exists())
owner = Membership.objects.filter(organisation_id=opportunity.organisation_id, status="active").first().user
session = SessionStore()
session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(owner.pk), settings.AUTHENTICATION_BACKENDS[0]
session[HASH_SESSION_KEY] = owner.get_session_auth_hash()
session.create()
event = Session.objects.filter(published=True).order_by("id").first()
print(json.dumps({"post": post.slug, "opportunity": opportunity.reference, "session": session.session_key,
                  "event": event.slug}))
"""


def _worker(base: str, path: str, n: int, cookie: str) -> list[float]:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    headers = {"Accept-Language": "ja", **({"Cookie": cookie} if cookie else {})}
    timings = []
    for _ in range(n):
        start = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{path}: HTTP {response.status}")
        timings.append(time.perf_counter() - start)
    conn.close()
    return timings


def _burst(base: str, path: str, requests: int, concurrency: int, cookie: str) -> tuple[float, list[float]]:
    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(lambda _: _worker(base, path, max(1, requests // concurrency), cookie), range(concurrency)))
    return time.perf_counter() - start, [t for r in results for t in r]


def measure(base: str, path: str, requests: int, concurrency: int, cookie: str = "", *,
            bare: str, rounds: int) -> tuple[tuple[float, float, float], float, list[float]]:
    """(req/s, p50 ms, p99 ms) of the page, the bare page's req/s measured in alternating
    bursts with it (`rounds` of each), so that both see the same load on a shared machine,
    and the ratio of each round (the page's burst over the bare burst just before it)."""
    # Warm up with a concurrent burst, so that every gunicorn worker has served the page once
    # (each keeps its own page cache and query vectors): the steady state a site is in after
    # its first visitors, not a worker's first render inside the measured bursts.
    _burst(base, path, 5 * concurrency, concurrency, cookie)
    _burst(bare, "/", 5 * concurrency, concurrency, "")
    page_time = bare_time = 0.0
    timings: list[float] = []
    bare_count = 0
    ratios = []
    for _ in range(rounds):
        bare_elapsed, burst = _burst(bare, "/", requests // rounds, concurrency, "")
        bare_time, bare_count = bare_time + bare_elapsed, bare_count + len(burst)
        elapsed, page_burst = _burst(base, path, requests // rounds, concurrency, cookie)
        page_time += elapsed
        timings += page_burst
        ratios.append((len(page_burst) / elapsed) / (len(burst) / bare_elapsed))
    timings.sort()
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    return (len(timings) / page_time, statistics.median(timings) * 1000, p99 * 1000), bare_count / bare_time, ratios


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=4, help="alternating bursts of the bare page and the page")
    parser.add_argument("--data", help="a seeded and indexed data directory to copy")
    args = parser.parse_args()
    found: dict[str, str] = {}

    def setup(data_dir: str, env: dict[str, str]) -> None:
        out = subprocess.run([BIN / "kakehashi", "shell", "--no-imports", "-c", SETUP], env=env, check=True,
                             capture_output=True, text=True).stdout
        found.update(json.loads(out.strip().splitlines()[-1]))

    with serve(gunicorn=True, workers=2, reindex=not args.data, copy_of=args.data, setup=setup) as base, \
            serve_bare(workers=2) as bare:
        signed_in = f"sessionid={found['session']}"
        pages = [  # (label, path, signed in, goal)
            ("home", "/", False, 0.6),
            ("directory", "/organisations/", False, 0.6),
            ("opportunity search", "/opportunities/", False, 0.6),
            ("opportunity search ?q=", "/opportunities/?q=precision+machining", False, 0.3),
            ("opportunity + matches (signed in)", f"/opportunities/{found['opportunity']}/", True, 0.6),
            ("post with 50 comments", f"/community/posts/{found['post']}/", False, 0.6),
            ("post with 50 comments (signed in)", f"/community/posts/{found['post']}/", True, 0.6),
            ("event session", f"/events/sessions/{found['event']}/", False, 0.6),
            ("dashboard (signed in)", "/dashboard/", True, 0.6),
            ("API opportunities", "/api/v1/opportunities", False, 0.6),
            ("API organisations", "/api/v1/organisations", False, 0.6),
            ("API sessions", "/api/v1/events/sessions", False, 0.6),
        ]
        # The bare page is measured in bursts alternating with each page's: the load of a
        # shared machine drifts during a run, and both then see the same.
        rows = []
        for label, path, auth, goal in pages:
            figures, bare_rps, ratios = measure(base, path, args.requests, args.concurrency, signed_in if auth else "",
                                                bare=bare, rounds=args.rounds)
            rows.append((label, figures, bare_rps, ratios, goal))
        print(f"{'page':36} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'bare/s':>8} {'ratio':>6} {'rounds':>11} {'goal':>5}")
        for label, (rps, p50, p99), bare_rps, ratios, goal in rows:
            ratio = rps / bare_rps
            spread = f"{statistics.median(ratios):.2f} {min(ratios):.2f}–{max(ratios):.2f}"
            print(f"{label:36} {rps:8.0f} {p50:8.1f} {p99:8.1f} {bare_rps:8.0f} {ratio:6.2f} {spread:>16} {goal:5.1f}"
                  f"{'' if ratio >= goal else ' below'}")

if __name__ == "__main__":
    main()
