"""URL patterns of the pipeline, added to talent/urls.py."""

from django.urls import path

from . import privacy_views, views

urlpatterns = [
    path("jobs/<int:pk>/apply/", views.apply, name="apply"),
    path("jobs/<int:pk>/pipeline/", views.job_board, name="job_board"),
    path("applications/", views.my_applications, name="my_applications"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/move/", views.application_move, name="application_move"),
    path("applications/<int:pk>/interview/", views.application_interview, name="application_interview"),
    path("applications/<int:pk>/interview.ics", views.application_ics, name="application_ics"),
    path("applications/<int:pk>/notes/", views.application_note, name="application_note"),
    path("me/privacy/", privacy_views.privacy, name="my_privacy"),
    path("me/export.zip", privacy_views.export, name="my_export"),
    path("me/delete/", privacy_views.delete, name="my_delete"),
    path("staff/programme/", privacy_views.programme, name="programme"),
    path("staff/programme/<slug:name>.<str:fmt>", privacy_views.programme_export, name="programme_export"),
    path("documents/<int:pk>/download/", privacy_views.document_download, name="document_download"),
]
