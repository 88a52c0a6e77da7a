"""Parts of a member's page rendered once and served from the cache until the data under them
changes: `{% member_fragment "name" part… %}…{% endmember_fragment %}` (core/templatetags/kk.py).

A page opted in to the member page cache (core/pagecache.py `member_cache`) is cached whole;
on the pages that are not, and on that page's misses, a costly section is, when everything it
shows is stored in content tables, the tables whose committed writes bump the content
version (core/pagecache.py). The key: the fragment's name, its parts (e.g. an object's id and
`updated_at`), the member, the interface language and time zone, the path with its query
string in order of name, today's date (what is live changes at midnight) and the content
version, read once per request before the fragment's own queries. So an entry is shared by nobody but the member who had it rendered, and any
committed write to a content table (a match found, a dismissal, an interest, an edit) ends it.

A fragment must not show what changes without a content write: records of the tables
`pagecache.IGNORED_TABLES` leaves out (notices, notifications, sessions…) or the clock. Code
that finds, while the fragment renders, that its output holds for this request only (e.g.
matches still being computed) calls `volatile(request)`: that render is not stored.

CSRF: a form's token in a stored fragment is replaced by a placeholder drawn at random for that
entry (so that no text a member wrote can name it), and each response gets its own request's
token in its place, as the visitor page cache does.

Shared pieces (`shared`): a piece that every viewer in the same relation to it gets the same,
such as one comment of a thread, cached by what it shows alone. The caller lists every value
the piece reads (the object's fields, the viewer's relation to it, the path its links come back
to); there is no content version and no member in the key, so the piece is shared by everyone
whose values are equal, and a change of any listed value shows at once.

Entries live in `caches["fragments"]` (per process, or `PAGE_CACHE_URL`'s cache) for at most
`PAGE_CACHE_SECONDS`; 0 (the default with DEBUG) renders every time.
"""

import hashlib
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from . import pagecache

CACHE = "fragments"
_KEY_PREFIX = "kk:fragment:"


def volatile(request: HttpRequest | None) -> None:
    """What is being rendered holds for this request only: the fragment around it is not stored."""
    if request is not None:
        request._kk_fragment_volatile = True  # type: ignore[attr-defined]


def content_version(request: HttpRequest) -> int:
    """The content version, read once per request (before the first fragment's queries, so that
    what a fragment stores is never older than the version it is stored under)."""
    return pagecache.request_version(request)


def pin_version(request: HttpRequest) -> None:
    """For a view whose template has a member fragment: read the content version now, before
    the view's own reads, so that what the fragment shows of them is never older than the
    version it is stored under (a write committed in between then only ends the entry)."""
    if enabled_for(request):
        content_version(request)


def fragment_key(request: HttpRequest, name: str, parts: Iterable[Any]) -> str:
    user = getattr(request, "user", None)
    fields = (
        name, *(str(part) for part in parts), str(getattr(user, "pk", "")),
        translation.get_language() or "", timezone.get_current_timezone_name(),
        request.path, pagecache.normalised_query(request.META.get("QUERY_STRING", "")),
        str(content_version(request)), timezone.now().date().isoformat(),
    )
    return _KEY_PREFIX + hashlib.sha256("\x1f".join(fields).encode()).hexdigest()


def shared_key(name: str, parts: Iterable[Any]) -> str:
    fields = (name, *(str(part) for part in parts), translation.get_language() or "", timezone.get_current_timezone_name())
    return _KEY_PREFIX + "shared:" + hashlib.sha256("\x1f".join(fields).encode()).hexdigest()


def enabled_for(request: HttpRequest | None, *, member: bool = True) -> bool:
    if request is None or settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return False
    if not member:
        return True
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def cached(request: HttpRequest | None, name: str, parts: Iterable[Any], render: Callable[[], str],
           csrf_token: Callable[[], str]) -> SafeString:
    """The fragment `render()` makes, from the cache when this member had it rendered at this
    content version. `csrf_token()` is the token this response's forms carry (the one
    `render()` puts in them)."""
    if not enabled_for(request):
        return mark_safe(render())
    assert request is not None
    return _through_cache(request, fragment_key(request, name, parts), render, csrf_token)


def shared(request: HttpRequest | None, name: str, parts: Iterable[Any], render: Callable[[], str],
           csrf_token: Callable[[], str]) -> SafeString:
    """The piece `render()` makes, from the cache when anyone had it rendered with the same
    `parts` (every value it reads), language and time zone."""
    if not enabled_for(request, member=False):
        return mark_safe(render())
    assert request is not None
    return _through_cache(request, shared_key(name, parts), render, csrf_token)


def _through_cache(request: HttpRequest, key: str, render: Callable[[], str], csrf_token: Callable[[], str]) -> SafeString:
    stored = caches[CACHE].get(key)
    if stored is not None:
        placeholder, html = stored
        return mark_safe(html.replace(placeholder, csrf_token()) if placeholder else html)
    was_volatile = request.__dict__.pop("_kk_fragment_volatile", False)
    html = render()
    if not request.__dict__.get("_kk_fragment_volatile"):
        token = csrf_token()
        placeholder = "kkfragmentcsrf" + secrets.token_hex(16) if token and token in html else ""
        caches[CACHE].set(key, (placeholder, html.replace(token, placeholder) if placeholder else html),
                          settings.PAGE_CACHE_SECONDS)
    if was_volatile:
        request._kk_fragment_volatile = True  # type: ignore[attr-defined]
    return mark_safe(html)
