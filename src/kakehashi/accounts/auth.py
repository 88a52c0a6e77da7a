"""API authentication and permission levels, used by every app's router.

`member_auth`: session (with CSRF on unsafe methods) or bearer token, any active account.
`approved` / `staff`: the same, then a permission check that raises PermissionDenied (403).
`public_viewer`: who calls a public read (`auth=None`): a bearer token's owner, else the session's.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from . import services
from .people import is_approved_member


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = services.authenticate_token(token)
        if user is not None:
            request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


member_auth = [TokenAuth(), ActiveSessionAuth()]


def require_approved(request: HttpRequest) -> None:
    if not is_approved_member(request.auth):
        raise PermissionDenied


def require_staff(request: HttpRequest) -> None:
    if not getattr(request.auth, "is_staff", False):
        raise PermissionDenied


def public_viewer(request: HttpRequest) -> Any:
    """The caller of a public read: the owner of the bearer token if one is sent, else the
    session's user (AnonymousUser for a visitor). Never raises for a visitor; a bearer token
    that is wrong or revoked answers 401, as on every other operation, so a script learns
    that its token no longer works instead of silently reading the public view."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = services.authenticate_token(header[7:].strip())
        if user is None:
            raise AuthenticationError
        return user
    return request.user
