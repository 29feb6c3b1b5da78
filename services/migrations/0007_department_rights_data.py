"""Editing rights follow the departments (services.rights).

- Wagtail's Editors group loses its add and edit rights on the root page: they let any editor change every page
  (another department's, the home page, the plan) and create pages under Root, where a page has no URL. A
  department's editors get their pages from Department.editors instead.
- The Moderators group may change the locked fields (計画書の事業名, 所管課, the sample flag).
- The departments' editor groups get the rights their departments give them now.
"""

from django.db import migrations

PROGRAM_PERMISSIONS = ("change_page",)
AREA_PERMISSIONS = ("add_page", "change_page")


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Page = apps.get_model("wagtailcore", "Page")
    Department = apps.get_model("services", "Department")
    ServicePage = apps.get_model("services", "ServicePage")
    AreaPage = apps.get_model("services", "AreaPage")

    content_type, _created = ContentType.objects.get_or_create(app_label="services", model="servicepage")
    locked, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename="change_locked_fields",
        defaults={"name": "Can change the plan's name, the departments and the sample flag"},
    )
    for moderators in Group.objects.filter(name="Moderators"):
        moderators.permissions.add(locked)

    roots = Page.objects.filter(depth=1)
    GroupPagePermission.objects.filter(group__name="Editors", page__in=roots).delete()

    page_type, _created = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    permissions = {}
    for codename in set(PROGRAM_PERMISSIONS + AREA_PERMISSIONS):
        permissions[codename], _created = Permission.objects.get_or_create(
            content_type=page_type, codename=codename, defaults={"name": codename.replace("_", " ")}
        )
    for department in Department.objects.exclude(editors=None):
        for page in ServicePage.objects.filter(departments=department):
            for codename in PROGRAM_PERMISSIONS:
                GroupPagePermission.objects.get_or_create(
                    group_id=department.editors_id, page_id=page.pk, permission=permissions[codename]
                )
        for page in AreaPage.objects.filter(department=department):
            for codename in AREA_PERMISSIONS:
                GroupPagePermission.objects.get_or_create(
                    group_id=department.editors_id, page_id=page.pk, permission=permissions[codename]
                )


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0006_department_rights"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
