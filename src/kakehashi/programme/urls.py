from django.urls import path

from . import views

app_name = "programme"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("charts/<str:key>.svg", views.chart, name="chart"),
    path("export.<str:fmt>", views.export, name="export"),
    path("publish/", views.publish, name="publish"),
    path("summary/", views.public_summary, name="summary"),
]
