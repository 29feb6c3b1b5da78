"""The home page's "first window" becomes the site setting services.DirectorySettings.general_window, which the
search and the finder read too. Each home page's choice is carried over to its sites before the field goes."""

from django.db import migrations


def carry_over(apps, schema_editor):
    HomePage = apps.get_model("home", "HomePage")
    Site = apps.get_model("wagtailcore", "Site")
    DirectorySettings = apps.get_model("services", "DirectorySettings")
    for home in HomePage.objects.exclude(first_window=None):
        for site in Site.objects.filter(root_page_id=home.pk):
            setting, _created = DirectorySettings.objects.get_or_create(site=site)
            setting.general_window_id = home.first_window_id
            setting.save()


def carry_back(apps, schema_editor):
    HomePage = apps.get_model("home", "HomePage")
    DirectorySettings = apps.get_model("services", "DirectorySettings")
    for setting in DirectorySettings.objects.exclude(general_window=None).select_related("site"):
        HomePage.objects.filter(pk=setting.site.root_page_id).update(first_window_id=setting.general_window_id)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_planpage"),
        ("services", "0005_general_window_setting"),
    ]

    operations = [
        migrations.RunPython(carry_over, carry_back),
        migrations.RemoveField(model_name="homepage", name="first_window"),
    ]
