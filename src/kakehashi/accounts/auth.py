"""API authentication and permission levels, used by every app's router.

`member_auth`: session (with CSRF on unsafe methods) or bearer token, any active account.
`approved` / `staff`: the same, then a permission check that raises PermissionDenied (403).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from kakehashi.core.permissions import is_approved_member

from . import services


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
