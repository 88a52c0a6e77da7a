"""Time zones: UTC is stored, the viewer's zone is shown, and India–Japan items show IST and JST."""

import datetime as dt
import zoneinfo
from functools import lru_cache

from django.conf import settings
from django.utils.translation import gettext as _

IST = zoneinfo.ZoneInfo("Asia/Kolkata")
JST = zoneinfo.ZoneInfo("Asia/Tokyo")

COUNTRY_DEFAULT_ZONE = {"IN": "Asia/Kolkata", "JP": "Asia/Tokyo"}


@lru_cache(maxsize=1)
def all_zones() -> list[str]:
    return sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})


# The IANA areas shown as groups, in this order; every other name (legacy aliases such as
# "Japan", Etc/GMT+5, US/Pacific…) is under "Other".
AREAS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")


def zone_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every zone, grouped for <optgroup>: India and Japan first, then by area, then the rest.

    Inside an area the label drops the area ("Asia/Ho_Chi_Minh" → "Ho Chi Minh"); the group
    says it. Each zone appears once, so a saved zone is selected exactly once.
    """
    home = [("Asia/Kolkata", f"{_('India')} · Kolkata (IST)"), ("Asia/Tokyo", f"{_('Japan')} · Tokyo (JST)")]
    shown = {zone for zone, _label in home}
    groups: dict[str, list[tuple[str, str]]] = {area: [] for area in AREAS}
    other: list[tuple[str, str]] = []
    for zone in all_zones():
        if zone in shown:
            continue
        area, _sep, place = zone.partition("/")
        if area in groups and place:
            groups[area].append((zone, place.replace("_", " ")))
        else:
            other.append((zone, zone.replace("_", " ")))
    return [(_("India and Japan"), home), *groups.items(), (_("Other"), other)]


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
