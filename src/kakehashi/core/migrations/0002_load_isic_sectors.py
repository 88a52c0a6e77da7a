"""Load the ISIC Rev.4 sections and divisions (en/ja/hi) shipped in core/data/isic_rev4.json."""

from django.db import migrations


def load(apps, schema_editor):
    from kakehashi.core.sectors import load_isic

    load_isic(apps.get_model("core", "Sector"))


def unload(apps, schema_editor):
    Sector = apps.get_model("core", "Sector")
    Sector.objects.filter(level="division").delete()
    Sector.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
