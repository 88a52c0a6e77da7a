"""Load the SSW fields and programme rules of talent.rules (public facts with their sources)."""

from django.db import migrations

from kakehashi.talent.rules import FIELDS, RULES, load_rules


def seed(apps, schema_editor):
    load_rules(apps.get_model("talent", "SswField"), apps.get_model("talent", "Rule"))


def unseed(apps, schema_editor):
    apps.get_model("talent", "SswField").objects.filter(code__in=[row[0] for row in FIELDS]).delete()
    apps.get_model("talent", "Rule").objects.filter(key__in=[row["key"] for row in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("talent", "0001_ssw_fields_and_rules")]

    operations = [migrations.RunPython(seed, unseed)]
