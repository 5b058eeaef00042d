"""The Job model, moved here from the ``scenarios`` app (see scenarios.0002).

The table was renamed there; this migration only declares the model in the
state, so no data is lost on an existing database.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("maps", "0001_initial"),
        ("scenarios", "0002_move_job_to_jobs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='Job',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('version_number', models.PositiveIntegerField(verbose_name='kaartversie')),
                    ('kind', models.CharField(choices=[('simulate', 'scenario doorrekenen'), ('criticality', 'structurele criticaliteit'), ('time_aware_criticality', 'criticaliteit met tijd')], max_length=40, verbose_name='soort')),
                    ('params', models.JSONField(blank=True, default=dict, verbose_name='parameters')),
                    ('status', models.CharField(choices=[('queued', 'in de wachtrij'), ('running', 'bezig'), ('done', 'klaar'), ('failed', 'mislukt')], default='queued', max_length=20, verbose_name='status')),
                    ('progress_done', models.PositiveIntegerField(default=0)),
                    ('progress_total', models.PositiveIntegerField(default=0)),
                    ('result', models.JSONField(blank=True, null=True)),
                    ('error', models.TextField(blank=True)),
                    ('created', models.DateTimeField(auto_now_add=True)),
                    ('started', models.DateTimeField(blank=True, null=True)),
                    ('finished', models.DateTimeField(blank=True, null=True)),
                    ('map', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='jobs', to='maps.riskmaprecord')),
                    ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'taak',
                    'verbose_name_plural': 'taken',
                    'ordering': ['-created', '-pk'],
                    'indexes': [models.Index(fields=['status', 'created'], name='job_queue')],
                },
            ),
            ],
            database_operations=[],
        ),
    ]
