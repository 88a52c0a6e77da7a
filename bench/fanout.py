"""Comment fan-out to 10,000 followers, with the embedded default (`kakehashi run`: SQLite,
tasks on an in-process worker thread).

    .venv/bin/python bench/fanout.py [--followers 10000] [--comments 30]

Prints (1) the time from posting one comment until every follower has a notification and a
queued e-mail, and (2) the latency of posting comments (HTTP POST → redirect) on a post with
no followers and on the post with N followers while earlier fan-outs still run.
"""

import argparse
import http.cookiejar
import os
import sqlite3
import statistics
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request

from _server import BIN, free_port, wait_healthy

SETUP = """
from django.contrib.auth.hashers import make_password
from allauth.account.models import EmailAddress
from kakehashi.accounts.models import User
from kakehashi.community.models import Post, PostFollow
from kakehashi.community import services
n = {followers}
users = User.objects.bulk_create(
    [User(email=f"f{{i}}@example.org", display_name=f"Follower {{i}}", approval_status="approved",
          language=("en", "ja", "hi")[i % 3], password="!") for i in range(n)], batch_size=2000)
writer = User.objects.create(email="writer@example.org", approval_status="approved", password=make_password("bench-pass-123"))
EmailAddress.objects.create(user=writer, email=writer.email, verified=True, primary=True)
big = services.create_post(writer, title="Big post", body="x", language="en")
services.create_post(writer, title="Quiet post", body="x", language="en")
PostFollow.objects.bulk_create([PostFollow(user=u, post=big) for u in User.objects.filter(email__startswith="f")], batch_size=2000)
PostFollow.objects.filter(user=writer).delete()
"""


class Session:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, path: str) -> str:
        return self.opener.open(self.base + path).read().decode()

    def post(self, path: str, data: dict[str, str]) -> int:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            return self.opener.open(request).status
        except urllib.error.HTTPError as exc:
            return exc.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def latencies(session: Session, slug: str, n: int) -> list[float]:
    out = []
    for i in range(n):
        start = time.perf_counter()
        status = session.post(f"/community/posts/{slug}/comment/", {"body": f"Comment {i}"})
        out.append((time.perf_counter() - start) * 1000)
        assert status == 302, status
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--followers", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kakehashi-fanout-") as data_dir:
        env = {**os.environ, "KAKEHASHI_DATA_DIR": data_dir, "LOG_LEVEL": "WARNING", "EMAIL_URL": "dummymail://"}
        subprocess.run([BIN / "kakehashi", "migrate", "-v", "0"], env=env, check=True)
        subprocess.run([BIN / "kakehashi", "shell", "--no-imports", "-c", SETUP.format(followers=args.followers)], env=env, check=True)
        port = free_port()
        server = subprocess.Popen([BIN / "kakehashi", "run", "--port", str(port), "--no-seed"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        db = sqlite3.connect(f"file:{data_dir}/kakehashi.sqlite3?mode=ro", uri=True, timeout=30)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_healthy(base)
            session = Session(base)
            session.get("/accounts/login/")
            assert session.post("/accounts/login/", {"login": "writer@example.org", "password": "bench-pass-123"}) == 302

            start = time.perf_counter()
            first = latencies(session, "big-post", 1)[0]
            while db.execute("SELECT COUNT(*) FROM community_notification").fetchone()[0] < args.followers:
                time.sleep(0.05)
            notified = time.perf_counter() - start
            queued = db.execute("SELECT COUNT(*) FROM mail_outboxmessage").fetchone()[0]

            quiet = latencies(session, "quiet-post", args.comments)
            busy = latencies(session, "big-post", args.comments)
        finally:
            server.terminate()
            server.wait(timeout=30)

    def fmt(values):
        values = sorted(values)
        return f"p50 {statistics.median(values):6.1f} ms   p99 {values[min(len(values) - 1, int(len(values) * 0.99))]:6.1f} ms   max {values[-1]:6.1f} ms"

    print(f"followers:                         {args.followers}")
    print(f"fan-out of one comment:            {notified:.1f} s until {args.followers} notifications exist "
          f"({queued} e-mails queued by then; first POST took {first:.1f} ms)")
    print(f"POST comment, post with 0 followers:          {fmt(quiet)}")
    print(f"POST comment, post with {args.followers} followers: {fmt(busy)}   (fan-outs running meanwhile)")


if __name__ == "__main__":
    main()
