"""Absolute links for e-mails, feeds and calendar files: the one place that joins
`settings.SITE_URL` to a path."""

from typing import Any

from django.conf import settings
from django.urls import reverse


def absolute_url(target: Any, *args: Any, **kwargs: Any) -> str:
    """`target` is a path ("/events/…"), a URL name ("events:session", with its args or
    kwargs) or an object with `get_absolute_url()`; the answer starts with SITE_URL."""
    if hasattr(target, "get_absolute_url"):
        path = target.get_absolute_url()
    elif target.startswith("/"):
        path = target
    else:
        path = reverse(target, args=args or None, kwargs=kwargs or None)
    return settings.SITE_URL + path
