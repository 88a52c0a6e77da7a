from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from . import registry


class MemberPreferencesMiddleware:
    """Activate a signed-in member's language and time zone.

    Runs after LocaleMiddleware: a visitor gets the language cookie or Accept-Language;
    a member gets the language saved on their profile, wherever they sign in from.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        before = translation.get_language()
        member_language = ""
        if user.is_authenticated:
            if user.language and not request.path.startswith("/i18n/"):
                member_language = user.language
                translation.activate(member_language)
                request.LANGUAGE_CODE = member_language
            timezone.activate(user.timezone or settings.TIME_ZONE)
        else:
            timezone.deactivate()
        try:
            response = self.get_response(request)
            if member_language:
                response.headers.setdefault("Content-Language", member_language)
            return response
        finally:
            # The member's choices last for this request only, not for whatever the thread
            # (a server thread, a test) does next.
            translation.activate(before)
            timezone.deactivate()


# --- security headers ---------------------------------------------------------------------


class SecurityHeadersMiddleware:
    """A Content-Security-Policy and a Permissions-Policy on every response.

    The policy allows scripts only from this site (`script-src 'self'`): no inline script
    anywhere, the API's Swagger UI included (django-ninja ships it as static files with its
    settings in a non-executed `application/json` block). Styles may be inline (`style`
    attributes in templates, Swagger UI's own), images may be `data:` URIs. A response
    that already has a policy keeps it; Django's debug pages are left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.DEBUG and response.status_code >= 500:
            return response  # the technical 500 page needs its inline script
        if settings.CONTENT_SECURITY_POLICY:
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


# --- request size ---------------------------------------------------------------------------


class RequestTooLarge(Exception):
    """A body went past `UPLOAD_MAX_BYTES` while it was being read."""


class _CappedStream:
    """Reads through to the request stream and raises once more than `limit` bytes came."""

    def __init__(self, stream, limit: int, request: HttpRequest):
        self.stream, self.limit, self.request, self.seen = stream, limit, request, 0

    def _count(self, data: bytes) -> bytes:
        self.seen += len(data)
        if self.seen > self.limit:
            self.request._kk_too_large = True  # type: ignore[attr-defined]  # a marker on this request, read by the middleware
            raise RequestTooLarge
        return data

    def read(self, *args):
        return self._count(self.stream.read(*args))

    def readline(self, *args):
        return self._count(self.stream.readline(*args))

    def __iter__(self):
        return iter(self.readline, b"")

    def __getattr__(self, name: str):  # close() and the like
        return getattr(self.stream, name)


def too_large_response(request: HttpRequest, limit: int | None = None) -> HttpResponse:
    """413: JSON `{"detail": …}` under /api/, a small HTML page elsewhere, in the visitor's
    language (this answers before the session and locale middleware run)."""
    limit = limit if limit is not None else getattr(request, "_kk_body_limit", settings.UPLOAD_MAX_BYTES)
    if limit != settings.UPLOAD_MAX_BYTES:
        limit -= ENVELOPE_BYTES  # say the file's limit
    limit_mb = f"{limit / (1024 * 1024):.1f}".rstrip("0").rstrip(".")
    with translation.override(translation.get_language_from_request(request)):
        detail = gettext("The request is too large: send at most %(limit)s MB.") % {"limit": limit_mb}
        response: HttpResponse
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": detail}, status=413)
        else:
            html = render_to_string("413.html", {"detail": detail, "LANGUAGE_CODE": translation.get_language()})
            response = HttpResponse(html, status=413)
    response["Connection"] = "close"  # the unread body must not be parsed as the next request
    return response


ENVELOPE_BYTES = 64 * 1024


def body_limit(request: HttpRequest) -> int:
    """`UPLOAD_MAX_BYTES`, or more for an address an app registered with
    `registry.upload_limit` (e.g. supplier files)."""
    default = settings.UPLOAD_MAX_BYTES
    if request.method in ("GET", "HEAD", "OPTIONS") or not registry.has_upload_limits():
        return default
    larger = registry.upload_limit_for(request.path_info)
    # The limit is the file's: the form's other fields and the multipart envelope may add a
    # little, and the view then says "the file is larger than …" itself.
    return default if larger is None else max(default, larger + ENVELOPE_BYTES)


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than `UPLOAD_MAX_BYTES` (or a view's registered larger
    limit, `body_limit`) before reading it.

    A `Content-Length` above the limit is answered 413 at once; any body is read through a
    counter, so a body that streams past the limit (a lying length, chunked input) stops
    there and is answered 413 as well. Must come first in MIDDLEWARE."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = body_limit(request)
        request._kk_body_limit = limit  # type: ignore[attr-defined]  # for the 413's message
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return too_large_response(request)
        if hasattr(request, "_stream"):
            request._stream = _CappedStream(request._stream, limit, request)  # type: ignore[assignment]  # same read API, capped
        try:
            response = self.get_response(request)
        except RequestTooLarge:
            return too_large_response(request)
        if getattr(request, "_kk_too_large", False):
            return too_large_response(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RequestTooLarge):
            return too_large_response(request)
        return None
