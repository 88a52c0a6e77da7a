from django.core.validators import MaxValueValidator
from django.db import migrations, models


class Migration(migrations.Migration):
    """Simulations run in a task: status, progress and the worker's claim on the row. The
    simulations saved before ran in their request and are done."""

    dependencies = [
        ("supplychain", "0002_country_weights_and_simulations"),
    ]

    operations = [
        migrations.AddField(
            model_name="simulation",
            name="status",
            field=models.CharField(
                choices=[("queued", "waiting to start"), ("running", "running"), ("done", "done"), ("failed", "could not be run")],
                db_index=True, default="done", max_length=8, verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="simulation",
            name="status",
            field=models.CharField(
                choices=[("queued", "waiting to start"), ("running", "running"), ("done", "done"), ("failed", "could not be run")],
                db_index=True, default="queued", max_length=8, verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="simulation",
            name="progress",
            field=models.PositiveSmallIntegerField(default=100, validators=[MaxValueValidator(100)], verbose_name="progress (%)"),
        ),
        migrations.AlterField(
            model_name="simulation",
            name="progress",
            field=models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)], verbose_name="progress (%)"),
        ),
        migrations.AddField(
            model_name="simulation",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="attempts"),
        ),
        migrations.AddField(
            model_name="simulation",
            name="heartbeat_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last sign of life"),
        ),
        migrations.AddField(
            model_name="simulation",
            name="finished_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="finished"),
        ),
        migrations.AddField(
            model_name="simulation",
            name="error",
            field=models.CharField(blank=True, max_length=20, verbose_name="error"),
        ),
    ]
