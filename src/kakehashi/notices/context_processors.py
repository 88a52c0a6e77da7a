from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import queries


def unread(request: HttpRequest) -> dict:
    """Unread notices for the header badge, counted only if a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: queries.unread_count(user))}
