"""A URLconf with a view that fails, for the debug-page tests (tests/core/test_hardening.py)."""

from django.urls import include, path

from kakehashi.core.permissions import public


@public
def boom(request):
    raise RuntimeError("secret detail /srv/kakehashi/settings.py")


urlpatterns = [path("boom/", boom), path("api/v1/boom", boom), path("", include("kakehashi.urls"))]
