"""Seed the glossary with the terms of knowledge.facts."""

from django.db import migrations

from kakehashi.knowledge.facts import TERMS, load_terms


def seed(apps, schema_editor):
    load_terms(apps.get_model("knowledge", "Term"))


def unseed(apps, schema_editor):
    apps.get_model("knowledge", "Term").objects.filter(en__in=[t[0] for t in TERMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0003_glossary_terms")]

    operations = [migrations.RunPython(seed, unseed)]
