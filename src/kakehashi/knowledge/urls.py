from django.urls import path

from . import views

app_name = "knowledge"

urlpatterns = [
    path("agreements/", views.timeline, name="timeline"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<slug:slug>/", views.agreement_detail, name="agreement"),
    path("agreements/<slug:slug>/edit/", views.agreement_edit, name="agreement_edit"),
    path("agreements/<slug:slug>/tag/", views.tag, name="tag"),
    path("agreements/<slug:slug>/links/<int:link_id>/delete/", views.untag, name="untag"),
]
