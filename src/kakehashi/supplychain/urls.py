from django.urls import path

from .views import lists

app_name = "supplychain"

urlpatterns = [
    # Supplier lists: upload, column mapping, versions, analysis, alternatives
    path("", lists.index, name="index"),
]
