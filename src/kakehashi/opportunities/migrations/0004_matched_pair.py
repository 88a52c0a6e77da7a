"""`MatchedPair`: when two opportunities were first matched, kept through recomputed matches.

Backfilled from the `Match` rows there are: a pair's date is the earliest of its two rows'
`first_seen_at`, but not later than the day both opportunities were live (the later of the
two `published_at`), because a reindex (a new model, the demo's first run) computes old pairs
again on one day and would otherwise date them all then. Pairs no longer matched today left
no trace and cannot be recovered."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def backfill(apps, schema_editor):
    Match = apps.get_model("opportunities", "Match")
    MatchedPair = apps.get_model("opportunities", "MatchedPair")
    first: dict[tuple[int, int], object] = {}
    rows = Match.objects.values_list(
        "opportunity_id", "other_id", "first_seen_at", "opportunity__published_at", "other__published_at"
    )
    for a, b, seen, published_a, published_b in rows.iterator(chunk_size=2000):
        when = seen
        if published_a is not None and published_b is not None:
            when = min(seen, max(published_a, published_b))
        if a == b:
            continue
        pair = (min(a, b), max(a, b))
        if pair not in first or when < first[pair]:
            first[pair] = when
    MatchedPair.objects.bulk_create(
        [MatchedPair(low_id=low, high_id=high, first_matched_at=when) for (low, high), when in first.items()],
        batch_size=2000, ignore_conflicts=True,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('opportunities', '0003_match_feedback'),
    ]

    operations = [
        migrations.CreateModel(
            name='MatchedPair',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('first_matched_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ('high', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='opportunities.opportunity')),
                ('low', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='opportunities.opportunity')),
            ],
            options={
                'ordering': ['first_matched_at', 'id'],
                'constraints': [models.UniqueConstraint(fields=('low', 'high'), name='one_matched_pair'), models.CheckConstraint(condition=models.Q(('low__lt', models.F('high'))), name='matched_pair_ordered')],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
