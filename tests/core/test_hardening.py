"""Hardening: a Content-Security-Policy with no inline script and a Permissions-Policy on
every page; request bodies over UPLOAD_MAX_BYTES refused with 413 before they are read;
debug tracebacks only for loopback clients."""

import io
import re

import pytest
from django.test import Client

from ..factories import (
    MembershipFactory,
    OpportunityFactory,
    OrganisationFactory,
    PostFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
DATA_BLOCK = re.compile(r'type="application/(ld\+)?json"')


def inline_scripts(html: str) -> list[str]:
    """`<script>` tags that would run inline: no src, and not a JSON data block."""
    return [attrs for attrs in SCRIPT.findall(html) if "src=" not in attrs and not DATA_BLOCK.search(attrs)]


@pytest.fixture
def pages(db):
    post = PostFactory(title="Session write-up", slug="session-write-up")
    OpportunityFactory(organisation=OrganisationFactory(), title="Gear grinding partner")
    return {
        "home": "/",
        "community post": f"/community/posts/{post.slug}/",
        "opportunity list": "/opportunities/",
        "login": "/accounts/login/",
        "api docs": "/api/v1/docs",
        "signup": "/accounts/signup/",
        "community": "/community/",
        "events": "/events/",
    }


def test_every_page_has_the_policies_and_no_inline_script(pages):
    client = Client()
    seen = {}
    for name, url in pages.items():
        response = client.get(url)
        seen[name] = (
            response.status_code,
            response.headers.get("Content-Security-Policy", ""),
            response.headers.get("Permissions-Policy", ""),
            inline_scripts(response.content.decode()),
        )

    assert {name: s[0] for name, s in seen.items()} == dict.fromkeys(pages, 200)
    assert {name: "script-src 'self';" in s[1] and "'unsafe-inline'" not in s[1].split("script-src")[1].split(";")[0]
            for name, s in seen.items()} == dict.fromkeys(pages, True)
    assert {name: "camera=()" in s[2] and "geolocation=()" in s[2] for name, s in seen.items()} == dict.fromkeys(pages, True)
    assert {name: s[3] for name, s in seen.items()} == {name: [] for name in pages}


def test_member_pages_have_no_inline_script_either(pages):
    member = MembershipFactory(organisation=OrganisationFactory()).user
    client = Client()
    client.force_login(member)

    found = {url: inline_scripts(client.get(url).content.decode()) for url in [*pages.values(), "/dashboard/", "/opportunities/new/"]}

    assert found == {url: [] for url in found}


def test_swagger_ui_loads_its_scripts_from_static_files(pages):
    html = Client().get("/api/v1/docs").content.decode()

    sources = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert [s.rsplit("/", 1)[1] for s in sources] == ["swagger-ui-bundle.js", "swagger-ui-init.js"]
    assert all(Client().get(s).status_code == 200 for s in sources)


# --- request size ---------------------------------------------------------------------------


def test_a_body_over_the_limit_is_refused_before_it_is_read_with_an_html_page(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    body = io.BytesIO(b"x" * 5000)

    response = Client().generic("POST", "/accounts/login/", body.getvalue(), content_type="application/x-www-form-urlencoded")

    assert (response.status_code, response["Content-Type"]) == (413, "text/html; charset=utf-8")
    assert "The request is too large: send at most 0.0 MB." not in response.content.decode()
    assert "Request too large" in response.content.decode()


def test_a_body_over_the_limit_is_413_json_under_the_api(settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024

    response = Client().post("/api/v1/opportunities/interests", "{" + " " * (2 * 1024 * 1024) + "}", content_type="application/json")

    assert (response.status_code, response.json()) == (413, {"detail": "The request is too large: send at most 1 MB."})


def test_a_multipart_upload_over_the_limit_is_refused_in_the_visitors_language(settings):
    settings.UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    upload = io.BytesIO(b"\0" * (3 * 1024 * 1024))
    upload.name = "big.csv"

    response = Client(HTTP_ACCEPT_LANGUAGE="ja").post("/accounts/login/", {"login": "a@example.org", "file": upload})

    assert response.status_code == 413
    assert "リクエストが大きすぎます" in response.content.decode()


def test_a_body_that_streams_past_the_limit_is_stopped_while_reading(settings):
    """The declared length is within the limit but the body is read further (as a server
    passing chunked input would): the counter stops it."""
    from django.core.handlers.wsgi import WSGIRequest

    from kakehashi.core.middleware import RequestSizeLimitMiddleware

    settings.UPLOAD_MAX_BYTES = 100
    body = b"a=" + b"x" * 500
    request = WSGIRequest({
        "REQUEST_METHOD": "POST", "PATH_INFO": "/api/v1/x", "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": "50", "wsgi.input": io.BytesIO(body), "SERVER_NAME": "testserver", "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
    })
    request._stream = io.BytesIO(body)  # what a server handing on chunked input gives

    response = RequestSizeLimitMiddleware(lambda r: __import__("django.http", fromlist=["HttpResponse"]).HttpResponse(r.body))(request)

    assert response.status_code == 413


def test_a_body_within_the_limit_is_read_as_usual(settings):
    settings.UPLOAD_MAX_BYTES = 10_000
    UserFactory(email="ok@example.org")

    response = Client().post("/accounts/login/", {"login": "ok@example.org", "password": "x" * 100})

    assert response.status_code == 200


# --- debug pages ------------------------------------------------------------------------------


@pytest.fixture
def failing(settings):
    settings.DEBUG = True
    settings.ROOT_URLCONF = "tests.core.boom_urls"


def test_a_local_client_gets_the_traceback_page_with_debug_on(failing):
    response = Client(REMOTE_ADDR="127.0.0.1", raise_request_exception=False).get("/boom/")

    assert response.status_code == 500
    assert "secret detail" in response.content.decode() and "Traceback" in response.content.decode()


@pytest.mark.parametrize("path", ["/boom/", "/api/v1/boom"])
def test_a_remote_client_never_gets_a_traceback_even_with_debug_on(failing, path):
    response = Client(REMOTE_ADDR="203.0.113.5", raise_request_exception=False).get(path)

    body = response.content.decode()
    assert response.status_code == 500
    assert ("secret detail" in body, "Traceback" in body, "settings.py" in body) == (False, False, False)


def test_a_remote_client_behind_a_local_proxy_gets_no_traceback(failing, settings):
    settings.TRUSTED_PROXY_COUNT = 1

    response = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5", raise_request_exception=False).get("/boom/")

    assert response.status_code == 500
    assert "secret detail" not in response.content.decode()
