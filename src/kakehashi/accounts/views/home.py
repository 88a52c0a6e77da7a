"""The site's front page and the language switch: both belong to accounts (the front page
counts organisations and shows the recently joined; the switch saves a member's language)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from kakehashi.core.languages import CODES
from kakehashi.core.pagecache import visitor_cache
from kakehashi.core.permissions import is_approved_member, public

from .. import queries, services
from ..models import Organisation


@public
@visitor_cache
def home(request: HttpRequest) -> HttpResponse:
    """Visitors (and accounts not yet approved) get the public front page; an approved
    member goes to their dashboard, where what needs them is."""
    if is_approved_member(request.user):
        return redirect("accounts:dashboard")
    approved = queries.directory(request.user)
    return render(
        request,
        "accounts/home.html",
        {
            "counts": {
                "IN": approved.filter(country="IN").count(),
                "JP": approved.filter(country="JP").count(),
                "all": approved.count(),
            },
            "recent": approved.order_by("-created_at")[:6],
            "types": Organisation.Type.choices,
        },
    )


@public
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, and for a signed-in member the choice is saved on the profile."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in CODES and request.user.language != language:
        services.update_profile(request.user, language=language)
    return response
