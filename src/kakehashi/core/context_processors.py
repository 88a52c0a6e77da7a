from django.conf import settings
from django.http import HttpRequest

from . import flags


def _demo_data() -> bool:
    return flags.is_set(flags.DEMO_DATA)


def site(request: HttpRequest) -> dict:
    """`DEMO_DATA` is a callable: the flag is read only by pages that show it (the footer)."""
    return {"SITE_NAME": settings.SITE_NAME, "DEMO_DATA": _demo_data}
