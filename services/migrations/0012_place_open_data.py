"""A stable open-data id per place to belong (every existing place gets its own), and the editor's consent to publish
a place's contact (off: it is often a volunteer's own phone)."""

import uuid

from django.db import migrations, models


def give_ids(apps, schema_editor):
    PlacePage = apps.get_model("services", "PlacePage")
    for page in PlacePage.objects.all():
        page.open_data_id = uuid.uuid4()
        page.save(update_fields=["open_data_id"])


class Migration(migrations.Migration):
    dependencies = [("services", "0011_translation_state")]

    operations = [
        migrations.AddField(
            model_name="placepage",
            name="open_data_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="placepage",
            name="open_data_id",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                help_text="The id of this place in the open data; never changes.",
                unique=True,
                verbose_name="open data id",
            ),
        ),
        migrations.AddField(
            model_name="placepage",
            name="publish_contact",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "The phone number and the group's name are often a volunteer's own: tick only when they agreed to "
                    "have them in the open data files."
                ),
                verbose_name="publish the contact as open data",
            ),
        ),
    ]
