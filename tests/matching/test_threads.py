"""Native thread pools are sized per process kind: real processes, real encoders, and what
threadpoolctl sees in them after an actual encode."""

import json
import os
import subprocess
import sys

import pytest

from kakehashi import threads

DROP = ("DATABASE_URL", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "MATCHING_THREADS", "MATCHING_ENCODERS", *threads.VARIABLES)

# Encode with every active encoder, then report each native pool the process has loaded.
PROBE = """
import json, threadpoolctl
from kakehashi.matching import encoders
active = encoders.active()
for encoder in active:
    encoder.encode(["welding apprenticeship in Osaka", "ओसाका में वेल्डिंग प्रशिक्षण"])
print(json.dumps({"encoders": [e.name for e in active],
                  "pools": [[p["internal_api"], p["num_threads"]] for p in threadpoolctl.threadpool_info()]}))
"""
ENTRY_POINTS = {
    "kakehashi shell": [sys.executable, "-m", "kakehashi.cli", "shell", "-c", PROBE],
    "wsgi": [sys.executable, "-c", "import kakehashi.wsgi\n" + PROBE],
}


def _probe(entry_point: str, tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in DROP}
    env.update({"KAKEHASHI_DATA_DIR": str(tmp_path), "DEBUG": "1", "LOG_LEVEL": "WARNING", **extra})
    done = subprocess.run(ENTRY_POINTS[entry_point], env=env, capture_output=True, text=True, timeout=300, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("entry_point", ENTRY_POINTS)
def test_native_pools_have_one_thread_by_default(entry_point, tmp_path):
    report = _probe(entry_point, tmp_path)

    assert report["encoders"] == ["usem3", "e5"]
    assert {api for api, _ in report["pools"]} == {"openblas", "openmp"}
    assert [n for _, n in report["pools"]] == [1] * len(report["pools"])


@pytest.mark.parametrize("entry_point", ENTRY_POINTS)
def test_native_pools_follow_matching_threads(entry_point, tmp_path):
    report = _probe(entry_point, tmp_path, MATCHING_THREADS="2")

    assert {api for api, _ in report["pools"]} == {"openblas", "openmp"}
    assert [n for _, n in report["pools"]] == [2] * len(report["pools"])


@pytest.mark.parametrize("entry_point", ENTRY_POINTS)
def test_native_pools_keep_the_operators_omp_num_threads(entry_point, tmp_path):
    report = _probe(entry_point, tmp_path, OMP_NUM_THREADS="3")

    assert sorted({(api, n) for api, n in report["pools"]}) == [("openblas", 1), ("openmp", 3)]


@pytest.fixture
def clean_environment(monkeypatch):
    for name in ("MATCHING_THREADS", *threads.VARIABLES):
        monkeypatch.delenv(name, raising=False)


def test_reindex_threads_option_sizes_the_pools(clean_environment, monkeypatch):
    monkeypatch.setenv("MATCHING_THREADS", "1")

    assert threads.configure_for_command(["kakehashi", "reindex", "--threads", "3"]) == 3
    assert {name: os.environ[name] for name in threads.VARIABLES} == dict.fromkeys(threads.VARIABLES, "3")


def test_reindex_without_threads_option_uses_every_core(clean_environment):
    assert threads.configure_for_command(["kakehashi", "reindex", "--quiet"]) == (os.cpu_count() or 1)
    assert os.environ["OMP_NUM_THREADS"] == str(os.cpu_count() or 1)


def test_worker_uses_matching_threads(clean_environment, monkeypatch):
    monkeypatch.setenv("MATCHING_THREADS", "2")

    assert threads.configure_for_command(["kakehashi", "worker"]) == 2
    assert os.environ["OPENBLAS_NUM_THREADS"] == "2"


def test_explicit_variable_is_kept(clean_environment, monkeypatch):
    monkeypatch.setenv("MKL_NUM_THREADS", "4")

    threads.configure_for_command(["kakehashi", "worker"])

    assert os.environ["MKL_NUM_THREADS"] == "4"
    assert os.environ["OMP_NUM_THREADS"] == "1"
