"""The admin's directory import in a real browser: upload the edited file, see the preview, apply."""

import pytest

from .factories import PASSWORD, ModeratorFactory, japanese_admin
from .test_open_data_admin_import import csv_upload
from .test_open_data_directory import GENERAL_WINDOW, download_rows, page_for, row_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_upload_preview_and_apply_the_directory_file(browse, client):
    moderator = ModeratorFactory(username="import-moderator")
    japanese_admin(moderator)
    rows = download_rows(client)
    row_for(rows, GENERAL_WINDOW)["phone"] = "042-335-4000"
    page = browse.page()
    page.goto("/admin/login/")
    page.fill("#id_username", moderator.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto("/admin/directory/import/")
    page.set_input_files(
        "#id_file", files=[{"name": "directory.csv", "mimeType": "text/csv", "buffer": csv_upload(rows).getvalue()}]
    )
    page.click("text=アップロードして確認する")
    preview = page.locator("table.import-preview")
    assert "042-335-4000" in preview.inner_text() and "phone" in preview.inner_text()
    assert page_for(GENERAL_WINDOW).main_contact is None
    page.click("text=この変更を反映する")
    assert "公開しました" in page.locator(".import-applied").inner_text()
    assert page_for(GENERAL_WINDOW).main_contact.phone == "042-335-4000"
