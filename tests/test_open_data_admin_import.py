"""The admin's directory import: upload, a field-by-field preview, apply; the uploader's rights and moderation hold."""

import csv
import io

import pytest

from services.models import ServicePage

from .test_open_data_directory import GENERAL_WINDOW, download_rows, page_for, row_for

pytestmark = pytest.mark.django_db
URL = "/admin/directory/import/"


def csv_upload(rows, name="directory.csv"):
    handle = io.StringIO()
    writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    upload = io.BytesIO(("\ufeff" + handle.getvalue()).encode())
    upload.name = name
    return upload


def test_a_moderator_previews_every_change_then_applies_and_it_is_published(client, moderator):
    rows = download_rows(client)
    row_for(rows, GENERAL_WINDOW)["phone"] = "042-335-4000"
    row_for(rows, GENERAL_WINDOW)["hours"] = "平日 8時30分から17時まで"
    client.force_login(moderator)
    preview = client.post(URL, {"file": csv_upload(rows)})
    text = preview.content.decode()
    assert preview.status_code == 200
    assert "042-335-4000" in text and "平日 8時30分から17時まで" in text and "この変更を反映する" in text
    page = page_for(GENERAL_WINDOW)
    assert page.main_contact is None  # the preview writes nothing
    encoded = preview.context["encoded"]
    applied = client.post(URL, {"encoded": encoded, "name": "directory.csv", "apply": "1"})
    assert "公開しました" in applied.content.decode()
    page.refresh_from_db()
    assert page.main_contact.phone == "042-335-4000"
    assert page.live_revision.user == moderator


def test_a_department_editors_change_goes_to_approval_not_live(client, department_editor):
    rows = download_rows(client)
    row_for(rows, GENERAL_WINDOW)["phone"] = "042-335-4000"  # 地域福祉推進課's own program
    client.force_login(department_editor)
    preview = client.post(URL, {"file": csv_upload(rows)})
    assert "承認の依頼" in preview.content.decode()
    assert "encoded" in preview.context, preview.content.decode()[-2500:]
    client.post(URL, {"encoded": preview.context["encoded"], "name": "directory.csv", "apply": "1"})
    page = page_for(GENERAL_WINDOW)
    assert page.main_contact is None  # still not live
    assert page.workflow_in_progress and page.has_unpublished_changes


def test_a_department_editor_may_not_touch_another_departments_page_or_the_department(client, department_editor):
    rows = download_rows(client)
    row_for(rows, "教育相談")["phone"] = "042-335-4000"  # 教育部指導室
    row_for(rows, GENERAL_WINDOW)["department"] = "地域福祉推進課、健康推進課"
    client.force_login(department_editor)
    answer = client.post(URL, {"file": csv_upload(rows)}).content.decode()
    assert "あなたの課のページではない" in answer and "承認者だけ" in answer
    assert page_for("教育相談").main_contact is None
    assert [d.name for d in page_for(GENERAL_WINDOW).departments.all()] == ["地域福祉推進課"]


def test_a_bad_file_is_rejected_whole_with_its_rows_named(client, moderator):
    rows = download_rows(client)
    row_for(rows, GENERAL_WINDOW)["phone"] = "abc"
    number = 2 + rows.index(row_for(rows, GENERAL_WINDOW))
    client.force_login(moderator)
    answer = client.post(URL, {"file": csv_upload(rows)}).content.decode()
    assert f"{number}行目「phone」列" in answer
    assert ServicePage.objects.get(plan_name=GENERAL_WINDOW).main_contact is None


def test_the_import_page_is_in_the_admin_menu_in_japanese(client, moderator):
    client.force_login(moderator)
    menu = client.get("/admin/").content.decode()
    assert URL in menu and "\\u4e8b\\u696d\\u4e00\\u89a7" in menu  # the sidebar's JSON: 「事業一覧…」
    page = client.get(URL)
    assert page.status_code == 200 and "事業一覧の取り込み" in page.content.decode()
