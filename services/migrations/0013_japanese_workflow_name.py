"""The moderation workflow speaks Japanese: Wagtail creates it as "Moderators approval" (workflow and task), which
the Japanese admin showed as 「Moderators approvalに提出する」. Every page goes through one step, a moderator's
approval before anything goes live, so the workflow is 公開前の確認 and its task 管理者の承認. A workflow or task an
administrator has already renamed is left alone."""

from django.db import migrations

NAMES = [("Workflow", "Moderators approval", "公開前の確認"), ("Task", "Moderators approval", "管理者の承認")]


def rename(apps, schema_editor, forward=True):
    for model, english, japanese in NAMES:
        old, new = (english, japanese) if forward else (japanese, english)
        apps.get_model("wagtailcore", model).objects.filter(name=old).update(name=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0012_place_open_data"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
