"""API authentication and permission levels, used by every app's router.

`member_auth`: a bearer token or the session cookie (with CSRF on unsafe methods), any
active account; none of them is a 401.
`optional_auth`: the same for public reads, where no credentials at all is an anonymous
caller (`request.auth` is then `AnonymousUser`). A bearer token that does not authenticate
is a 401 on every operation, never a silent fall-back to another identity.
`require_approved` / `require_staff`: a permission check after auth that raises
PermissionDenied (403).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from . import services
from .people import is_approved_member

if TYPE_CHECKING:
    from .models import User


class MemberRequest(HttpRequest):
    """For annotations only: the request of an operation with `member_auth`, whose
    `request.auth` is the signed-in, active user. (Django Ninja passes a plain HttpRequest.)"""

    auth: User


class SignedInRequest(HttpRequest):
    """For annotations only: the request of a page behind `signed_in`, `approved_member` or
    `staff_only` (core.permissions), whose `request.user` is the signed-in user."""

    user: User


class PublicRequest(HttpRequest):
    """For annotations only: the request of an operation with `optional_auth`, whose
    `request.auth` is the user, or `AnonymousUser` for a caller without credentials."""

    auth: User | AnonymousUser


class TokenAuth(HttpBearer):
    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header)
        if not header:
            return None
        scheme, _sep, token = header.partition(" ")
        if scheme.lower() != self.openapi_scheme.lower():
            return None
        user = self.authenticate(request, token.strip())
        if user is None:
            # A caller who sends a token means to act as its owner: a wrong or revoked
            # token is refused rather than ignored in favour of the session or anonymity.
            raise AuthenticationError
        return user

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = services.authenticate_token(token)
        if user is not None:
            request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    """The session cookie's active user. CSRF is checked (unsafe methods) only when the
    session has a signed-in user: a caller without one is simply not authenticated here
    (a 401 when nothing else authenticates it), not a CSRF failure."""

    def __init__(self) -> None:
        super().__init__(csrf=False)

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, _("CSRF check failed: send the X-CSRFToken header with a signed-in session."))
        return user

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:  # pragma: no cover - __call__ decides
        return None


class Anonymous:
    """Last in `optional_auth`: lets a caller without credentials through as anonymous."""

    optional = True

    def __call__(self, request: HttpRequest) -> Any:
        return AnonymousUser()


member_auth = [TokenAuth(), ActiveSessionAuth()]
optional_auth = [TokenAuth(), ActiveSessionAuth(), Anonymous()]


def require_approved(request: MemberRequest) -> None:
    if not is_approved_member(request.auth):
        raise PermissionDenied


def require_staff(request: MemberRequest) -> None:
    if not getattr(request.auth, "is_staff", False):
        raise PermissionDenied
