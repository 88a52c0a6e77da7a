"""Who may call a view. Every view in Kakehashi is wrapped in exactly one of these.

- `public`: anyone, including visitors (stated explicitly so the permission test can list it).
- `signed_in`: any authenticated account, approved or not (onboarding, own settings).
- `approved_member`: an account that staff approved, or staff.
- `staff_only`: staff of the running body.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect

View = Callable[..., HttpResponseBase]


def is_approved_member(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_staff or user.is_approved))


def public(view: View) -> View:
    view.permission = "public"  # type: ignore[attr-defined]
    return view


def signed_in(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapper.permission = "signed_in"  # type: ignore[attr-defined]
    return wrapper


def approved_member(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_approved_member(request.user):
            return redirect("accounts:onboarding")
        return view(request, *args, **kwargs)

    wrapper.permission = "approved_member"  # type: ignore[attr-defined]
    return wrapper


def staff_only(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.permission = "staff_only"  # type: ignore[attr-defined]
    return wrapper
