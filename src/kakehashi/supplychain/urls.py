from django.urls import path

from .views import lists

app_name = "supplychain"

urlpatterns = [
    # Supplier lists: upload, column mapping, versions, analysis, alternatives
    path("", lists.index, name="index"),
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
