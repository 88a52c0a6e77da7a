"""Two nodes, one database: two real `kakehashi run` processes with their own data
directories (their own index files) and the same database (an SQLite file both open, or a
PostgreSQL database of its own when DATABASE_URL names one). An opportunity published
through node A is found by node B's search page, and neither node's exact delta grows past
INDEX_DELTA_LIMIT: each folds it into its own files. The times are printed (`-s`)."""

import os
import time
import urllib.parse
import urllib.request

import pytest

from tests.core import crash
from tests.mail.smtp import free_port

LIMIT = 3
FOUND_WITHIN = 120  # seconds from the publishing commit to node B's search page (measured: a few)
NODE = {"INDEX_DELTA_LIMIT": str(LIMIT), "INDEX_COMPACT_SECONDS": "2", "MATCHING_THREADS": "1", "DEBUG": "1"}

SETUP = """
from tests.factories import MembershipFactory, StaffFactory
MembershipFactory(user__email="publisher@example.org", organisation__slug="node-a-works")
StaffFactory(email="staff@example.org")
"""
PUBLISH = """
import datetime as dt
from django.utils import timezone
from kakehashi.accounts.models import User, Organisation
from kakehashi.opportunities import services
member, staff = User.objects.get(email="publisher@example.org"), User.objects.get(email="staff@example.org")
organisation = Organisation.objects.get(slug="node-a-works")
for title in {titles!r}:
    o = services.create_draft(member, organisation, sectors=["29"], kind="manufacturing_offer", title=title,
        summary="Contract manufacturing of " + title.lower() + " for export customers in Japan.",
        details="Certified plant; samples within two weeks; monthly capacity of 20,000 units.",
        language="en", visibility="public", expires_on=timezone.localdate() + dt.timedelta(days=60))
    services.submit(member, o)
    services.approve(staff, o)
    print(o.reference)
"""
DELTA = """
from kakehashi.matching import encoders, index
print(max(index.delta_size("opportunity", e.name, e.version) for e in encoders.active()))
"""
TITLES = ["Titanium bicycle frames", "Bamboo fibre bath towels", "Ceramic brake discs", "Solar charge controllers",
          "Stainless steel surgical scissors", "Hand-loomed silk scarves", "Cast iron cookware", "Copper busbars",
          "Leather safety gloves"]


@pytest.fixture(params=crash.database_params())
def nodes(request, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shared = {} if request.param == "postgres" else {"DATABASE_URL": f"sqlite:///{tmp_path / 'a' / 'kakehashi.sqlite3'}"}
    site = crash.Installation(tmp_path / "a", request.param, **NODE, **shared)
    site.start("run")  # node A: web, task worker and periodic jobs
    b_env = {**site.env, "KAKEHASHI_DATA_DIR": str(tmp_path / "b")}
    port = free_port()
    log = open(tmp_path / "b" / "run-b.log", "w")  # noqa: SIM115 - kept for the post-mortem
    site.processes.append(crash.subprocess.Popen(
        [*crash.KAKEHASHI, "run", "--no-seed", "--port", str(port)], env=b_env, stdout=log, stderr=crash.subprocess.STDOUT
    ))
    yield site, b_env, f"http://127.0.0.1:{port}"
    site.close()


def _shell(env: dict[str, str], code: str) -> str:
    done = crash.subprocess.run([*crash.KAKEHASHI, "shell", "--no-imports", "-c", code], env=env, check=True,
                                capture_output=True, text=True, timeout=300, cwd=os.getcwd())
    return done.stdout


def _found(base: str, title: str, reference: str) -> bool:
    url = f"{base}/opportunities/?q={urllib.parse.quote(title)}"
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return reference in response.read().decode()
    except OSError:
        return False  # node B is still starting


def test_an_opportunity_published_through_one_node_is_found_by_the_other_and_no_delta_outgrows_the_limit(nodes):
    site, b_env, b_url = nodes
    _shell(site.env, SETUP)

    [first] = _shell(site.env, PUBLISH.format(titles=TITLES[:1])).split()
    published = time.monotonic()
    site.wait_until(lambda: _found(b_url, TITLES[0], first), seconds=FOUND_WITHIN + 60, poll=0.5, what="B finds it")
    first_found = time.monotonic() - published
    references = _shell(site.env, PUBLISH.format(titles=TITLES[1:])).split()
    published = time.monotonic()
    for title, reference in zip(TITLES[1:], references, strict=True):
        site.wait_until(lambda t=title, r=reference: _found(b_url, t, r), seconds=FOUND_WITHIN * 2, poll=0.5, what=title)
    all_found = time.monotonic() - published
    deltas = {}
    for node, env in (("a", site.env), ("b", b_env)):
        site.wait_until(lambda e=env: int(_shell(e, DELTA)) < LIMIT, seconds=120, poll=1, what=f"node {node} compacts")
        deltas[node] = int(_shell(env, DELTA))
    print(f"\nfirst found on node B {first_found:.1f} s after publishing on A; {len(references)} more in {all_found:.1f} s;"
          f" deltas after: {deltas} (limit {LIMIT})")

    assert first_found < FOUND_WITHIN
    assert len(references) == len(TITLES) - 1
    assert all(delta < LIMIT for delta in deltas.values())
    for node in ("a", "b"):
        assert sorted(p.name for p in (site.directory.parent / node / "index").glob("opportunity.*.usearch")) == [
            "opportunity.e5.usearch", "opportunity.usem3.usearch"]
