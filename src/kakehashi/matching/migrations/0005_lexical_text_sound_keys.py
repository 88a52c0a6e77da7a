"""Each lexical text's sound keys, stored with it (`lexical.dump_keys`) so that a search reads
them instead of computing them for every scored text. Existing rows are filled here. On
SQLite the FTS5 update trigger now fires only when the text itself changes (writing the keys
does not re-index the text)."""

from django.db import migrations, models

from kakehashi.matching.lexical import dump_keys

BATCH = 1000
SQLITE_TEXT_ONLY = [
    "DROP TRIGGER IF EXISTS matching_lexical_au",
    "CREATE TRIGGER matching_lexical_au AFTER UPDATE OF text ON matching_lexicaltext BEGIN "
    "INSERT INTO matching_lexical_fts(matching_lexical_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO matching_lexical_fts(rowid, text) VALUES (new.id, new.text); END",
]
SQLITE_ANY_UPDATE = [
    "DROP TRIGGER IF EXISTS matching_lexical_au",
    "CREATE TRIGGER matching_lexical_au AFTER UPDATE ON matching_lexicaltext BEGIN "
    "INSERT INTO matching_lexical_fts(matching_lexical_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO matching_lexical_fts(rowid, text) VALUES (new.id, new.text); END",
]


def _run(schema_editor, statements):
    if schema_editor.connection.vendor == "sqlite":
        for statement in statements:
            schema_editor.execute(statement)


def fill_keys(apps, schema_editor):
    _run(schema_editor, SQLITE_TEXT_ONLY)
    model = apps.get_model("matching", "LexicalText")
    last = 0
    while True:
        rows = list(model.objects.filter(id__gt=last, sound_keys__isnull=True).order_by("id").only("id", "text")[:BATCH])
        if not rows:
            return
        for row in rows:
            row.sound_keys = dump_keys(row.text)
        model.objects.bulk_update(rows, ["sound_keys"], batch_size=BATCH)
        last = rows[-1].id


def restore_trigger(apps, schema_editor):
    _run(schema_editor, SQLITE_ANY_UPDATE)


class Migration(migrations.Migration):

    dependencies = [
        ("matching", "0004_collection_stamp"),
    ]

    operations = [
        migrations.AddField(
            model_name="lexicaltext",
            name="sound_keys",
            field=models.TextField(blank=True, null=True),
        ),
        migrations.RunPython(fill_keys, restore_trigger),
    ]
