"""The columns of a supplier file: their keys, their headers in en/ja/hi, the synonyms a
file's headers are recognised by, and the downloadable template.

A header is compared after normalising (NFKC, case-folded, everything but letters, marks and
digits dropped), first whole, then without what is in brackets, so "Annual spend (USD)",
"年間調達額（USD）" and "annual_spend_usd" all find their column.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from django.utils.translation import override, pgettext_lazy

from kakehashi.core import spreadsheets

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrOrPromise


@dataclass(frozen=True)
class Column:
    key: str
    label: StrOrPromise  # the header, translated lazily
    required: bool
    synonyms: tuple[str, ...]


COLUMNS: tuple[Column, ...] = (
    Column("item", pgettext_lazy("supplier file column", "Item"), True, (
        "item", "commodity", "item commodity", "part", "part name", "product", "material", "description",
        "品目", "品名", "部品", "部品名", "商品", "商品名", "材料",
        "वस्तु", "सामग्री", "उत्पाद", "पुर्जा",
    )),
    Column("hs_code", pgettext_lazy("supplier file column", "HS code"), False, (
        "hs", "hs code", "hscode", "tariff code", "hs heading", "hsコード", "関税番号", "統計品目番号", "एचएस कोड", "एचएस",
    )),
    Column("supplier", pgettext_lazy("supplier file column", "Supplier"), True, (
        "supplier", "supplier name", "vendor", "vendor name", "manufacturer",
        "仕入先", "仕入先名", "サプライヤー", "サプライヤー名", "取引先", "調達先", "購入先",
        "आपूर्तिकर्ता", "आपूर्तिकर्ता का नाम", "विक्रेता",
    )),
    Column("country", pgettext_lazy("supplier file column", "Supplier country"), True, (
        "country", "supplier country", "country of origin", "origin", "origin country", "iso country",
        "国", "国名", "仕入先国", "サプライヤー国", "原産国", "調達国",
        "देश", "आपूर्तिकर्ता देश", "मूल देश",
    )),
    Column("spend", pgettext_lazy("supplier file column", "Annual spend"), True, (
        "spend", "annual spend", "amount", "value", "purchase value", "annual purchases", "spend amount",
        "年間調達額", "調達額", "購買額", "年間購買額", "金額", "年間取引額",
        "वार्षिक खर्च", "खर्च", "राशि", "वार्षिक खरीद",
    )),
    Column("currency", pgettext_lazy("supplier file column", "Currency"), True, ("currency", "ccy", "currency code", "通貨", "通貨コード", "मुद्रा")),
    Column("spend_usd", pgettext_lazy("supplier file column", "Annual spend (USD)"), False, (
        "annual spend usd", "spend usd", "usd", "spend in usd", "年間調達額usd", "米ドル換算", "वार्षिक खर्च usd",
    )),
    Column("volume_share", pgettext_lazy("supplier file column", "Volume share (%)"), False, (
        "volume share", "share", "share %", "volume", "シェア", "数量シェア", "構成比", "調達比率",
        "मात्रा हिस्सा", "हिस्सा",
    )),
    Column("lead_time_days", pgettext_lazy("supplier file column", "Lead time (days)"), False, (
        "lead time", "lead time days", "leadtime", "lt", "リードタイム", "納期", "調達リードタイム", "लीड टाइम",
    )),
    Column("inventory_cover_days", pgettext_lazy("supplier file column", "Inventory cover (days)"), False, (
        "inventory cover", "inventory cover days", "days of cover", "days of inventory", "safety stock days",
        "在庫日数", "在庫", "在庫カバー日数", "इन्वेंटरी कवर", "भंडार दिन",
    )),
    Column("qualified_alternates", pgettext_lazy("supplier file column", "Qualified alternates"), False, (
        "qualified alternates", "alternates", "alternative suppliers", "alternate suppliers",
        "代替先数", "代替", "認定代替先数", "代替サプライヤー数", "योग्य विकल्प", "विकल्प",
    )),
)
BY_KEY = {c.key: c for c in COLUMNS}
KEYS = tuple(c.key for c in COLUMNS)
REQUIRED = tuple(c.key for c in COLUMNS if c.required)
TEMPLATE_LANGUAGES = ("en", "ja", "hi")

_BRACKETS = re.compile(r"[(（\[［【].*?[)）\]］】]")


def normalise(header: str) -> str:
    text = unicodedata.normalize("NFKC", str(header)).casefold()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LMN")


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    """normalised name -> key: the synonyms and the header in each template language."""
    whole: dict[str, str] = {}
    for column in COLUMNS:
        names = [*column.synonyms, column.key]
        for language in TEMPLATE_LANGUAGES:
            with override(language):
                names.append(str(column.label))
        for name in names:
            whole.setdefault(normalise(name), column.key)
    return whole


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """key -> header of the file, for every column whose header is recognised (each header
    used once; a header matching whole wins over one matching without its brackets)."""
    whole = _synonyms()
    mapping: dict[str, str] = {}
    for stripped in (False, True):
        for header in headers:
            if header in mapping.values():
                continue
            text = _BRACKETS.sub("", header) if stripped else header
            key = whole.get(normalise(text))
            if key and key not in mapping:
                mapping[key] = header
    return mapping


def missing_required(mapping: dict[str, str]) -> list[str]:
    return [key for key in REQUIRED if not mapping.get(key)]


EXAMPLE_ROWS = (
    ("Brake caliper", "870830", "Hanoi Precision Co.", "VN", "1250000", "USD", "", "60", "45", "30", "1"),
    ("Brake caliper", "870830", "Pune Castings Pvt Ltd", "IN", "830000", "USD", "", "40", "35", "21", "0"),
)


def template_csv(language: str) -> bytes:
    """The template in `language`: headers in that language and two example rows, UTF-8 with
    a BOM so that Excel opens it with the right characters."""
    with override(language if language in TEMPLATE_LANGUAGES else "en"):
        headers = [str(c.label) for c in COLUMNS]
    return spreadsheets.csv_bytes([headers, *EXAMPLE_ROWS])
