"""Country names in the active language (pycountry, with its ja/hi translations).

India and Japan are the platform's two home countries; `other_country_choices()` lists the
rest. Indian states and Japanese prefectures are in `accounts/regions.py`.
"""

import gettext
from functools import lru_cache

import pycountry
from django.utils.translation import get_language

HOME_COUNTRIES = ("IN", "JP")


@lru_cache(maxsize=4)
def _country_translation(lang: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)


def country_name(alpha2: str) -> str:
    """The country's name in the active language; the code itself if it is not a country."""
    country = pycountry.countries.get(alpha_2=alpha2)
    if country is None:
        return alpha2
    name = getattr(country, "common_name", None) or country.name
    return _country_translation((get_language() or "en")[:2]).gettext(name)


def other_country_choices() -> list[tuple[str, str]]:
    """(code, name) of every country but India and Japan, sorted by name in the active language."""
    return list(_other_country_choices((get_language() or "en")[:2]))


@lru_cache(maxsize=8)
def _other_country_choices(language: str) -> tuple[tuple[str, str], ...]:
    """Computed once per language and process (≈ 250 look-ups and a sort: ≈ 2 ms of every
    page with a country menu, such as the opportunity search)."""
    return tuple(sorted(
        ((c.alpha_2, country_name(c.alpha_2)) for c in pycountry.countries if c.alpha_2 not in HOME_COUNTRIES),
        key=lambda item: item[1],
    ))
