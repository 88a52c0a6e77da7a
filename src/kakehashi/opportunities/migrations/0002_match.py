"""`Match` moves here from the matching engine: added to this app's state only, on the
existing table `matching_match` (no data moves; matching 0002 removes it from its state)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("opportunities", "0001_initial"),
        ("matching", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Match",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("score", models.FloatField()),
                        ("signals", models.JSONField(default=dict)),
                        ("computed_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("first_seen_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("notified_at", models.DateTimeField(blank=True, null=True)),
                        ("opportunity", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="matches", to="opportunities.opportunity")),
                        ("other", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="opportunities.opportunity")),
                    ],
                    options={
                        "db_table": "matching_match",
                        "ordering": ["-score", "id"],
                        "constraints": [models.UniqueConstraint(fields=("opportunity", "other"), name="one_match_per_pair")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
