"""A post's view counter. A view the view function serves is written at once; a view served
from the visitor page cache (core/pagecache.py) is added to this process's tally, written in
one UPDATE per post at most every `VIEW_COUNT_FLUSH_SECONDS`, when staff read the figures
here, and when the process exits. A process killed in between loses at most that many
seconds of its cached views.

Only staff see the count, never on a visitor page: the writes leave the content version
alone (`pagecache.unversioned`), or every view would end every cached page."""

import atexit
import threading
import time
from collections import Counter
from contextlib import suppress

from django.conf import settings
from django.db.models import F

from kakehashi.core import pagecache

from .models import Post

_tally: Counter[str] = Counter()  # slug → views served from the cache, not yet written
_lock = threading.Lock()
_last_flush = time.monotonic()


def record(post: Post) -> None:
    with pagecache.unversioned():
        Post.objects.filter(pk=post.pk).update(view_count=F("view_count") + 1)


def record_cached(slug: str) -> None:
    """A view of `slug`'s page served from the visitor cache (so a post visitors may see)."""
    with _lock:
        _tally[slug] += 1
        due = time.monotonic() - _last_flush >= settings.VIEW_COUNT_FLUSH_SECONDS
    if due:
        flush()


def flush() -> None:
    """Write this process's tally."""
    global _last_flush
    with _lock:
        batch = dict(_tally)
        _tally.clear()
        _last_flush = time.monotonic()
    with pagecache.unversioned():
        for slug, views in batch.items():
            Post.objects.filter(slug=slug).update(view_count=F("view_count") + views)


def forget() -> None:
    """Drop the unwritten tally (tests, between their databases)."""
    with _lock:
        _tally.clear()


def _flush_at_exit() -> None:
    if _tally:
        with suppress(Exception):  # the database may be gone at exit: the views are lost then
            flush()


atexit.register(_flush_at_exit)
