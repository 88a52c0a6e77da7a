"""The ISIC Rev.4 taxonomy: loading it (migration core/0002) and menus of it.

Menus are plain tuples cached per language and process. Sectors are reference data
loaded by a migration; a change made in the admin shows in menus after a restart.
"""

import json
from functools import lru_cache
from pathlib import Path

from django.utils.translation import get_language

from .languages import CODES
from .models import Sector

DATA = Path(__file__).resolve().parent / "data" / "isic_rev4.json"


def load_isic(sector_model) -> int:
    """Create or update every section and division from the shipped JSON. Idempotent.

    Takes the model class so the data migration can pass its historical model."""
    entries = json.loads(DATA.read_text(encoding="utf-8"))
    for entry in entries:  # sections come first, so every parent exists before its divisions
        sector_model.objects.update_or_create(
            code=entry["code"],
            defaults={
                "level": entry["level"],
                "parent_id": entry["parent"],
                "name_en": entry["name_en"],
                "name_ja": entry["name_ja"],
                "name_hi": entry["name_hi"],
            },
        )
    return len(entries)


SectionTree = tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]


@lru_cache(maxsize=8)
def _tree(language: str) -> SectionTree:
    field = f"name_{language}" if language in CODES else "name_en"
    divisions: dict[str, list[tuple[str, str]]] = {}
    sections = []
    for sector in Sector.objects.order_by("code").values("code", "level", "parent_id", field):
        if sector["level"] == Sector.Level.SECTION:
            sections.append((sector["code"], sector[field]))
        else:
            divisions.setdefault(sector["parent_id"], []).append((sector["code"], sector[field]))
    return tuple((code, name, tuple(divisions.get(code, ()))) for code, name in sections)


def section_tree() -> SectionTree:
    """((section code, name, ((division code, name), …)), …) in the active language."""
    tree = _tree((get_language() or "en")[:2])
    if not tree:  # never keep an empty menu (a database not migrated yet)
        _tree.cache_clear()
    return tree


def sector_names() -> dict[str, str]:
    """{code: name} of every section and division, in the active language (from the cached menu)."""
    names: dict[str, str] = {}
    for section, name, divisions in section_tree():
        names[section] = name
        names.update(divisions)
    return names
