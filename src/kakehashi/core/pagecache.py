"""Whole responses cached for visitors, and for members each their own: a page that every
visitor gets the same is rendered once per content version and served from the cache
(`caches["pages"]`) until something changes.

What is cached: a view opts in (`@visitor_cache`, or `cache_routes_for_visitors` for API
operations); the request is a GET or HEAD without an Authorization header and without
cookies other than the CSRF and language ones (so no session, no pending messages); the
response is a 200 that sets no cookie, leaves the session and messages alone, is not
`private`/`no-store` and varies on nothing but the language. Everything else goes to the
view as before: a signed-in member never gets a visitor's page.

The key: scheme, host, path, the query string with its parameters in order of name, the
interface language, the time zone (a visitor's is the site's; kept in the key so that a
future choice for visitors cannot leak), and the content version.

The content version (`ContentVersion`, one row) is bumped once per committed transaction
that wrote any table not in `IGNORED_TABLES`, by an execute wrapper installed on every
database connection: exact across processes and nodes that share the database, with one
indexed read per cacheable request. Writes that change no visitor page run inside
`unversioned()` (a post's view counter, Django's `last_login`). A page that changes with time rather than data
says until when it holds (`expires_at`); any entry lasts at most `PAGE_CACHE_SECONDS`.

Members (`@member_cache`): the same, each signed-in member with a copy of their own, for a
page whose every part is stored in content tables or named in its key. The request is a GET
or HEAD without an Authorization header, by a member who is not staff (staff pages show
figures that unversioned writes change, such as view counts), with no cookie but the
session, CSRF and language ones and no messages waiting in the session. The key adds the
member, their local date, and what every signed-in page shows that no content write changes
(`registry.member_page_state`: the notices app's state of the member's notices, which the
header counts and the dashboard lists). The content version is read with the signed-in user,
before the view (`request_version`). A render that called `fragments.volatile` (matches
still being computed) is not stored.

CSRF: while a page is rendered for the cache, `{% csrf_token %}` renders a random
placeholder (the `csrf_placeholder` context processor); each response, the first included,
gets the placeholder replaced by a token of its own visitor (`get_token`, which also sets
the CSRF cookie as Django does).

Per-response text (`live_mark`): likewise, a text that must be fresh in every response (the
dashboard's current time, `{% dual_time_now %}`) is stored as a random mark and filled in for
each response by the function the template named.
"""

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from . import registry

# Tables whose writes change no page a visitor can see: sessions, the task queue, the mail
# outbox, leases and worker heartbeats, the version itself, notifications and other
# per-member records, delivery bookkeeping, the translation desk's stored queue. Everything else is content.
IGNORED_TABLES = frozenset({
    "core_contentversion",
    "django_session",
    "django_tasks_database_dbtaskresult",
    "mail_outboxmessage",
    "core_lease",
    "core_taskworker",
    "core_auditentry",
    "django_admin_log",
    "account_emailconfirmation",
    "accounts_apitoken",
    "community_notification",
    "community_notificationsettings",
    "community_digestrun",
    "notices_notice",
    "notices_emailswitch",
    "events_reminder",
    "talent_candidateview",
    "translations_deskentry",  # the staff desk's stored queue
})

HIT_HEADER = "X-Page-Cache"
CACHE = "pages"  # its own cache: pages crowding it never evict rate limits or sign-in throttles
_KEY_PREFIX = "kk:page:v2:"  # v2: entries carry their per-response marks
_KEPT_VARY = {"accept-language", "cookie"}
_SKIPPED_HEADERS = {"set-cookie", "content-length"}

# The table a data-changing statement writes; None for anything else (SELECT, SAVEPOINT…).
_WRITE = re.compile(
    r"""\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?|COPY)"""
    r"""\s+(?:ONLY\s+)?[`"]?(\w+)""",
    re.IGNORECASE,
)


def written_table(sql: str) -> str | None:
    """The table an INSERT/UPDATE/DELETE (…) writes; "" for a WITH statement that writes
    (the table is not worth parsing out: it counts as content); None when it writes nothing."""
    head = sql[:6].upper()
    if head == "SELECT":
        return None
    match = _WRITE.match(sql)
    if match:
        return match.group(1).lower()
    if head.lstrip().startswith("WITH") and re.search(r"\b(INSERT|UPDATE|DELETE)\b", sql, re.IGNORECASE):
        return ""
    return None


# --- the content version ----------------------------------------------------------------------

_READ_SQL = "SELECT value FROM core_contentversion WHERE id = 1"
_BUMP_SQL = ("INSERT INTO core_contentversion (id, value) VALUES (1, 1) "
             "ON CONFLICT (id) DO UPDATE SET value = core_contentversion.value + 1")


def current_version(using: str = DEFAULT_DB_ALIAS) -> int:
    with connections[using].cursor() as cursor:
        cursor.execute(_READ_SQL)
        row = cursor.fetchone()
    return row[0] if row else 0


def request_version(request: HttpRequest) -> int:
    """The content version, read once per request: before the first read it guards (the
    signed-in user, accounts/sessions.py; a member's page; a member fragment), so that nothing
    stored under it is older than it."""
    version = request.__dict__.get("_kk_content_version")
    if version is None:
        version = request._kk_content_version = current_version()  # type: ignore[attr-defined]
    return version


def bump(using: str = DEFAULT_DB_ALIAS) -> None:
    with connections[using].cursor() as cursor:
        cursor.execute(_BUMP_SQL)


@contextmanager
def unversioned(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Writes in this block do not bump the content version: for data no visitor page shows."""
    conn: Any = connections[using]  # an attribute of ours on the connection of this thread
    conn.kk_unversioned = getattr(conn, "kk_unversioned", 0) + 1
    try:
        yield
    finally:
        conn.kk_unversioned -= 1


def _content_written(conn: Any) -> None:
    """Bump the version when this write commits: at once in autocommit, else once per
    transaction on commit (a rolled-back transaction or savepoint bumps nothing).

    A test's wrapping transaction (Django's TestCase) never commits: it stands for
    autocommit here, and a transaction opened inside it bumps at once, inside its savepoint,
    once (what its commit would do in a single-connection world)."""
    blocks = conn.atomic_blocks
    real = [block for block in blocks if not getattr(block, "_from_testcase", False)]
    if not conn.in_atomic_block or not real:
        bump(conn.alias)
        return
    current = set(conn.savepoint_ids)
    if len(real) == len(blocks):
        hook = conn.__dict__.get("kk_bump_hook")
        if hook is None:
            hook = conn.kk_bump_hook = lambda: bump(conn.alias)
        # Already due on commit, and not undone by a savepoint rollback that spares this write.
        # Robust: a failed bump is logged, and the committed request still answers.
        if not any(func is hook and sids <= current for sids, func, _robust in conn.run_on_commit):
            conn.on_commit(hook, robust=True)
        return
    marks = [mark for mark in conn.__dict__.get("kk_bumped_at", []) if mark <= current]
    if not marks:
        bump(conn.alias)
        marks.append(current)
    conn.kk_bumped_at = marks


_migrating = False


def _changed_nothing(sql: str, context: dict) -> bool:
    """An UPDATE or DELETE whose WHERE matched no row. (Not an INSERT: with RETURNING, SQLite
    counts its row only once it is fetched.)"""
    head = sql[:6].upper()
    return (head in ("UPDATE", "DELETE") and "RETURNING" not in sql.upper()
            and getattr(context.get("cursor"), "rowcount", -1) == 0)


def _watch(execute: Callable, sql: str, params: Any, many: bool, context: dict) -> Any:
    result = execute(sql, params, many, context)
    table = written_table(sql)
    if table is not None and table not in IGNORED_TABLES and not _migrating:
        conn = context["connection"]
        if not getattr(conn, "kk_unversioned", 0) and not _changed_nothing(sql, context):
            _content_written(conn)
    return result


def _install(sender: Any, connection: Any, **kwargs: Any) -> None:
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def _migration_starts(sender: Any, **kwargs: Any) -> None:
    global _migrating  # one flag per process: no request runs during migrate
    _migrating = True


def _migration_ended(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """Migrations (and flush) may run before the version table exists: they bump once, at the end."""
    global _migrating
    _migrating = False
    if sender.label == "core":
        with suppress(DatabaseError):  # migrated to a point before the version table
            bump(using)


def _update_last_login(sender: Any, user: Any, **kwargs: Any) -> None:
    """Django's own receiver, unversioned: a sign-in changes no visitor page."""
    from django.contrib.auth.models import update_last_login  # noqa: PLC0415  (auth's models load after the apps)

    with unversioned():
        update_last_login(sender, user, **kwargs)


def install() -> None:
    """Watch every database connection (called by the core app when it is ready)."""
    from django.contrib.auth.models import update_last_login  # noqa: PLC0415  (see above)
    from django.contrib.auth.signals import user_logged_in  # noqa: PLC0415  (see above)

    if user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login"):
        user_logged_in.connect(_update_last_login, dispatch_uid="update_last_login")
    connection_created.connect(_install, dispatch_uid="kakehashi.core.pagecache")
    pre_migrate.connect(_migration_starts, dispatch_uid="kakehashi.core.pagecache")
    post_migrate.connect(_migration_ended, dispatch_uid="kakehashi.core.pagecache")
    for conn in connections.all(initialized_only=True):
        _install(None, conn)


# --- opting in -------------------------------------------------------------------------------

_ROUTES: set[str] = set()


def visitor_cache(view: Callable | None = None, *, on_hit: Callable[..., None] | None = None) -> Any:
    """Serve this view's 200 responses to visitors from the cache. The view must render the
    same for every visitor (no per-visitor state but the language). `on_hit(request,
    *args, **kwargs)` runs on a cache hit, where the view does not (e.g. to count a view)."""

    def mark(func: Callable) -> Callable:
        func.visitor_cache = True  # type: ignore[attr-defined]
        func.visitor_cache_on_hit = on_hit  # type: ignore[attr-defined]
        return func

    return mark(view) if view is not None else mark


def member_cache(view: Callable | None = None, *, on_hit: Callable[..., None] | None = None) -> Any:
    """Also serve this view's 200 responses from the cache to signed-in members who are not
    staff, each their own copy (module docstring). The page must show nothing but content,
    the member's own records in content tables, the header and what depends on the date.
    `on_hit` as for `visitor_cache`."""

    def mark(func: Callable) -> Callable:
        func.member_cache = True  # type: ignore[attr-defined]
        func.member_cache_on_hit = on_hit  # type: ignore[attr-defined]
        return func

    return mark(view) if view is not None else mark


def cache_routes_for_visitors(routes: Iterable[str]) -> None:
    """Opt API operations in by URL route (e.g. "api/v1/organisations", with or without
    its trailing slash): their callers without a token or session get cached responses."""
    _ROUTES.update(route.strip("/") for route in routes)


def expires_at(request: HttpRequest, instant: dt.datetime) -> None:
    """This page changes at `instant` by itself (a session starts): a cached copy lasts until then."""
    pending = request.__dict__.get("_kk_pagecache")
    if pending is not None:
        pending.until = instant if pending.until is None else min(pending.until, instant)


# --- the middleware --------------------------------------------------------------------------


@dataclass
class _Pending:
    key: str
    placeholder: str
    until: dt.datetime | None = None
    live: dict[str, str] = field(default_factory=dict)  # filler's dotted path → its mark


def live_mark(request: HttpRequest | None, filler: str) -> str | None:
    """While this request's page is rendered for the cache: the mark to write where the text of
    `filler` (the dotted path of a function of the request, e.g. the current time) goes; each
    response, the first included, gets the function's text for itself in its place. None when
    the page is not being cached: write the text itself."""
    pending = request.__dict__.get("_kk_pagecache") if request is not None else None
    if pending is None:
        return None
    return pending.live.setdefault(filler, "kklive" + secrets.token_hex(16))


def _opted_in(request: HttpRequest, view_func: Callable) -> bool:
    if getattr(view_func, "visitor_cache", False):
        return True
    match = request.resolver_match
    return bool(_ROUTES) and match is not None and match.route.strip("/") in _ROUTES


def is_visitor_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    if any(name not in allowed for name in request.COOKIES):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def is_member_request(request: HttpRequest) -> bool:
    """A signed-in member who is not staff, with nothing waiting to be shown once (messages)."""
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME, settings.SESSION_COOKIE_NAME}
    if any(name not in allowed for name in request.COOKIES):
        return False  # e.g. messages in their cookie
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_staff:
        return False
    return "_messages" not in request.session  # Django's session storage of messages


def normalised_query(query_string: str) -> str:
    pairs = parse_qsl(query_string, keep_blank_values=True)
    return urlencode(sorted(pairs, key=lambda pair: pair[0]))


def page_key(request: HttpRequest, version: int, member: Iterable[str] = ()) -> str:
    parts = (
        str(version), request.scheme or "", request.get_host(), request.path,
        normalised_query(request.META.get("QUERY_STRING", "")),
        translation.get_language() or "", timezone.get_current_timezone_name(), *member,
    )
    return _KEY_PREFIX + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def csrf_placeholder(request: HttpRequest) -> dict[str, str]:
    """Context processor: a page rendered for the cache gets a placeholder for its CSRF
    token (replaced per response) instead of this visitor's token."""
    pending = request.__dict__.get("_kk_pagecache")
    return {"csrf_token": pending.placeholder} if pending is not None else {}


def _cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the view asked for this visitor's token itself: it is in the body
    if request.__dict__.get("_kk_fragment_volatile"):
        return False  # part of it holds for this request only (core/fragments.py)
    session = request.__dict__.get("session")
    if session is not None and session.modified:
        return False
    storage = request.__dict__.get("_messages")
    if storage is not None and getattr(storage, "_queued_messages", None):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= _KEPT_VARY


def _filled(request: HttpRequest, content: bytes, placeholder: str, live: Iterable[tuple[str, str]]) -> bytes:
    """The stored page with this response's CSRF token and per-response texts in their marks."""
    if placeholder:
        content = content.replace(placeholder.encode(), get_token(request).encode())
    for mark, filler in live:
        content = content.replace(mark.encode(), str(import_string(filler)(request)).encode())
    return content


class VisitorPageCacheMiddleware:
    """Serves and stores the pages of `visitor_cache` views (module docstring). Comes after
    the session, locale, CSRF, authentication, member preferences and messages middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        pending = request.__dict__.get("_kk_pagecache")
        if pending is None:
            return response
        del request._kk_pagecache  # type: ignore[attr-defined]  # set by process_view
        content = response.content if not response.streaming else b""
        placeholder = pending.placeholder if pending.placeholder.encode() in content else ""
        live = tuple((mark, filler) for filler, mark in pending.live.items())
        if _cacheable(request, response):
            timeout = settings.PAGE_CACHE_SECONDS
            if pending.until is not None:
                timeout = min(timeout, int((pending.until - timezone.now()).total_seconds()))
            if timeout > 0:
                headers = [(k, v) for k, v in response.items() if k.lower() not in _SKIPPED_HEADERS]
                caches[CACHE].set(pending.key, (headers, content, placeholder, live), timeout)
                response[HIT_HEADER] = "miss"
        if placeholder or live:
            response.content = _filled(request, content, placeholder, live)
        return response

    def process_view(self, request: HttpRequest, view_func: Callable, args: tuple, kwargs: dict) -> HttpResponse | None:
        if settings.PAGE_CACHE_SECONDS <= 0:
            return None
        if _opted_in(request, view_func) and is_visitor_request(request):
            key, on_hit = page_key(request, current_version()), getattr(view_func, "visitor_cache_on_hit", None)
        elif getattr(view_func, "member_cache", False) and is_member_request(request):
            # Read before the view's own reads (with the signed-in user, which comes first), and
            # shared with the page's fragments: what the page stores is never older than it.
            version = request_version(request)
            user = request.user
            member = (f"member:{user.pk}", timezone.localdate().isoformat(), *registry.member_page_states(user))
            key, on_hit = page_key(request, version, member), getattr(view_func, "member_cache_on_hit", None)
        else:
            return None
        entry = caches[CACHE].get(key)
        if entry is None:
            if request.method == "GET":
                request._kk_pagecache = _Pending(key, "kkcsrf" + secrets.token_hex(16))  # type: ignore[attr-defined]
            return None
        if on_hit is not None:
            on_hit(request, *args, **kwargs)
        headers, content, placeholder, live = entry
        response = HttpResponse(_filled(request, content, placeholder, live))
        for name, value in headers:
            response[name] = value
        response[HIT_HEADER] = "hit"
        return response
