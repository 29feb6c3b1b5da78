"""A stable open-data id per program page: uuid5 of plan_name for the plan's programs (the same on every install),
a random one for entries editors added."""

import uuid

from django.db import migrations, models

OPEN_DATA_NAMESPACE = uuid.UUID("5b0e6f4e-3c2a-5d1e-9f61-2f0c8a7d4b13")  # services.models.pages.OPEN_DATA_NAMESPACE


def give_ids(apps, schema_editor):
    ServicePage = apps.get_model("services", "ServicePage")
    for page in ServicePage.objects.all():
        page.open_data_id = uuid.uuid5(OPEN_DATA_NAMESPACE, page.plan_name) if page.plan_name else uuid.uuid4()
        page.save(update_fields=["open_data_id"])


class Migration(migrations.Migration):
    dependencies = [("services", "0007_department_rights_data")]

    operations = [
        migrations.AddField(
            model_name="servicepage",
            name="open_data_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="servicepage",
            name="open_data_id",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                help_text="The id of this entry in the open data and HSDS; never changes.",
                unique=True,
                verbose_name="open data id",
            ),
        ),
    ]
