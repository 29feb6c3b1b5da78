"""DailyCount moves from search to portal (reach counts measure the whole site). Only Django's idea of it moves:
the table keeps its name (search_dailycount) and every row, and its content type is relabelled, so the
permission to download the counts, and whoever holds it, stays."""

from django.db import migrations, models


def relabel_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="portal", model="dailycount").exists():
        ContentType.objects.filter(app_label="search", model="dailycount").update(app_label="portal")


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="search", model="dailycount").exists():
        ContentType.objects.filter(app_label="portal", model="dailycount").update(app_label="search")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("search", "0004_dailycount"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DailyCount",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("date", models.DateField(verbose_name="date")),
                        ("metric", models.CharField(max_length=40, verbose_name="what was counted")),
                        ("language", models.CharField(max_length=10, verbose_name="language")),
                        ("count", models.PositiveIntegerField(default=0, verbose_name="count")),
                    ],
                    options={
                        "verbose_name": "daily count",
                        "verbose_name_plural": "daily counts",
                        "db_table": "search_dailycount",
                        "ordering": ["-date", "metric", "language"],
                        "permissions": [("export_dailycount", "Can download the reach counts")],
                        "default_permissions": (),
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("date", "metric", "language"), name="one_count_per_metric_a_day"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_type, restore_content_type),
    ]
