"""A URLconf with visitor-cached views that must not be cached (tests/core/test_pagecache.py)."""

from django.contrib import messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import include, path

from kakehashi.core.pagecache import visitor_cache
from kakehashi.core.permissions import public


@public
@visitor_cache
def sets_cookie(request):
    response = HttpResponse("cookie")
    response.set_cookie("seen", "1")
    return response


@public
@visitor_cache
def adds_message(request):
    messages.info(request, "Welcome back")
    return HttpResponse("message")


@public
@visitor_cache
def own_token(request):
    return HttpResponse(f"token {get_token(request)}")


@public
@visitor_cache
def private(request):
    response = HttpResponse("private")
    response["Cache-Control"] = "private"
    return response


urlpatterns = [
    path("cookie/", sets_cookie), path("message/", adds_message), path("token/", own_token), path("private/", private),
    path("", include("kakehashi.urls")),
]
