from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from kakehashi.accounts import people
from kakehashi.accounts import queries as account_queries

from .permissions import public


@public
def home(request: HttpRequest) -> HttpResponse:
    approved = account_queries.directory(request.user)
    return render(
        request,
        "core/home.html",
        {
            "counts": {
                "IN": approved.filter(country="IN").count(),
                "JP": approved.filter(country="JP").count(),
                "all": approved.count(),
            },
            "recent": approved.order_by("-created_at")[:6],
            "types": people.OrganisationType.choices,
        },
    )


@public
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@public
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, and for a signed-in member the choice is saved on the profile."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in ("en", "ja", "hi") and request.user.language != language:
        from kakehashi.accounts import services

        services.update_profile(request.user, language=language)
    return response
