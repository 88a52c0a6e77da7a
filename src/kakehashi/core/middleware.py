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
