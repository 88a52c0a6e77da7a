"""The lexical side of search: `LexicalText` (a document's normalised whole text) and, per
database vendor, its index. SQLite: an FTS5 table with the trigram tokenizer over the rows
(external content, kept in step by triggers). PostgreSQL: the pg_trgm extension and a GIN
trigram index, which serves LIKE on any substring of three characters or more."""

from django.db import migrations, models

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE matching_lexical_fts USING fts5("
    "text, content='matching_lexicaltext', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER matching_lexical_ai AFTER INSERT ON matching_lexicaltext BEGIN "
    "INSERT INTO matching_lexical_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER matching_lexical_ad AFTER DELETE ON matching_lexicaltext BEGIN "
    "INSERT INTO matching_lexical_fts(matching_lexical_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER matching_lexical_au AFTER UPDATE ON matching_lexicaltext BEGIN "
    "INSERT INTO matching_lexical_fts(matching_lexical_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO matching_lexical_fts(rowid, text) VALUES (new.id, new.text); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS matching_lexical_au",
    "DROP TRIGGER IF EXISTS matching_lexical_ad",
    "DROP TRIGGER IF EXISTS matching_lexical_ai",
    "DROP TABLE IF EXISTS matching_lexical_fts",
]
POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX matching_lexicaltext_trgm ON matching_lexicaltext USING gin (text gin_trgm_ops)",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS matching_lexicaltext_trgm"]


def create_index(apps, schema_editor):
    statements = {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ("matching", "0002_match_moves_to_opportunities"),
    ]

    operations = [
        migrations.CreateModel(
            name="LexicalText",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("collection", models.CharField(max_length=20)),
                ("object_id", models.PositiveBigIntegerField()),
                ("text", models.TextField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("collection", "object_id"), name="one_lexical_text_per_document")
                ],
            },
        ),
        migrations.RunPython(create_index, drop_index),
    ]
