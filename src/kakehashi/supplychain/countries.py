"""Country names in supplier files -> ISO 3166-1 alpha-2, in en/ja/hi.

The table is pycountry's: alpha-2 and alpha-3 codes, the ISO name, common and official
names, and their Japanese and Hindi translations (pycountry's iso3166-1 catalogues), plus
the everyday names those catalogues lack (ASCII "Vietnam", "South Korea", "米国" …). A
name that is not in the table gets the closest names as suggestions.
"""

from __future__ import annotations

import difflib
import gettext
from functools import lru_cache

import pycountry

from kakehashi.core.countries import country_name

from .columns import normalise

# Everyday names missing from pycountry's names and catalogues.
ALIASES = {
    "VN": ("Vietnam", "Viet Nam", "ベトナム", "越南", "वियतनाम"),
    "KR": ("South Korea", "Korea", "Republic of Korea", "韓国", "दक्षिण कोरिया"),
    "KP": ("North Korea", "北朝鮮", "उत्तर कोरिया"),
    "TW": ("Taiwan", "台湾", "ताइवान"),
    "CN": ("PRC", "People's Republic of China", "中華人民共和国", "चीन"),
    "US": ("USA", "U.S.A.", "U.S.", "America", "United States of America", "アメリカ", "アメリカ合衆国", "米国", "अमेरिका", "संयुक्त राज्य अमेरिका"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "England", "イギリス", "英国", "ब्रिटेन", "यूनाइटेड किंगडम"),
    "RU": ("Russia", "ロシア", "रूस"),
    "TH": ("タイ王国", "थाईलैंड"),
    "IN": ("Bharat", "インド", "भारत"),
    "JP": ("Nippon", "Nihon", "日本", "जापान"),
    "DE": ("ドイツ", "जर्मनी"),
    "ID": ("インドネシア", "इंडोनेशिया"),
    "MX": ("メキシコ", "मेक्सिको"),
    "MY": ("マレーシア", "मलेशिया"),
    "PH": ("フィリピン", "फिलीपींस"),
    "TR": ("Turkey", "Türkiye", "Turkiye", "トルコ", "तुर्की"),
    "CZ": ("Czech Republic", "チェコ"),
    "AE": ("UAE", "アラブ首長国連邦", "संयुक्त अरब अमीरात"),
    "BD": ("バングラデシュ", "बांग्लादेश"),
    "LK": ("スリランカ", "श्रीलंका"),
}
LANGUAGES = ("ja", "hi")


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    """normalised name -> alpha-2."""
    catalogues = [gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True) for lang in LANGUAGES]
    table: dict[str, str] = {}
    for country in pycountry.countries:
        names = [country.alpha_2, country.alpha_3, country.name]
        names += [getattr(country, attr) for attr in ("common_name", "official_name") if getattr(country, attr, None)]
        names += [catalogue.gettext(name) for catalogue in catalogues for name in list(names[2:])]
        for name in names:
            table.setdefault(normalise(name), country.alpha_2)
    for code, aliases in ALIASES.items():
        for name in aliases:
            table.setdefault(normalise(name), code)
    return table


def resolve(name: str) -> str | None:
    """The alpha-2 code of a country named in en/ja/hi or by its ISO code; None if unknown."""
    return _table().get(normalise(name)) if name else None


def suggestions(name: str, limit: int = 3) -> list[str]:
    """Alpha-2 codes of the countries whose names are closest to `name`, best first."""
    table = _table()
    wanted = normalise(name)
    codes: list[str] = []
    for close in difflib.get_close_matches(wanted, list(table), n=10, cutoff=0.6):
        if table[close] not in codes:
            codes.append(table[close])
    if not codes and wanted:
        # Contained names ("vietnamsocialistrep" -> Viet Nam) and short typos
        codes = [code for key, code in table.items() if len(key) > 3 and (key in wanted or wanted in key)][:limit]
    return codes[:limit]


def label(code: str) -> str:
    """"Viet Nam (VN)" in the active language."""
    return f"{country_name(code)} ({code})"
