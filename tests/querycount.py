"""Query-count guards for list pages and list API operations.

`assert_flat(...)` requests a list with 3 rows and again with 10: the second request must
make exactly as many queries as the first (no query per row, "N+1") and no more than
`ceiling`, the count measured when the guard was written (tight, so that a new query per
request is a decision, not an accident). Every row's marker text must be in the response,
so the rows were really listed. The guard measures the view, so the page cache
(core/pagecache.py) is off while it runs; both requests come after one that warmed up the
per-process caches, the signed-in user remembered for the content version among them
(accounts/sessions.py: adding rows is a content write)."""

from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings


def _get(client: Client, url: str, texts: list[str]) -> None:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    missing = [text for text in texts if text not in body.decode()]
    assert missing == [], (url, missing)


def assert_flat(client: Client, url: str, add_rows: Callable[[int], list[str]], ceiling: int,
                django_assert_max_num_queries) -> None:
    """`add_rows(n)` creates n more rows and returns a text that each shows in the list."""
    texts = add_rows(3)
    with override_settings(PAGE_CACHE_SECONDS=0):
        _get(client, url, texts)  # warm-up: per-process caches (sites, sectors, translations)
        with CaptureQueriesContext(connection) as three:
            _get(client, url, texts)
        texts += add_rows(7)
        _get(client, url, texts)  # warm-up again: the user is read again after a content write
        with django_assert_max_num_queries(ceiling) as ten:
            _get(client, url, texts)
    assert len(ten) == len(three), [q["sql"] for q in ten.captured_queries]
