"""Time zones: UTC is stored, the viewer's zone is shown, and India–Japan items show IST and JST."""

import datetime as dt
import zoneinfo
from functools import lru_cache

from django.conf import settings

IST = zoneinfo.ZoneInfo("Asia/Kolkata")
JST = zoneinfo.ZoneInfo("Asia/Tokyo")

COUNTRY_DEFAULT_ZONE = {"IN": "Asia/Kolkata", "JP": "Asia/Tokyo"}


@lru_cache(maxsize=1)
def all_zones() -> list[str]:
    return sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})


def zone_choices() -> list[tuple[str, str]]:
    return [(z, z.replace("_", " ")) for z in all_zones()]


def default_zone_for_country(country: str) -> str:
    return COUNTRY_DEFAULT_ZONE.get(country, "UTC")


def dual_times(instant: dt.datetime, viewer_zone: str | None) -> list[tuple[str, dt.datetime]]:
    """The instant in the viewer's zone first, then IST and JST (skipping repeats).

    Returns (label, aware local datetime) pairs; the label is the zone's abbreviation
    (IST/JST) or the viewer's zone name.
    """
    if instant.tzinfo is None:
        raise ValueError("dual_times needs an aware datetime; Kakehashi never uses naive ones.")
    out: list[tuple[str, dt.datetime]] = []
    seen: set[str] = set()
    if viewer_zone:
        local = instant.astimezone(zoneinfo.ZoneInfo(viewer_zone))
        label = {v: k for k, v in settings.DUAL_TIME_ZONES}.get(viewer_zone, viewer_zone.replace("_", " "))
        out.append((label, local))
        seen.add(viewer_zone)
    for label, zone in settings.DUAL_TIME_ZONES:
        if zone not in seen:
            out.append((label, instant.astimezone(zoneinfo.ZoneInfo(zone))))
            seen.add(zone)
    return out
