"""`Match` belongs to the opportunities app now (opportunities 0002): removed from this
app's state only; the table `matching_match` and its rows stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("matching", "0001_initial"),
        ("opportunities", "0002_match"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Match")],
            database_operations=[],
        ),
    ]
