from django.urls import path

from .views import alternatives, analysis, lists

app_name = "supplychain"

urlpatterns = [
    # Supplier lists: upload, template, column mapping, versions, analysis, exports, alternatives
    path("", lists.index, name="index"),
    path("upload/", lists.upload, name="upload"),
    path("template/<slug:language>.csv", lists.template, name="template"),
    path("lists/<int:pk>/", analysis.detail, name="detail"),
    path("lists/<int:pk>/mapping/", lists.mapping, name="mapping"),
    path("lists/<int:pk>/export.<slug:file_format>", analysis.export, name="export"),
    path("lists/<int:pk>/alternatives/", alternatives.alternatives, name="alternatives"),
]

# Country scores and disruption simulation
from .views import countries, simulation  # noqa: E402

urlpatterns += [
    path("countries/", countries.compare, name="countries"),
    path("countries/weights/", countries.weights, name="country_weights"),
    path("lists/<int:pk>/simulate/", simulation.simulate, name="simulate"),
    path("simulations/<int:pk>/", simulation.result, name="simulation"),
    path("simulations/<int:pk>/report.xlsx", simulation.report, name="simulation_report"),
]
