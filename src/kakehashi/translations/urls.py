from django.urls import path

from . import views

app_name = "translations"

urlpatterns = [
    path("desk/", views.desk_view, name="desk"),
    path("translators/", views.translators_view, name="translators"),
    path("<slug:source>/<int:pk>/translate/", views.translate, name="translate"),
    path("<slug:source>/<int:pk>/status/", views.status, name="status"),
    path("<slug:source>/<int:pk>/versions/<str:language>/", views.version_edit, name="version"),
]
