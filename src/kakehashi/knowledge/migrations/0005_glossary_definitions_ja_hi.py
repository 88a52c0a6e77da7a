"""Fill in the Japanese and Hindi definitions of the seeded glossary terms (knowledge.facts),
where a term still has none."""

from django.db import migrations

from kakehashi.knowledge.facts import load_terms


def fill(apps, schema_editor):
    load_terms(apps.get_model("knowledge", "Term"))


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0004_seed_glossary")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
