"""Seed the agreements timeline with the agreements of knowledge.facts."""

from django.db import migrations

from kakehashi.knowledge.facts import AGREEMENTS, load_agreements


def seed(apps, schema_editor):
    load_agreements(apps.get_model("knowledge", "Agreement"))


def unseed(apps, schema_editor):
    apps.get_model("knowledge", "Agreement").objects.filter(slug__in=[row["slug"] for row in AGREEMENTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_agreements_and_item_links")]

    operations = [migrations.RunPython(seed, unseed)]
