"""Soak: mixed traffic against gunicorn + a separate `kakehashi worker` on PostgreSQL, with
e-mail going to a real SMTP server on loopback, and the worker SIGKILLed and restarted in
the middle of the run.

    .venv/bin/python bench/soak.py [--seconds 120] [--threads 8] [--followers 60] [--members 60]
        [--database-url postgres://postgres@127.0.0.1:5432/kk_soak] [--worker-class sync|gthread] [--reindex]

The script drops and creates its own database (`--database-url`), migrates it, loads the
demo (`kakehashi seed-demo`) and adds, through the ORM, `--members` approved members (each
with an API token and an approved organisation of their own) who all follow one new post,
plus listeners who only follow it (`--followers` followers in all, e-mail on, no digest).
Client threads then send, for `--seconds`: reads (home, directory, opportunity list, a
community post, an event session, API lists), searches (opportunity search with a query),
comments on the followed post (each fans out to every other follower: a notification and
an e-mail), event registrations and expressions of interest (API, bearer tokens). Halfway,
the worker's process group is SIGKILLed and a new worker started. At the end the script
waits (at most `--drain-seconds`) for the task queue and the outbox to drain and prints
requests, per-kind counts and p50/p99, 5xx / 429 / other 4xx, and mails expected /
delivered (distinct Message-IDs accepted by the SMTP server) / duplicated (a Message-ID
accepted more than once). Exit status 1 if there was a 5xx, a transport error or a lost mail.

Expected mails are counted by the client from the writes that succeeded: a comment → one
per follower other than its author; a registration → one (seat or waiting list); an
interest → one per member of the opportunity's organisation who wants activity e-mails
(plus its author if still a member), counted at setup. Only loopback addresses are used.
gunicorn and the workers run in process groups of their own, stopped on any exit of the
script (SIGTERM, then SIGKILL); the database is left for a post-mortem and dropped by the
next run.
"""

import argparse
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from pathlib import Path

from _server import BIN, free_port, wait_healthy
from _smtpsink import MessageIdSink

# Per-member limits raised for the soak: a member here writes far more often than a person.
RATE_LIMITS = {
    "RATE_LIMIT_COMMENT": "1000/m",
    "RATE_LIMIT_REGISTRATION": "1000/m",
    "RATE_LIMIT_INTEREST": "1000/m",
}
SHORT_LEASES = {  # so that the work of the killed worker is taken up again within the run
    "TASK_LEASE_SECONDS": "10",
    "TASK_SWEEP_SECONDS": "2",
    "MAIL_SWEEP_SECONDS": "2",
    "MAIL_SENDING_LEASE_SECONDS": "10",
}
ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "MATCHING_THREADS": "1"}
QUERIES = ["precision machining", "EV battery supplier", "software outsourcing Bengaluru", "自動車部品",
           "semiconductor packaging", "खाद्य प्रसंस्करण", "joint venture Osaka", "textile export", "AI startup investment"]

SETUP = r"""
import json
from django.utils import timezone
from allauth.account.models import EmailAddress
from kakehashi.accounts import services as accounts
from kakehashi.accounts.models import Membership, Organisation, User
from kakehashi.accounts import people
from kakehashi.community import services as community
from kakehashi.community.models import PostFollow
from kakehashi.events.models import Session
from kakehashi.opportunities.models import Opportunity, live_q

members, followers = {members}, {followers}
now = timezone.now()
def person(i, kind):
    user = User.objects.create(email=f"soak-{{kind}}{{i}}@soak.example", display_name=f"Soak {{kind}} {{i}}",
                               approval_status="approved", language=("en", "ja", "hi")[i % 3], password="!",
                               email_notifications=True, digest="off")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user
tokens = []
for i in range(members):
    user = person(i, "member")
    org = Organisation.objects.create(name=f"Soak Trading {{i}}", slug=f"soak-trading-{{i}}", country="IN",
                                      org_type="sme", size_band="10-49", status="approved", created_by=user)
    Membership.objects.create(user=user, organisation=org, role="owner", status="active")
    tokens.append(accounts.create_api_token(user, name="soak")[1])
listeners = [person(i, "listener") for i in range(max(0, followers - members))]
author = person(0, "author")
post = community.create_post(author, title="Soak: open questions", body="Ask here.", language="en")
PostFollow.objects.filter(post=post).delete()
PostFollow.objects.bulk_create([PostFollow(user=u, post=post) for u in User.objects.filter(email__startswith="soak-").exclude(pk=author.pk)])
sessions = [
    {{"slug": s.slug, "questions": list(s.questions.values_list("pk", flat=True))}}
    for s in Session.objects.filter(published=True, starts_at__gt=now).order_by("starts_at")
]
opportunities = {{}}
for o in Opportunity.objects.filter(live_q()).select_related("created_by").order_by("pk"):
    mailed = {{u.pk for u in people.people_of(o.organisation_id) if u.email_notifications}}
    if o.created_by and o.created_by.is_active and people.people_of(o.organisation_id).filter(pk=o.created_by_id).exists():
        mailed.add(o.created_by_id)
    opportunities[o.reference] = len(mailed)
print("SOAK-SETUP " + json.dumps({{
    "tokens": tokens, "post": post.slug, "followers": PostFollow.objects.filter(post=post, active=True).count(),
    "sessions": sessions, "opportunities": opportunities,
    "read_post": "call-for-pilot-projects-2026",
}}))
"""


class Soak:
    def __init__(self, args: argparse.Namespace, env: dict[str, str], data_dir: Path):
        self.args, self.env, self.data_dir = args, env, data_dir
        self.processes: list[subprocess.Popen] = []
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.status: dict[str, Counter] = defaultdict(Counter)
        self.transport_errors: Counter = Counter()
        self.expected: Counter = Counter()  # mails, by kind of write
        self.comments = 0
        self.slowest: list[tuple[float, str, float]] = []  # (ms, kind, seconds into the run)
        self.started = time.monotonic()
        self.stop = threading.Event()

    # --- processes -------------------------------------------------------------------------

    def start(self, name: str, cmd: list) -> subprocess.Popen:
        log = open(self.data_dir / f"{name}-{len(self.processes)}.log", "w")  # noqa: SIM115 - kept for the post-mortem
        process = subprocess.Popen(cmd, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append(process)
        return process

    def kill(self, process: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)

    def close(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                self.kill(process, signal.SIGTERM)

    # --- traffic ---------------------------------------------------------------------------

    def request(self, kind: str, method: str, path: str, *, token: str | None = None, body: dict | None = None) -> int:
        import http.client

        headers = {"Accept-Language": random.choice(["en", "ja", "hi"])}
        data = None
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        start = time.perf_counter()
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        except OSError as exc:
            with self.lock:
                self.transport_errors[f"{kind}: {type(exc).__name__}"] += 1
            return 0
        finally:
            connection.close()
        elapsed = (time.perf_counter() - start) * 1000
        with self.lock:
            self.status[kind][status] += 1
            at = time.monotonic() - self.started
            self.slowest.append((elapsed, kind, at))
            if at >= self.args.warmup:  # the first seconds load the encoders into each web worker
                self.latency[kind].append(elapsed)
        return status

    def client(self, seed: int, fixtures: dict) -> None:
        rng = random.Random(seed)
        tokens = fixtures["tokens"]
        sessions = fixtures["sessions"]
        refs = sorted(fixtures["opportunities"])
        post = fixtures["post"]
        reads = [
            ("home", "/"), ("directory", "/organisations/"), ("opportunity list", "/opportunities/"),
            ("post", f"/community/posts/{fixtures['read_post']}/"),
            ("session", f"/events/sessions/{sessions[0]['slug']}/" if sessions else "/events/"),
            ("api list", "/api/v1/organisations?country=JP"), ("api list", "/api/v1/opportunities"),
            ("api list", "/api/v1/community/posts"), ("api list", "/api/v1/events/sessions"),
        ]
        kinds = ["read"] * 56 + ["search"] * 15 + ["comment"] * 4 + ["registration"] * 10 + ["interest"] * 15
        while not self.stop.is_set():
            kind = rng.choice(kinds)
            if kind == "read":
                name, path = rng.choice(reads)
                self.request(name, "GET", path, token=rng.choice(tokens) if name == "api list" and rng.random() < 0.5 else None)
            elif kind == "search":
                self.request("search", "GET", "/opportunities/?" + urllib.parse.urlencode({"q": rng.choice(QUERIES)}))
            elif kind == "comment":
                member = rng.randrange(len(tokens))
                status = self.request("comment", "POST", f"/api/v1/community/posts/{post}/comments", token=tokens[member],
                                      body={"body": f"Soak comment from member {member} at {time.time():.3f}"})
                if status == 201:
                    with self.lock:
                        self.comments += 1
                        self.expected["comment"] += fixtures["followers"] - 1  # every follower but the author
            elif kind == "registration":
                pair = self.take(rng, "registration", len(tokens), len(sessions))
                if pair is None:
                    continue
                member, index = pair
                session = sessions[index]
                status = self.request("registration", "POST", f"/api/v1/events/sessions/{session['slug']}/registrations",
                                      token=tokens[member],
                                      body={"answers": [{"question": q, "text": "Soak"} for q in session["questions"]]})
                if status == 201:
                    with self.lock:
                        self.expected["registration"] += 1
            else:
                pair = self.take(rng, "interest", len(tokens), len(refs))
                if pair is None:
                    continue
                member, index = pair
                status = self.request("interest", "POST", "/api/v1/opportunities/interests", token=tokens[member],
                                      body={"opportunity": refs[index], "message": "We would like to talk (soak)."})
                if status == 201:
                    with self.lock:
                        self.expected["interest"] += fixtures["opportunities"][refs[index]]

    def take(self, rng: random.Random, kind: str, members: int, targets: int) -> tuple[int, int] | None:
        """A (member, target) pair not used before, so every write is a new one."""
        used = self.used.setdefault(kind, set())
        with self.lock:
            if len(used) >= members * targets:
                return None
            while True:
                pair = (rng.randrange(members), rng.randrange(targets))
                if pair not in used:
                    used.add(pair)
                    return pair


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (nearest rank below); NaN without values."""
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * q))] if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--members", type=int, default=60)
    parser.add_argument("--followers", type=int, default=60)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--warmup", type=float, default=10, help="seconds whose latencies are not counted (statuses are)")
    parser.add_argument("--drain-seconds", type=float, default=300)
    parser.add_argument("--reindex", action="store_true", help="index the demo opportunities first (≈ 3 minutes)")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/kk_soak")
    args = parser.parse_args()
    if args.followers < args.members:
        parser.error("--followers counts the members too: give at least --members")
    url = urllib.parse.urlsplit(args.database_url)
    if url.scheme not in ("postgres", "postgresql") or url.hostname not in ("127.0.0.1", "localhost", "::1"):
        parser.error("--database-url must be a PostgreSQL database on loopback")

    import psycopg

    name = url.path.strip("/")
    admin_url = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')

    def interrupted(signum, frame):  # SIGTERM too runs the `finally` that stops the servers
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    sink = MessageIdSink()
    sink.start()
    failed = True
    with tempfile.TemporaryDirectory(prefix="kakehashi-soak-") as directory:
        data_dir = Path(directory)
        port = free_port()
        env = {
            **{k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "EMAIL_URL")},
            "DATABASE_URL": args.database_url, "KAKEHASHI_DATA_DIR": directory, "DEBUG": "0", "HTTPS": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost", "LOG_LEVEL": "WARNING", "TASK_BACKEND": "database",
            "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}", "KAKEHASHI_SITE_URL": f"http://127.0.0.1:{port}",
            "SECRET_KEY": "soak-" + "x" * 60, **RATE_LIMITS, **SHORT_LEASES, **ONE_THREAD,
        }
        soak = Soak(args, env, data_dir)
        soak.port = port
        soak.used = {}
        db = None
        try:
            t = time.monotonic()
            steps = [["migrate", "-v", "0"], ["seed-demo"], ["collectstatic", "--noinput", "-v", "0"]]
            if args.reindex:  # opportunity vectors, so that searches rank something (≈ 3 minutes)
                steps.append(["reindex", "--quiet"])
            for step in steps:
                subprocess.run([BIN / "kakehashi", *step], env={**env, "MATCHING_THREADS": "2"}, check=True,
                               stdout=subprocess.DEVNULL)
            out = subprocess.run(
                [BIN / "kakehashi", "shell", "--no-imports", "-c", SETUP.format(members=args.members, followers=args.followers)],
                env=env, check=True, capture_output=True, text=True).stdout
            fixtures = json.loads(next(line for line in out.splitlines() if line.startswith("SOAK-SETUP "))[11:])
            print(f"setup: {time.monotonic() - t:.0f} s; {len(fixtures['tokens'])} members, post followed by "
                  f"{fixtures['followers']}, {len(fixtures['sessions'])} upcoming sessions, "
                  f"{len(fixtures['opportunities'])} live opportunities", flush=True)
            db = psycopg.connect(args.database_url, autocommit=True)
            baseline = {row[0] for row in db.execute("SELECT id FROM mail_outboxmessage")}

            gunicorn = [BIN / "gunicorn", "kakehashi.wsgi", "--workers", str(args.web_workers), "--worker-class",
                        args.worker_class, "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "60"]
            if args.worker_class == "gthread":
                gunicorn += ["--threads", "4"]
            soak.start("gunicorn", gunicorn)
            worker = soak.start("worker", [BIN / "kakehashi", "worker", "--interval", "0.2"])
            wait_healthy(f"http://127.0.0.1:{port}")

            threads = [threading.Thread(target=soak.client, args=(i, fixtures), daemon=True) for i in range(args.threads)]
            start = soak.started = time.monotonic()
            for thread in threads:
                thread.start()
            soak.stop.wait(args.seconds / 2)
            # Kill it in the middle of a comment's fan-out (waiting at most 10 s more for one to
            # run; else in the middle of whatever task runs then, if any).
            in_progress = "SELECT task_path FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not any(
                    path.endswith("fan_out_comment") for (path,) in db.execute(in_progress).fetchall()):
                time.sleep(0.005)
            soak.kill(worker)  # SIGKILL of its process group, whatever it is doing
            killed_at = time.monotonic() - start
            running = Counter(path.rsplit(".", 1)[-1] for (path,) in db.execute(in_progress).fetchall())
            sending = db.execute("SELECT COUNT(*) FROM mail_outboxmessage WHERE state = 'sending'").fetchone()[0]
            soak.start("worker", [BIN / "kakehashi", "worker", "--interval", "0.2"])
            soak.stop.wait(max(0.0, args.seconds - (time.monotonic() - start)))
            soak.stop.set()
            for thread in threads:
                thread.join(timeout=90)
            elapsed = time.monotonic() - start
            sent_during = len(sink.counts())

            # --- drain ---------------------------------------------------------------------
            drain_start = time.monotonic()
            drained = False
            while time.monotonic() - drain_start < args.drain_seconds:
                tasks = db.execute("SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')").fetchone()[0]
                mail = db.execute("SELECT COUNT(*) FROM mail_outboxmessage WHERE state IN ('queued', 'sending')").fetchone()[0]
                if tasks == 0 and mail == 0:
                    drained = True
                    break
                time.sleep(0.5)
            time.sleep(1)  # the last SMTP replies
            drain = time.monotonic() - drain_start

            # --- figures ---------------------------------------------------------------------
            rows = [r for r in db.execute("SELECT id, template, state FROM mail_outboxmessage") if r[0] not in baseline]
            templates = Counter(r[1] for r in rows)
            states = Counter(r[2] for r in rows)
            received = sink.counts()
            by_kind = {"comment": ("community/mail/new_comment",), "registration": ("events/mail/registered", "events/mail/waitlisted"),
                       "interest": ("opportunities/mail/interest_received",)}
            notified, notified_once = db.execute(
                "SELECT COUNT(*), COUNT(DISTINCT (n.comment_id, n.recipient_id)) FROM community_notification n "
                "JOIN community_post p ON p.id = n.post_id WHERE p.slug = %s AND n.comment_id IS NOT NULL",
                [fixtures["post"]]).fetchone()
            failed_tasks = db.execute("SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status = 'FAILED'").fetchone()[0]
            taken_again = db.execute(
                "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE jsonb_array_length(worker_ids) > 1").fetchone()[0]

            total = sum(sum(v.values()) for v in soak.status.values())
            print(f"\nran {elapsed:.0f} s with {args.threads} client threads; gunicorn {args.web_workers} {args.worker_class} "
                  f"workers + 1 `kakehashi worker`, SIGKILLed at {killed_at:.0f} s and restarted; left RUNNING: {dict(running) or 'no task'}, "
                  f"{sending} mail(s) 'sending'")
            print(f"requests sent: {total + sum(soak.transport_errors.values())}  ({total / elapsed:.1f} answered/s)")
            print(f"latencies (client-side, queueing included) leave out the first {args.warmup:.0f} s; slowest requests: "
                  + ", ".join(f"{kind} {ms:.0f} ms at {at:.0f} s" for ms, kind, at in sorted(soak.slowest, reverse=True)[:5]))
            print(f"{'kind':<18}{'count':>7}{'2xx/3xx':>9}{'5xx':>6}{'429':>6}{'4xx':>6}{'p50 ms':>9}{'p99 ms':>9}")
            errors = 0
            for kind in sorted(soak.status):
                codes = soak.status[kind]
                ok = sum(n for c, n in codes.items() if c < 400)
                server = sum(n for c, n in codes.items() if c >= 500)
                limited = codes.get(429, 0)
                client = sum(n for c, n in codes.items() if 400 <= c < 500 and c != 429)
                errors += server
                print(f"{kind:<18}{sum(codes.values()):>7}{ok:>9}{server:>6}{limited:>6}{client:>6}"
                      f"{percentile(soak.latency[kind], 0.5):>9.1f}{percentile(soak.latency[kind], 0.99):>9.1f}")
            other4xx = {k: {c: n for c, n in v.items() if 400 <= c < 500 and c != 429} for k, v in soak.status.items()}
            if any(other4xx.values()):
                print("4xx other than 429:", {k: v for k, v in other4xx.items() if v})
            if soak.transport_errors:
                print("transport errors:", dict(soak.transport_errors))
            print(f"\ncomments posted {soak.comments} on a post with {fixtures['followers']} followers: "
                  f"notifications expected {soak.comments * (fixtures['followers'] - 1)}, written {notified}, "
                  f"a second one for the same comment and person {notified - notified_once}")
            print(f"mails accepted by the SMTP server while the traffic ran: {sent_during}")
            print(f"queue {'drained' if drained else 'NOT drained'} {drain:.0f} s after the traffic stopped; "
                  f"tasks taken up again by the new worker {taken_again}; failed tasks {failed_tasks}; outbox rows of the run by state {dict(states)}")
            lost_total = 0
            print(f"{'mails':<14}{'expected':>9}{'queued':>8}{'delivered':>10}{'lost':>6}")
            for kind, names in by_kind.items():
                ids = {r[0] for r in rows if r[1] in names}
                delivered = sum(1 for i in ids if str(i) in received)
                lost = max(0, soak.expected[kind] - delivered)
                lost_total += lost
                print(f"{kind:<14}{soak.expected[kind]:>9}{len(ids):>8}{delivered:>10}{lost:>6}")
            others = {t: n for t, n in templates.items() if not any(t in names for names in by_kind.values())}
            run_ids = {str(r[0]) for r in rows}
            duplicated = sum(1 for i, n in received.items() if n > 1 and i in run_ids)
            print(f"duplicated (one Message-ID accepted more than once): {duplicated}; other mails of the run "
                  f"(periodic jobs): {others or 'none'}; distinct Message-IDs received in all: {len(received)}")
            failed = errors > 0 or bool(soak.transport_errors) or lost_total > 0 or not drained
        finally:
            soak.stop.set()
            soak.close()
            sink.stop()
            if db is not None:
                db.close()
            if failed:
                for log in sorted(data_dir.glob("*.log")):
                    text = log.read_text()[-4000:]
                    if text.strip():
                        print(f"--- {log.name}\n{text}", file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
