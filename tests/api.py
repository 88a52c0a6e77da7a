"""Helpers of the API tests: URLs under /api/v1/, clients that authenticate with a bearer
token or a session, JSON requests, and the API's fixed error bodies."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client

from kakehashi.accounts.services import create_api_token

PREFIX = "/api/v1"
JSON = "application/json"
UNAUTHENTICATED = {"detail": "Sign in or send an API token."}
FORBIDDEN = {"detail": "You do not have permission to do this."}
NOT_FOUND = {"detail": "Not found."}


def api_url(path: str = "") -> str:
    """`api_url("community/posts")` → "/api/v1/community/posts"."""
    return f"{PREFIX}/{path.lstrip('/')}" if path else PREFIX


def bearer_client(user, **kwargs) -> Client:
    """A client that sends a fresh API token of `user` (an anonymous client for None);
    `kwargs` go to Client (e.g. enforce_csrf_checks=True)."""
    if user is None:
        return Client(**kwargs)
    _token, secret = create_api_token(user, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", **kwargs)


def session_client(user) -> Client:
    """A client signed in with the session cookie (an anonymous client for None)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def json_request(client: Client, method: str, url: str, body=None, **extra):
    """GET/DELETE without a body; anything else with `body` as JSON."""
    if method in ("get", "delete"):
        return getattr(client, method)(url, **extra)
    return getattr(client, method)(url, json.dumps(body or {}), content_type=JSON, **extra)


def json_post(client: Client, url: str, body=None, **extra):
    return json_request(client, "post", url, body, **extra)


def iso(value) -> str:
    """A date or datetime as the API writes it."""
    return DjangoJSONEncoder().default(value)
