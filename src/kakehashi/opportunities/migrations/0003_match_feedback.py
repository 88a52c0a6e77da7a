"""`MatchFeedback`: an organisation's verdict (saved, dismissed) on one of its opportunity's matches,
keyed by the pair (opportunity, other) so it survives the matches being recomputed."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('opportunities', '0002_match'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='MatchFeedback',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('verdict', models.CharField(choices=[('saved', 'Saved'), ('dismissed', 'Not relevant')], max_length=10, verbose_name='verdict')),
                ('score', models.FloatField(blank=True, null=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('opportunity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='match_feedback', to='opportunities.opportunity')),
                ('other', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='opportunities.opportunity')),
                ('user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'match feedback',
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['verdict', 'opportunity'], name='opportuniti_verdict_c86a5f_idx')],
                'constraints': [models.UniqueConstraint(fields=('opportunity', 'other'), name='one_feedback_per_match')],
            },
        ),
    ]
