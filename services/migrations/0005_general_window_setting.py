"""The general window becomes one site setting editors choose (Settings → Directory). Each site starts with the
plan's 福祉総合相談窓口 page, as search and the finder found it until now; home/migrations/0004 then carries over
the home page's own choice (its "first window"), which editors may have changed."""

import django.db.models.deletion
from django.db import migrations, models


GENERAL_WINDOW_PLAN_NAME = "福祉総合相談窓口"


def choose_general_window(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    ServicePage = apps.get_model("services", "ServicePage")
    DirectorySettings = apps.get_model("services", "DirectorySettings")
    window = ServicePage.objects.filter(plan_name=GENERAL_WINDOW_PLAN_NAME, live=True).first()
    if window is None:
        return
    for site in Site.objects.all():
        setting, _created = DirectorySettings.objects.get_or_create(site=site)
        if setting.general_window_id is None:
            setting.general_window_id = window.pk
            setting.save()


class Migration(migrations.Migration):

    dependencies = [
        ('services', '0004_placepage_placeschedule'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.CreateModel(
            name='DirectorySettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('general_window', models.ForeignKey(blank=True, help_text='The window for residents who do not know where to ask: shown first on the home page, beside every search and in the consultation finder. Choose the general welfare consultation window.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='services.servicepage', verbose_name='first window')),
                ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
            ],
            options={
                'verbose_name': 'The window shown first',
            },
        ),
        migrations.RunPython(choose_general_window, migrations.RunPython.noop),
    ]
