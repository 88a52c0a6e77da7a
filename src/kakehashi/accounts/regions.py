"""States and union territories of India, prefectures of Japan (ISO 3166-2), in en/ja/hi.
Country names are in `core/countries.py`."""

import json
from functools import lru_cache
from pathlib import Path

from django.utils.translation import get_language

_DATA = Path(__file__).parent / "data" / "regions.json"


@lru_cache(maxsize=1)
def _regions() -> dict[str, dict[str, str]]:
    return json.loads(_DATA.read_text(encoding="utf-8"))


def _lang() -> str:
    return (get_language() or "en")[:2]


def region_name(code: str) -> str:
    entry = _regions().get(code)
    if not entry:
        return ""
    return entry.get(_lang()) or entry["en"]


def region_choices(country: str) -> list[tuple[str, str]]:
    """(code, name) for the country's subdivisions, in the active language, sorted by name."""
    lang = _lang()
    items = [(code, names.get(lang) or names["en"]) for code, names in _regions().items() if code[:2] == country]
    return sorted(items, key=lambda item: item[1])


def is_region_of(code: str, country: str) -> bool:
    return code in _regions() and code[:2] == country

