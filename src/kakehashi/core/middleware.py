from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation


class MemberPreferencesMiddleware:
    """Activate a signed-in member's language and time zone.

    Runs after LocaleMiddleware: a visitor gets the language cookie or Accept-Language;
    a member gets the language saved on their profile, wherever they sign in from.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            if user.language and not request.path.startswith("/i18n/"):
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
            timezone.activate(user.timezone or settings.TIME_ZONE)
        else:
            timezone.deactivate()
        response = self.get_response(request)
        return response
