"""Time from publishing an opportunity to its matches being visible, with the embedded default
(`kakehashi run`: SQLite, tasks on an in-process worker thread), over the demo data.

    .venv/bin/python bench/matching_publish.py [--trials 10]

Seeds the demo (≈300 opportunities), builds the index (`kakehashi reindex`), starts the server,
then per trial: a member writes a Japanese sourcing request through the API and submits it;
staff approve it (the moment it is published); we poll the matches API every 50 ms until
matches appear. Prints each time and the median and maximum.
"""

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

from _server import BIN, free_port, wait_healthy

TOKENS = """
from kakehashi.accounts import services
from kakehashi.accounts.models import Membership, User
staff = User.objects.get(email="admin@kakehashi.example")
member = Membership.objects.filter(status="active", role="owner", organisation__country="JP",
                                   organisation__status="approved", user__approval_status="approved").first()
print(services.create_api_token(staff, name="bench")[1])
print(services.create_api_token(member.user, name="bench")[1])
print(member.organisation.slug)
"""

REQUEST = {
    "kind": "sourcing_request",
    "title": "精密自動車部品のサプライヤーを探しています（試行{n}）",
    "summary": "ブレーキ部品やトランスミッション部品のCNC加工ができるインドの工場と長期取引を希望します。",
    "details": "年間十万個規模の量産に対応でき、日本の自動車メーカーの品質基準を満たすことが条件です。",
    "language": "ja",
    "sectors": ["29"],
    "target_countries": ["IN"],
    "visibility": "members",
}


def call(base: str, token: str, method: str, path: str, body: dict | None = None) -> tuple[int, object]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        text = error.read()
        try:
            return error.code, json.loads(text or b"null")
        except ValueError:
            return error.code, text[:200]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kakehashi-publish-") as data_dir:
        env = {**os.environ, "KAKEHASHI_DATA_DIR": data_dir, "LOG_LEVEL": "WARNING", "EMAIL_URL": "dummymail://"}
        for command in (["migrate", "-v", "0"], ["seed_demo"], ["reindex", "--quiet"]):
            subprocess.run([BIN / "kakehashi", *command], env=env, check=True, stdout=subprocess.DEVNULL)
        staff_token, member_token, organisation = subprocess.run(
            [BIN / "kakehashi", "shell", "--no-imports", "-c", TOKENS], env=env, check=True, capture_output=True,
            text=True).stdout.split()
        port = free_port()
        server = subprocess.Popen([BIN / "kakehashi", "run", "--port", str(port), "--no-seed"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_healthy(base)
            times = []
            for n in range(args.trials):
                body = {**REQUEST, "title": REQUEST["title"].format(n=n), "organisation": organisation,
                        "expires_on": time.strftime("%Y-%m-%d", time.gmtime(time.time() + 90 * 86400))}
                status, created = call(base, member_token, "POST", "/api/v1/opportunities/", body)
                assert status == 201, (status, created)
                reference = created["reference"]
                assert call(base, member_token, "POST", f"/api/v1/opportunities/{reference}/submit")[0] == 200
                status, _ = call(base, staff_token, "POST", f"/api/v1/opportunities/{reference}/approve")
                assert status == 200
                published = time.perf_counter()
                while True:
                    status, matches = call(base, member_token, "GET", f"/api/v1/opportunities/{reference}/matches")
                    if status == 200 and matches:
                        break
                    if time.perf_counter() - published > 60:
                        raise RuntimeError("no matches after 60 s")
                    time.sleep(0.05)
                times.append(time.perf_counter() - published)
                print(f"  trial {n + 1}: matches visible {times[-1]:.2f} s after publication "
                      f"(best: {matches[0]['opportunity']['title'][:60]} — {matches[0]['score']:.2f})", flush=True)
            print(f"publish → matches visible: median {statistics.median(times):.2f} s, max {max(times):.2f} s "
                  f"over {len(times)} trials (machine: {os.cpu_count()} cores)")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
