from django.shortcuts import render
from django.urls import path


def page(request):
    return render(request, "page.html", {"title": "Bare Django", "items": [f"Item {n}" for n in range(20)]})


urlpatterns = [path("", page)]
