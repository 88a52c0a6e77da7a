"""Every URL of the site states who may call it (core.permissions), or is a vetted
third-party view (allauth, admin, the API which states permissions per operation)."""

from django.urls import URLPattern, URLResolver, get_resolver

THIRD_PARTY = ("allauth.", "django.contrib.", "ninja.", "django.views.static")


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def test_every_kakehashi_view_declares_its_permission():
    undeclared = [
        route
        for route, view in _patterns(get_resolver())
        if not route.startswith(("api/v1/", "admin/"))
        and not view.__module__.startswith(THIRD_PARTY)
        and getattr(view, "permission", None) is None
    ]

    assert undeclared == []


def test_every_api_operation_declares_auth():
    from kakehashi.api import api

    schema = api.get_openapi_schema()
    public = {
        ("get", "/api/v1/sectors"), ("get", "/api/v1/organisations"), ("get", "/api/v1/organisations/{slug}"),
        ("get", "/api/v1/community/posts"), ("get", "/api/v1/community/posts/{slug}"),
        ("get", "/api/v1/community/posts/{slug}/comments"),
        ("get", "/api/v1/opportunities/"), ("get", "/api/v1/opportunities/{reference}"),
        ("get", "/api/v1/events/series"), ("get", "/api/v1/events/series/{slug}"), ("get", "/api/v1/events/sessions"),
        ("get", "/api/v1/events/sessions/{slug}"), ("get", "/api/v1/events/feeds"),
        ("get", "/api/v1/knowledge/agreements"), ("get", "/api/v1/knowledge/agreements/{slug}"),
        ("get", "/api/v1/knowledge/glossary"),
        ("get", "/api/v1/talent/fields"), ("post", "/api/v1/talent/eligibility"),
        ("get", "/api/v1/supply-chain/countries/sources"), ("get", "/api/v1/supply-chain/countries"),
        ("post", "/api/v1/supply-chain/countries/scores"),
        ("get", "/api/v1/talent/jobs"), ("get", "/api/v1/talent/jobs/{pk}"),
    }
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            security = operation.get("security")
            assert security, (method, path)
            # `{}`: callers without credentials are accepted (accounts.auth.optional_auth)
            assert ({} in security) == ((method, path) in public), (method, path)
