from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from kakehashi.core.views import healthz

from .api import api

admin.site.site_header = "Kakehashi"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("community/", include("kakehashi.community.urls")),
    path("opportunities/", include("kakehashi.opportunities.urls")),
    path("events/", include("kakehashi.events.urls")),
    path("translations/", include("kakehashi.translations.urls")),
    path("knowledge/", include("kakehashi.knowledge.urls")),
    path("talent/", include("kakehashi.talent.urls")),
    path("meetings/", include("kakehashi.meetings.urls")),
    path("supply-chain/", include("kakehashi.supplychain.urls")),
    path("programme/", include("kakehashi.programme.urls")),
    path("", include("kakehashi.accounts.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
