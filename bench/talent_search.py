"""SSW job search for a candidate, and candidate search for a job, at 10,000 candidates ×
1,000 published jobs (talent.matches), on the embedded default (SQLite).

    KAKEHASHI_DATA_DIR=/tmp/kk-talent-bench PYTHONPATH=src .venv/bin/python bench/talent_search.py \
        [--candidates 10000] [--jobs 1000] [--queries 300]

The data directory is migrated and seeded (`seed_accounts`, `seed_talent`: 48 jobs, 84
candidates), the two talent collections are embedded with the real encoders, then jobs and
candidates are added until there are --jobs published jobs and --candidates profiles: each
is a copy of a demo one (a number appended to its text; a candidate copy gets its own
member and the demo one's skills tests), and its vectors are the copied one's plus Gaussian
noise (σ = 0.02 per dimension) then L2-normalised, as bench/search.py does: encoding 11,000
texts would take most of an hour on two cores, and a near neighbour of a real text costs
the same to rank. Run it again on the same directory to reuse the rows.

It times, after a warm-up, `matches.jobs_for_candidate(profile, "hi")` (what the "Jobs
ranked for me" page and GET /talent/profile/jobs call: eligibility of the candidate against
every published job, cross-lingual similarity of their experience to every job's duties,
preferences, reasons for the 50 kept) for --queries random candidates, and
`matches.candidates_for_job(job, "ja")` (the employer's page: every discoverable candidate's
eligibility, similarity and preferences) for 50 random jobs; prints p50/p95/p99 and the CPU
time per call (one thread).
"""

import argparse
import os
import random
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kakehashi.settings")
os.environ.setdefault("MATCHING_THREADS", "1")
from kakehashi import threads

threads.configure()

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from kakehashi import heap  # noqa: E402
from kakehashi.matching import encoders, memo  # noqa: E402
from kakehashi.matching import services as indexing  # noqa: E402
from kakehashi.matching.models import Embedding  # noqa: E402
from kakehashi.talent import matches  # noqa: E402
from kakehashi.talent.models import CandidateProfile, Job, SkillsTestResult  # noqa: E402

MARK = " [bench]"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def vectors_of(collection: str, ids: list[int]) -> dict[tuple[int, str], tuple]:
    return {
        (object_id, name): (np.frombuffer(bytes(vector), dtype=np.float32), version, language, text_hash)
        for object_id, name, vector, version, language, text_hash in Embedding.objects.filter(
            collection=collection, part=0, object_id__in=ids).values_list("object_id", "encoder", "vector", "version", "language", "text_hash")
    }


def noisy_copies(collection: str, pairs: list[tuple[int, int]], source_vectors: dict, rng: np.random.Generator) -> None:
    rows = []
    for new_id, source_id in pairs:
        for name in [e.name for e in encoders.active()]:
            vector, version, language, text_hash = source_vectors[(source_id, name)]
            noisy = vector + rng.normal(0, 0.02, vector.shape).astype(np.float32)
            noisy /= np.linalg.norm(noisy)
            rows.append(Embedding(collection=collection, object_id=new_id, part=0, encoder=name, version=version, language=language,
                                  text="", text_hash=text_hash, vector=noisy.astype(np.float32).tobytes()))
    Embedding.objects.bulk_create(rows, batch_size=1000)


def grow_jobs(target: int, rng: np.random.Generator) -> int:
    demo = list(Job.objects.filter(status="published").exclude(title_en__endswith=MARK).exclude(title_ja__endswith=MARK))
    missing = target - Job.objects.filter(status="published").count()
    if missing <= 0:
        return 0
    source_vectors = vectors_of(matches.JOBS, [j.pk for j in demo])
    with transaction.atomic():
        sources = [demo[int(k)] for k in rng.integers(0, len(demo), missing)]
        copies = []
        for n, source in enumerate(sources):
            copy = Job(**{f.attname: getattr(source, f.attname) for f in Job._meta.concrete_fields if f.attname != "id"})
            copy.title_en = f"{source.title_en} {n}{MARK}" if source.title_en else ""
            copy.title_ja = f"{source.title_ja} {n}{MARK}" if not source.title_en else source.title_ja
            copies.append(copy)
        created = Job.objects.bulk_create(copies, batch_size=1000)
        noisy_copies(matches.JOBS, [(c.pk, s.pk) for c, s in zip(created, sources, strict=True)], source_vectors, rng)
    return missing


def grow_candidates(target: int, rng: np.random.Generator) -> int:
    demo = list(CandidateProfile.objects.filter(user__email__endswith="@candidate.example").prefetch_related("skills_tests"))
    missing = target - CandidateProfile.objects.count()
    if missing <= 0:
        return 0
    source_vectors = vectors_of(matches.CANDIDATES, [p.pk for p in demo])
    start = CandidateProfile.objects.count()
    user_model = get_user_model()
    for offset in range(0, missing, 2000):
        batch = min(2000, missing - offset)
        with transaction.atomic():
            users = user_model.objects.bulk_create([
                user_model(email=f"bench{start + offset + k}@bench.example", display_name=f"Bench {start + offset + k}", password="!",
                           approval_status="approved", language="hi", timezone="Asia/Kolkata") for k in range(batch)])
            sources = [demo[int(k)] for k in rng.integers(0, len(demo), batch)]
            profiles = []
            for user, source in zip(users, sources, strict=True):
                copy = CandidateProfile(**{f.attname: getattr(source, f.attname) for f in CandidateProfile._meta.concrete_fields
                                           if f.attname not in ("id", "user_id")})
                copy.user_id, copy.work_experience = user.pk, f"{source.work_experience}{MARK}"
                profiles.append(copy)
            created = CandidateProfile.objects.bulk_create(profiles)
            SkillsTestResult.objects.bulk_create([
                SkillsTestResult(profile_id=c.pk, field_code=t.field_code, level=t.level, passed_on=t.passed_on, score=t.score)
                for c, s in zip(created, sources, strict=True) for t in s.skills_tests.all()])
            noisy_copies(matches.CANDIDATES, [(c.pk, s.pk) for c, s in zip(created, sources, strict=True)], source_vectors, rng)
        print(f"  candidates {start + offset + batch}/{target}", file=sys.stderr)
    return missing


def timed(call, items: list) -> tuple[list[float], float]:
    wall, cpu_start = [], time.process_time()
    for item in items:
        started = time.perf_counter()
        call(item)
        wall.append((time.perf_counter() - started) * 1000)
    return wall, (time.process_time() - cpu_start) * 1000 / len(items)


def report(label: str, wall: list[float], cpu: float) -> None:
    print(f"{label}: n={len(wall)} p50={percentile(wall, 50):.1f} ms p95={percentile(wall, 95):.1f} ms "
          f"p99={percentile(wall, 99):.1f} ms max={max(wall):.1f} ms cpu/call={cpu:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=1_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not Job.objects.exists():
        call_command("seed_accounts", verbosity=0)
        call_command("seed_talent", verbosity=0)
    for name in (matches.JOBS, matches.CANDIDATES):
        if not Embedding.objects.filter(collection=name).exists():
            started = time.perf_counter()
            indexing.reindex_collection(name)
            print(f"embedded {name} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    rng = np.random.default_rng(0)
    added = grow_jobs(args.jobs, rng), grow_candidates(args.candidates, rng)
    for name in (matches.JOBS, matches.CANDIDATES):
        memo.touch(name)
    jobs = Job.objects.filter(status="published").count()
    # Only the profiles searched for are loaded, as a request loads one: 10,000 model instances
    # held by this script would make each full garbage collection (about one call in a
    # hundred) cost 50 ms, a tail no server process has.
    profile_ids = list(CandidateProfile.objects.order_by("pk").values_list("pk", flat=True))
    discoverable = CandidateProfile.objects.filter(discoverable=True).count()
    print(f"{jobs} published jobs, {len(profile_ids)} candidate profiles ({discoverable} discoverable); added {added[0]} jobs, {added[1]} candidates")
    picker = random.Random(1)
    chosen = [picker.choice(profile_ids) for _ in range(args.queries)]
    loaded = CandidateProfile.objects.in_bulk(set(chosen))
    queries = [loaded[pk] for pk in chosen]
    # The web process leaves what its startup made out of the cyclic collector (kakehashi.heap):
    # the same here, before the warm-up loads what the first requests would keep.
    heap.freeze_startup()
    timed(lambda p: matches.jobs_for_candidate(p, "hi"), queries[:10])  # warm-up: vectors and rules kept
    wall, cpu = timed(lambda p: matches.jobs_for_candidate(p, "hi"), queries)
    report(f"job search for a candidate ({jobs} jobs)", wall, cpu)
    found = matches.jobs_for_candidate(queries[0], "hi")
    print(f"  e.g. {sum(m.eligible for m in found)} eligible of the 50 kept; first: {found[0].job} fit={found[0].fit} reasons={len(found[0].reasons)}")
    job_ids = list(Job.objects.filter(status="published").order_by("pk").values_list("pk", flat=True))
    chosen_jobs = [picker.choice(job_ids) for _ in range(50)]
    loaded_jobs = Job.objects.in_bulk(set(chosen_jobs))
    sample = [loaded_jobs[pk] for pk in chosen_jobs]
    timed(lambda j: matches.candidates_for_job(j, "ja"), sample[:3])
    wall, cpu = timed(lambda j: matches.candidates_for_job(j, "ja"), sample)
    report(f"candidate search for a job ({discoverable} discoverable candidates)", wall, cpu)
    print(f"load average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
