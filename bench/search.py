"""Opportunity search latency (semantic + lexical, with the relevance cut-off) on the
embedded default (SQLite), at the demo's size or with synthetic opportunities added.

    cp -r <data dir of a seeded and reindexed demo> /tmp/kk-bench   # it writes into the database
    KAKEHASHI_DATA_DIR=/tmp/kk-bench .venv/bin/python bench/search.py [--opportunities 100000]

Without --opportunities the demo's live opportunities are searched as they are. With it,
live opportunities are added until there are that many: each is a copy of a demo opportunity
(title, summary and details in its language — en, ja or hi — with a place and a number
appended, so texts differ), and its vectors are the copied one's plus Gaussian noise
(σ = 0.02 per dimension) then L2-normalised: encoding 100,000 texts would take hours on two
cores, and a near neighbour of a real text has the same cost to search. The lexical text is
written as `store.save` writes it; the index files are rebuilt. Added rows are marked
(`details` ends in BENCH-SYNTHETIC, references KK-S…) and `--remove` deletes them again.

Queries: the judged and nonsense queries of `kakehashi eval-search`
(opportunities/data/search_judgements.tsv), searched through `opportunities.queries.search`
as an approved member (the permission-checked path of the search page), after a warm-up;
prints p50/p95/p99 of the whole call (query encoding included): over all searches, over the
first search of each text (its query vectors not yet kept: round 1, or every search with
--cold) and over the searches of a text again; and of the query encoding alone (the encoders
the query's language needs, without the kept vectors); and the CPU time the process spent
per search (one thread: on a shared machine, what the search would take alone).
"""

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kakehashi.settings")
os.environ.setdefault("MATCHING_THREADS", "1")
from kakehashi import threads

threads.configure()

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.db import transaction  # noqa: E402

from kakehashi.core.language import detect_language  # noqa: E402
from kakehashi.matching import encoders, index, lexical  # noqa: E402
from kakehashi.matching.models import Embedding, LexicalText  # noqa: E402
from kakehashi.opportunities import evaluation, queries  # noqa: E402
from kakehashi.opportunities.matches import COLLECTION  # noqa: E402
from kakehashi.opportunities.models import Opportunity, live_q  # noqa: E402

MARK = "BENCH-SYNTHETIC"
PLACES = ["Pune", "Nagoya", "Chennai", "Osaka", "Bengaluru", "Fukuoka", "Ahmedabad", "Sendai", "Kochi", "Hiroshima"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def grow(target: int, seed: int = 0) -> int:
    live = list(Opportunity.objects.filter(live_q()).exclude(details__endswith=MARK).prefetch_related("sectors"))
    have = Opportunity.objects.filter(live_q()).count()
    missing = target - have
    if missing <= 0:
        return 0
    rng = np.random.default_rng(seed)
    names = [encoder.name for encoder in encoders.active()]
    source_vectors = {
        (object_id, name): (np.frombuffer(bytes(vector), dtype=np.float32), version, language, text_hash)
        for object_id, name, vector, version, language, text_hash in Embedding.objects.filter(
            collection=COLLECTION, part=0, object_id__in=[o.pk for o in live]
        ).values_list("object_id", "encoder", "vector", "version", "language", "text_hash")
    }
    live = [o for o in live if all((o.pk, name) in source_vectors for name in names)]
    print(f"adding {missing} synthetic opportunities derived from {len(live)} demo ones …", file=sys.stderr)
    done = 0
    while done < missing:
        batch = min(2000, missing - done)
        sources = [live[int(k)] for k in rng.integers(0, len(live), batch)]
        rows = []
        for k, source in enumerate(sources):
            suffix = f" ({PLACES[(done + k) % len(PLACES)]} {done + k})"
            rows.append(Opportunity(
                organisation_id=source.organisation_id, created_by_id=source.created_by_id, kind=source.kind,
                title=(source.title + suffix)[:200], summary=source.summary, details=f"{source.details}\n{MARK}",
                language=source.language, visibility=source.visibility, status=source.status,
                expires_on=source.expires_on, published_at=source.published_at, reference=f"KK-S{have + done + k:08X}",
                target_countries=source.target_countries, company_stage=source.company_stage,
                aim=source.aim,
            ))
        with transaction.atomic():
            created = Opportunity.objects.bulk_create(rows)
            embeddings, texts = [], []
            for opportunity, source in zip(created, sources, strict=True):
                for name in names:
                    vector, version, language, text_hash = source_vectors[(source.pk, name)]
                    noisy = vector + rng.normal(0, 0.02, vector.shape).astype(np.float32)
                    noisy /= np.linalg.norm(noisy)
                    embeddings.append(Embedding(
                        collection=COLLECTION, object_id=opportunity.pk, part=0, encoder=name, version=version,
                        language=language, text="", text_hash=text_hash, vector=noisy.astype(np.float32).tobytes(),
                    ))
                text = lexical.normalise(opportunity.text_for_matching)
                texts.append(LexicalText(collection=COLLECTION, object_id=opportunity.pk, text=text,
                                         **stored_keys(text)))
            Embedding.objects.bulk_create(embeddings, batch_size=1000)
            LexicalText.objects.bulk_create(texts, batch_size=1000)
        done += batch
        print(f"  {done}/{missing}", file=sys.stderr)
    renew_token()
    return missing


def stored_keys(text: str) -> dict[str, str]:
    """The text's sound keys, as `store.save` writes them (none with the code before they were
    stored: the script runs against it too, for a before/after comparison)."""
    dump = getattr(lexical, "dump_keys", None)
    return {"sound_keys": dump(text)} if dump else {}


def fill_missing_keys() -> int:
    """Rows added by an earlier run of the code before the keys were stored: their keys, as
    migration matching 0005 writes them."""
    if not hasattr(lexical, "dump_keys"):
        return 0
    filled = 0
    while rows := list(LexicalText.objects.filter(collection=COLLECTION, sound_keys__isnull=True)[:2000]):
        for row in rows:
            row.sound_keys = lexical.dump_keys(row.text)
        LexicalText.objects.bulk_update(rows, ["sound_keys"], batch_size=1000)
        filled += len(rows)
    return filled


def renew_token() -> None:
    """Rows written behind the store's back: what processes kept of the collection is stale."""
    from kakehashi.matching import memo  # absent from the code before it: see forget_queries

    memo.touch(COLLECTION)


def rebuild_index() -> float:
    started = time.perf_counter()
    for encoder in encoders.active():
        index.build(COLLECTION, encoder.name, encoder.version)
    return time.perf_counter() - started


def remove() -> int:
    ids = list(Opportunity.objects.filter(details__endswith=MARK).values_list("pk", flat=True))
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        Embedding.objects.filter(collection=COLLECTION, object_id__in=chunk).delete()
        LexicalText.objects.filter(collection=COLLECTION, object_id__in=chunk).delete()
        Opportunity.objects.filter(pk__in=chunk).delete()
    renew_token()
    return len(ids)


def forget_queries() -> None:
    """Forget the kept query vectors (none are kept by the code before they were: the script
    runs against it too, for a before/after comparison)."""
    for encoder in encoders.active():
        getattr(encoder, "_queries", {}).clear()
        getattr(encoder, "_pieces", {}).clear()  # and the pieces' vectors, kept since the code after it


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opportunities", type=int, default=0, help="grow to this many live opportunities first")
    parser.add_argument("--rounds", type=int, default=3, help="times each query is searched")
    parser.add_argument("--remove", action="store_true", help="delete the synthetic opportunities and stop")
    parser.add_argument("--cold", action="store_true", help="forget the kept query vectors before every search")
    args = parser.parse_args()
    if args.remove:
        print(f"removed {remove()} synthetic opportunities; run kakehashi reindex")
        return
    if args.opportunities:
        added = grow(args.opportunities)
        if filled := fill_missing_keys():
            print(f"sound keys stored for {filled} texts", file=sys.stderr)
        if added:
            print(f"index rebuilt in {rebuild_index():.1f} s", file=sys.stderr)
    judged = evaluation.read_judgements(evaluation.DEFAULT_JUDGEMENTS)
    texts = [query.text for query in judged]
    viewer, name = evaluation.viewer_for("member")
    live = Opportunity.objects.filter(live_q()).count()
    queries.search(viewer, q=texts[0])  # warm-up: encoders loaded, index mapped, collection read
    forget_queries()  # every text's first search encodes it
    first, again, encoding, cpu, answered = [], [], [], [], 0
    for round_number in range(args.rounds):
        for text in texts:
            if args.cold:
                forget_queries()
            started, cpu_started = time.perf_counter(), time.process_time()
            found = queries.search(viewer, q=text)
            (first if round_number == 0 or args.cold else again).append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
            answered += bool(found)
            if round_number == 0:  # what the encoders the query needs cost, without the kept vectors
                language = detect_language(text)
                for encoder in encoders.active():  # the model's cost: not the piece kept by the search
                    getattr(encoder, "_pieces", {}).clear()
                started = time.perf_counter()
                for encoder in encoders.active():
                    if encoder.languages is None or language in encoder.languages:
                        encoder.encode([text])
                encoding.append((time.perf_counter() - started) * 1000)
    print(f"{live} live opportunities, {len(texts)} queries × {args.rounds} as {name}; {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.1f}")
    rows = (("search (whole call)", first + again), ("  first time a text", first), ("  text searched again", again),
            ("query encoding alone", encoding), ("CPU time of a search", cpu))
    for label, values in rows:
        if values:
            print(f"{label:26s} p50 {percentile(values, 50):6.1f} ms  p95 {percentile(values, 95):6.1f} ms  "
                  f"p99 {percentile(values, 99):6.1f} ms  mean {statistics.mean(values):6.1f} ms  (n={len(values)})")

if __name__ == "__main__":
    main()
