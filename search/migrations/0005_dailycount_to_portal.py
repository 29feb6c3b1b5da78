"""DailyCount now lives in portal (portal/migrations/0001): search forgets it, its table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_dailycount"),
        ("portal", "0001_dailycount_from_search"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DailyCount")],
            database_operations=[],
        ),
    ]
