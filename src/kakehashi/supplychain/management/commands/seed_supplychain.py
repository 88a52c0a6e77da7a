"""`kakehashi seed_supplychain` (run by `kakehashi seed-demo` after the opportunities): the
supplier lists of two demo organisations, imported through the same services as an upload,
with their saved analyses.

- Owari Electric Components (Kariya, Japan; Tier-1 automotive electrical supplier): a
  Shift_JIS file in Japanese with 70 % of its spend in China (version 1), then a second
  version that moved part of the harness and die-casting spend to India and Thailand, so the
  comparison shows the effect.
- Yamuna Electronics (Noida, India; electronics manufacturing services): a UTF-8 file in
  English (some countries in Hindi), its components concentrated in China and Taiwan.

Invented but plausible figures (annual spend in JPY and INR); deterministic and idempotent
(a list already there is left alone).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kakehashi.accounts import people

from ... import services
from ...models import SupplierList

JA_HEADER = "品目,HSコード,仕入先,国,年間調達額,通貨,数量シェア,リードタイム（日）,在庫日数,認定代替先数"
EN_HEADER = "Item,HS code,Supplier,Supplier country,Annual spend,Currency,Volume share (%),Lead time (days),Inventory cover (days),Qualified alternates"

# (item, HS, [(supplier, country, spend in millions, share %, lead time, cover, alternates)])
OWARI_V1: list[tuple[str, str, list[tuple[str, str, float, int, int, int, int]]]] = [
    ("ワイヤーハーネス", "854430", [("蘇州華盛線束", "中国", 820, 100, 35, 21, 0)]),
    ("アルミダイカスト部品", "760429", [("寧波精密圧鋳", "中国", 540, 80, 40, 28, 1), ("東海ダイカスト", "日本", 135, 20, 10, 14, 0)]),
    ("プリント基板実装", "853400", [("深セン新電子", "中国", 460, 70, 30, 20, 1), ("Hanoi PCB Assembly", "Viet Nam", 200, 30, 28, 20, 0)]),
    ("車載用マイコン", "854231", [("台湾微控", "台湾", 610, 100, 84, 45, 0)]),
    ("ネオジム磁石", "850511", [("包頭稀土磁材", "中国", 390, 100, 60, 30, 0)]),
    ("樹脂成形部品", "392690", [("大連塑料", "中国", 210, 60, 30, 25, 1), ("Siam Plastics", "タイ", 140, 40, 21, 25, 1)]),
    ("鍛造クランクシャフト", "848310", [("Bharat Forge Pune", "インド", 180, 50, 45, 40, 1), ("天津鍛造", "中国", 180, 50, 40, 40, 0)]),
    ("リチウムイオン電池セル", "850760", [("寧徳電池", "中国", 720, 90, 56, 30, 0), ("Korea Cell", "韓国", 80, 10, 30, 30, 0)]),
    ("コネクタ端子", "853690", [("東莞コネクタ", "中国", 150, 100, 30, 15, 0)]),
    ("ゴムシール", "401693", [("Chennai Rubber Works", "India", 60, 50, 35, 30, 1), ("常州ゴム工業", "中国", 60, 50, 30, 30, 1)]),
]
# Version 2: part of the harness and die-casting spend moved to India and Thailand.
OWARI_V2 = [
    ("ワイヤーハーネス", "854430", [("蘇州華盛線束", "中国", 500, 60, 35, 21, 1), ("Hosur Wiring Harness", "インド", 320, 40, 30, 21, 1)]),
    ("アルミダイカスト部品", "760429", [("寧波精密圧鋳", "中国", 300, 45, 40, 28, 1), ("東海ダイカスト", "日本", 135, 20, 10, 14, 1),
                                       ("Thai Diecast", "タイ", 240, 35, 25, 28, 1)]),
    *OWARI_V1[2:],
]
YAMUNA = [
    ("PCB assembly - SMT boards", "853400", [("Shenzhen Fastboard", "China", 95, 70, 28, 20, 1), ("Yamuna in-house line", "India", 40, 30, 5, 10, 0)]),
    ("Microcontrollers", "854231", [("Hsinchu Micro", "Taiwan", 210, 100, 90, 35, 0)]),
    ("Lithium-ion battery packs", "850760", [("Ningbo Power Cells", "चीन", 160, 85, 45, 25, 0), ("Hanwha Cells", "Korea", 28, 15, 30, 25, 0)]),
    ("LCD display modules", "852410", [("BOE Display", "China", 130, 100, 40, 20, 0)]),
    ("Injection-moulded enclosures", "392690", [("Pune Polymers", "भारत", 45, 60, 14, 20, 1), ("Dongguan Moulds", "China", 30, 40, 30, 20, 1)]),
    ("Passive components (MLCC)", "853224", [("Murata Trading", "Japan", 55, 50, 60, 40, 1), ("Fenghua Advanced", "CN", 55, 50, 35, 40, 0)]),
    ("Copper wire harnesses", "854430", [("Hosur Wiring Harness", "IN", 35, 100, 10, 15, 1)]),
    ("Power semiconductors (MOSFET)", "854129", [("Kumamoto SiC Devices", "日本", 40, 40, 70, 30, 0), ("Wuxi Power Semi", "China", 60, 60, 45, 30, 0)]),
]
LISTS: list[dict[str, Any]] = [
    {"organisation": "owari-electric-components", "name": "調達先一覧（自動車部品）", "versions": [OWARI_V1, OWARI_V2],
     "header": JA_HEADER, "currency": "JPY", "unit": 1_000_000, "encoding": "cp932", "file": "調達先一覧.csv"},
    {"organisation": "yamuna-electronics", "name": "Component suppliers FY2026", "versions": [YAMUNA],
     "header": EN_HEADER, "currency": "INR", "unit": 100_000, "encoding": "utf-8", "file": "component-suppliers.csv"},
]


def csv_bytes(spec: dict[str, Any], rows: list[tuple[str, str, list[tuple[str, str, float, int, int, int, int]]]]) -> bytes:
    lines = [spec["header"]]
    for item, hs, suppliers in rows:
        for supplier, country, spend, share, lead, cover, alternates in suppliers:
            lines.append(f"{item},{hs},{supplier},{country},{int(spend * spec['unit'])},{spec['currency']},{share},{lead},{cover},{alternates}")
    return ("\r\n".join(lines) + "\r\n").encode(spec["encoding"])


class Command(BaseCommand):
    help = "Load the demo supplier lists with their analyses (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        made = 0
        for spec in LISTS:
            organisation = people.organisation_by_slug(spec["organisation"])
            if organisation is None:
                continue
            uploader = people.people_of(organisation.pk).order_by("pk").first()
            if uploader is None or SupplierList.objects.filter(organisation_id=organisation.pk, name=spec["name"]).exists():
                continue
            for rows in spec["versions"]:
                supplier_list = services.upload_list(uploader, organisation.pk, spec["name"], spec["file"], csv_bytes(spec, rows))
                services.run_import(supplier_list.pk)  # now, whatever the task backend: the demo shows analyses at once
                made += 1
        self.stdout.write(f"supplier lists: {made} imported")
