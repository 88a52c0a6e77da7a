"""`CollectionStamp`: a token per collection that changes with its stored vectors and
lexical texts, so a process keeps what it derived from them until it changes. Collections
that already have vectors get their first token here (without one nothing is kept)."""

import uuid

import django.utils.timezone
from django.db import migrations, models


def stamp_existing(apps, schema_editor):
    Embedding = apps.get_model("matching", "Embedding")
    CollectionStamp = apps.get_model("matching", "CollectionStamp")
    names = Embedding.objects.values_list("collection", flat=True).distinct()
    CollectionStamp.objects.bulk_create([CollectionStamp(collection=name, stamp=uuid.uuid4().hex) for name in names])


class Migration(migrations.Migration):

    dependencies = [
        ("matching", "0003_lexical_text"),
    ]

    operations = [
        migrations.CreateModel(
            name="CollectionStamp",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("collection", models.CharField(max_length=20, unique=True)),
                ("stamp", models.CharField(max_length=32)),
                ("changed_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
        migrations.RunPython(stamp_existing, migrations.RunPython.noop),
    ]
