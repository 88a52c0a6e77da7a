"""The HTTP API: one NinjaAPI, one router per app, mounted at /api/v1/.

Errors are JSON bodies `{"detail": …}` in the caller's language (Accept-Language) with a
4xx status; validation errors list the fields (`{"detail": [{"loc": …, "msg": …}]}`).
`core.apicontract.ContractAPI` documents them on every operation and answers each path
with or without its trailing slash.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from kakehashi.accounts.api import router as accounts_router
from kakehashi.accounts.auth import optional_auth
from kakehashi.community.api import router as community_router
from kakehashi.core import pagecache
from kakehashi.core.api import router as core_router
from kakehashi.core.apicontract import ContractAPI
from kakehashi.core.ratelimit import RateLimited
from kakehashi.events.api import router as events_router
from kakehashi.knowledge.api import router as knowledge_router
from kakehashi.meetings.api import router as meetings_router
from kakehashi.opportunities.api import router as opportunities_router
from kakehashi.opportunities.interest.api import router as interest_router
from kakehashi.opportunities.matches.api import router as matches_router
from kakehashi.programme.api import router as programme_router
from kakehashi.supplychain.api import router as supplychain_router
from kakehashi.supplychain.api_scores import router as supplychain_scores_router
from kakehashi.talent.api import router as talent_router
from kakehashi.talent.pipeline.api import router as talent_pipeline_router
from kakehashi.translations.api import router as translations_router

api = ContractAPI(
    title="Kakehashi API",
    version="1",
    description="Members, organisations and partnership data of a Kakehashi instance. "
    "Authenticate with a session cookie (and CSRF token) or `Authorization: Bearer <token>`.",
    urls_namespace="api",
)
api.add_router("/", core_router, auth=optional_auth)  # public reads; core imports no app
api.add_router("/", accounts_router)
api.add_router("/community/", community_router)
api.add_router("/opportunities/", opportunities_router)
api.add_router("/opportunities/", interest_router)
api.add_router("/opportunities/", matches_router)
api.add_router("/events/", events_router)
api.add_router("/translations/", translations_router)
api.add_router("/knowledge/", knowledge_router)
api.add_router("/talent/", talent_router)
api.add_router("/meetings/", meetings_router)
api.add_router("/supply-chain/", supplychain_router)
api.add_router("/supply-chain/", supplychain_scores_router)
api.add_router("/talent/", talent_pipeline_router)
api.add_router("/programme/", programme_router)

# Public lists that every caller without a token or session gets the same (core/pagecache.py).
pagecache.cache_routes_for_visitors(["api/v1/opportunities", "api/v1/organisations", "api/v1/events/sessions"])


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("Sign in or send an API token.")}, status=401)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja's own: a body that is not JSON (400), a session write without CSRF (403)
    detail = _("The request body is not valid JSON.") if exc.status_code == 400 else str(exc)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("The request body is too large.")}, status=413)


@api.exception_handler(SuspiciousOperation)
def _suspicious(request: HttpRequest, exc: Exception) -> HttpResponse:
    # e.g. too many form fields: Django's own 400, as JSON
    return api.create_response(request, {"detail": _("The request could not be read.")}, status=400)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("You do not have permission to do this.")}, status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(RateLimited)
def _too_many(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = api.create_response(request, {"detail": " ".join(exc.messages)}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail: list[dict[str, Any]] | str
    if hasattr(exc, "error_dict"):
        detail = [{"loc": ["body", field], "msg": " ".join(msgs)} for field, msgs in exc.message_dict.items()]
    else:
        detail = " ".join(exc.messages)
    return api.create_response(request, {"detail": detail}, status=400)


@api.exception_handler(NinjaValidationError)
def _schema_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.errors, "message": _("Some fields are not valid.")}, status=422)
