"""The Job model moved to the ``jobs`` app: rename its table, keep every row.

The state forgets the model here; ``jobs.0001_initial`` declares it again
without touching the database, so an existing database keeps its jobs.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("scenarios", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="Job", table="jobs_job"),
            ],
            state_operations=[
                migrations.DeleteModel(name="Job"),
            ],
        ),
    ]
