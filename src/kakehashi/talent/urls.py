from django.urls import path

from . import views
from .pipeline.urls import urlpatterns as pipeline_urlpatterns

app_name = "talent"

urlpatterns = [
    path("eligibility/", views.eligibility_page, name="eligibility"),
    path("fields/", views.fields_page, name="fields"),
    *pipeline_urlpatterns,
]
