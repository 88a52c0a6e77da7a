"""URL patterns of expressions of interest, introductions and the programme view, added to
opportunities/urls.py (after it registers the `kkref` converter)."""

from django.urls import path

# absolute: `..programme` reads as the top-level programme app to the app-import audit
from kakehashi.opportunities.programme import views as programme

from . import views

urlpatterns = [
    path("interests/", views.mine, name="interest_mine"),
    path("interests/<int:pk>/", views.interest_detail, name="interest_detail"),
    path("interests/<int:pk>/accept/", views.interest_accept, name="interest_accept"),
    path("interests/<int:pk>/decline/", views.interest_decline, name="interest_decline"),
    path("interests/<int:pk>/withdraw/", views.interest_withdraw, name="interest_withdraw"),
    path("introductions/<int:pk>/", views.intro_thread, name="intro_thread"),
    path("introductions/<int:pk>/messages/", views.intro_message, name="intro_message"),
    path("introductions/<int:pk>/outcome/", views.intro_outcome, name="intro_outcome"),
    path("programme/", programme.programme, name="programme"),
    path("programme/charts/<slug:name>.svg", programme.chart, name="programme_chart"),
    path("programme/export/<slug:name>.csv", programme.export, name="programme_export"),
    path("<kkref:reference>/interest/", views.interest_create, name="interest_create"),
]
