"""Load the ISIC Rev.4 sections and divisions (en/ja/hi) shipped in core/data/isic_rev4.json."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "isic_rev4.json"


def load(apps, schema_editor):
    Sector = apps.get_model("core", "Sector")
    entries = json.loads(DATA.read_text(encoding="utf-8"))
    for entry in entries:  # sections come first, so every parent exists before its divisions
        Sector.objects.update_or_create(
            code=entry["code"],
            defaults={
                "level": entry["level"],
                "parent_id": entry["parent"],
                "name_en": entry["name_en"],
                "name_ja": entry["name_ja"],
                "name_hi": entry["name_hi"],
            },
        )


def unload(apps, schema_editor):
    apps.get_model("core", "Sector").objects.filter(level="division").delete()
    apps.get_model("core", "Sector").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
