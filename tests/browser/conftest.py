"""Playwright driving Debian's Chromium (/usr/bin/chromium) against pytest-django's live server."""

import os
import threading

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread
from playwright.sync_api import sync_playwright

from kakehashi.translations import providers

from ..translations.servers import LibreTranslateServer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _OneRequestAtATime(ThreadedWSGIServer):
    """On SQLite the live server's request threads share the test's one in-memory connection,
    and two requests on it at once can deadlock inside Python's sqlite3: one thread holds the
    GIL while it waits for the connection's mutex, the other holds the mutex inside a query
    that calls back into Python (Django's date functions: a programme chart's per-month
    counts) and waits for the GIL. Requests then run one at a time; connections are still
    served on threads of their own (a page's parallel and keep-alive connections)."""

    lock = threading.Lock()

    def get_app(self):
        app = super().get_app()

        def one_at_a_time(environ, start_response):
            with self.lock:
                response = app(environ, start_response)
                try:
                    return [b"".join(response)]
                finally:
                    response.close()

        return one_at_a_time


@pytest.fixture(scope="session", autouse=True)
def _one_request_at_a_time_on_sqlite():
    if connection.vendor != "sqlite":
        yield  # PostgreSQL: each request thread has its own connection
        return
    original, LiveServerThread.server_class = LiveServerThread.server_class, _OneRequestAtATime
    yield
    LiveServerThread.server_class = original


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
    # test itself (reading the outbox) are deliberate.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (Debian package chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def new_page(browser, live_server):
    contexts = []

    def make(language: str = "en"):
        context = browser.new_context(locale=language, extra_http_headers={"Accept-Language": language}, base_url=live_server.url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def engine(settings):
    """A real LibreTranslate-compatible server on a local port as the machine translator."""
    server = LibreTranslateServer()
    settings.TRANSLATION_PROVIDER, settings.TRANSLATION_URL = "libretranslate", server.url
    settings.TRANSLATION_BACKOFF_SECONDS = 0
    providers._build.cache_clear()
    yield server
    server.stop()
    providers._build.cache_clear()
