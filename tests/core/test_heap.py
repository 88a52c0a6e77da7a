"""A web process's startup heap is left out of the cyclic garbage collector (kakehashi.heap)."""

import subprocess
import sys

PROBE = """
import gc, sys
import kakehashi.{entry} as entry
assert entry.application is not None
print(gc.get_freeze_count(), "kakehashi.opportunities.views" in sys.modules)
"""


def frozen_after_import(entry: str, tmp_path) -> tuple[int, bool]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(entry=entry)],
        capture_output=True, text=True, timeout=120, check=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": "src", "KAKEHASHI_DATA_DIR": str(tmp_path),
             "DJANGO_SETTINGS_MODULE": "kakehashi.settings"},
    )
    count, views_loaded = done.stdout.split()
    return int(count), views_loaded == "True"


def test_wsgi_entry_freezes_its_startup_heap_with_every_view_imported(tmp_path):
    count, views_loaded = frozen_after_import("wsgi", tmp_path)

    assert views_loaded is True
    assert count > 50_000  # modules, classes and functions of Django and every app


def test_asgi_entry_freezes_its_startup_heap_with_every_view_imported(tmp_path):
    count, views_loaded = frozen_after_import("asgi", tmp_path)

    assert views_loaded is True
    assert count > 50_000
