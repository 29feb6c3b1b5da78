"""place-directory files come back in: through `manage.py import_directory` and the admin upload, all rows or none."""

import csv
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from services.models import AreaPage, Department, PlacePage
from services.opendata.places import DIRECTORY_COLUMNS

from .test_open_data_admin_import import csv_upload
from .test_open_data_places import D, directory_rows, place_in

pytestmark = pytest.mark.django_db
URL = "/admin/directory/import/"


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def row_of(rows, place):
    return next(row for row in rows if row["id"] == str(place.open_data_id))


def number_of(rows, place):
    """The spreadsheet's row number (the header is row 1)."""
    return 2 + rows.index(row_of(rows, place))


def fresh(place):
    return PlacePage.objects.get(pk=place.pk)


def test_edit_cells_dry_run_changes_nothing_then_import_publishes_only_the_changed_place(client, tmp_path, capsys):
    place, other = place_in(cost="無料"), place_in(area_slug="chuo")
    rows = directory_rows(client)
    row = row_of(rows, place)
    row["cost"] = "100円"
    row["schedule"] = "毎月第2・第4水曜 10:00-12:00\n毎週金曜 14:00-16:00"
    row["closed_months"] = "8"
    row["cancelled_dates"] = "2027-09-08"
    path = write_csv(tmp_path / "place-directory.csv", rows)
    before, other_before = place.live_revision_id, other.live_revision_id

    call_command("import_directory", path, "--dry-run")
    out = capsys.readouterr().out
    assert f"{number_of(rows, place)}行目 {place.title}" in out and "「無料」 → 「100円」" in out
    assert fresh(place).live_revision_id == before and fresh(place).cost_ja == "無料"

    call_command("import_directory", path)
    changed = fresh(place)
    assert changed.live_revision_id != before and changed.cost_ja == "100円"
    assert [s.frequency for s in changed.schedules.all()] == ["monthly", "weekly"]
    assert not [day for day in changed.upcoming_dates(10, D(2027, 7, 29)) if day.month == 8 or day == D(2027, 9, 8)]
    assert fresh(other).live_revision_id == other_before
    again = directory_rows(client)
    assert row_of(again, place)["cost"] == "100円" and row_of(again, place)["closed_months"] == "8"
    assert row_of(again, place)["version"] == str(changed.live_revision_id)
    assert row_of(again, other) == row_of(rows, other)


def test_an_xlsx_round_trip_edited_with_a_spreadsheet_library(client, tmp_path):
    place = place_in()
    book = openpyxl.load_workbook(io.BytesIO(client.get("/open-data/place-directory.xlsx").content))
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("id")].value == str(place.open_data_id):
            row[header.index("venue")].value = "四谷文化センター 和室"
            row[header.index("extra_dates")].value = "2027-07-21"
    book.save(tmp_path / "place-directory.xlsx")
    call_command("import_directory", str(tmp_path / "place-directory.xlsx"), stdout=io.StringIO())
    changed = fresh(place)
    assert changed.venue_ja == "四谷文化センター 和室"
    assert D(2027, 7, 21) in changed.upcoming_dates(3, D(2027, 7, 15))
    assert row_of(directory_rows(client, "xlsx"), place)["venue"] == "四谷文化センター 和室"


def test_a_bad_file_is_rejected_whole_naming_each_row_and_column(client, tmp_path):
    good, bad_phone, bad_schedule = place_in(), place_in(), place_in(area_slug="chuo")
    rows = directory_rows(client)
    row_of(rows, good)["cost"] = "50円"  # a good change: not applied either
    row_of(rows, bad_phone)["contact_phone"] = "でんわ"
    row_of(rows, bad_schedule)["schedule"] = "ときどき"
    row_of(rows, bad_schedule)["extra_dates"] = "2027-13-01"
    new = dict.fromkeys(rows[0], "")
    new.update(area="どこにもない", title="新しいサロン", summary="説明です。")
    rows.append(new)
    with pytest.raises(CommandError) as raised:
        call_command("import_directory", write_csv(tmp_path / "place-directory.csv", rows))
    message = str(raised.value)
    assert f"{number_of(rows, bad_phone)}行目「contact_phone」列" in message and "電話番号ではありません" in message
    assert f"{number_of(rows, bad_schedule)}行目「schedule」列" in message and "ときどき" in message
    assert f"{number_of(rows, bad_schedule)}行目「extra_dates」列" in message
    assert f"{len(rows) + 1}行目「area」列" in message
    assert "何も変更していません" in message
    assert not fresh(good).cost_ja and not PlacePage.objects.filter(title="新しいサロン").exists()


def test_a_row_edited_after_the_export_or_with_a_pending_draft_is_refused(client, tmp_path):
    edited, drafted = place_in(), place_in()
    rows = directory_rows(client)
    row_of(rows, edited)["cost"] = "無料"
    row_of(rows, drafted)["cost"] = "無料"
    edited.summary_ja = "編集者が書き直しました。"
    edited.save_revision().publish()
    drafted.summary_ja = "下書きです。"
    drafted.save_revision()
    with pytest.raises(CommandError) as raised:
        call_command("import_directory", write_csv(tmp_path / "place-directory.csv", rows))
    message = str(raised.value)
    assert f"{number_of(rows, edited)}行目「version」列" in message and "書き出しの後に変更されました" in message
    assert f"{number_of(rows, drafted)}行目「version」列" in message and "下書き" in message
    assert fresh(edited).summary_ja == "編集者が書き直しました。" and not fresh(edited).cost_ja


def test_a_row_with_an_empty_id_creates_a_place_under_its_area(client, tmp_path):
    place_in()
    rows = directory_rows(client)
    new = dict.fromkeys(rows[0], "")
    new.update(
        area="四谷",
        title="四谷ふれあいサロン",
        summary="お茶を飲みながら話せる場です。",
        ages="高齢者（65歳以上）",
        schedule="毎月第1火曜 13:30-15:00",
        closed_months="8",
        publish_contact="いいえ",
    )
    rows.append(new)
    call_command("import_directory", write_csv(tmp_path / "place-directory.csv", rows), stdout=io.StringIO())
    created = PlacePage.objects.get(title="四谷ふれあいサロン")
    assert created.live and created.area_page.area.slug == "yotsuya"
    assert [age.slug for age in created.ages.all()] == ["senior"]
    assert created.upcoming_dates(1, D(2027, 8, 1)) == [D(2027, 9, 7)]
    assert row_of(directory_rows(client), created)["title"] == "四谷ふれあいサロン"


# -- the admin upload: rights and moderation --------------------------------------------------------------------


@pytest.fixture
def yotsuya_held_by_the_editors_department(department_editor):
    """四谷's area page belongs to 地域福祉推進課, whose editor is `department_editor`."""
    area = AreaPage.objects.get(area__slug="yotsuya")
    area.department = Department.objects.get(slug="chiiki-fukushi-suishin")
    area.save()
    return department_editor


def test_a_department_editor_changes_places_of_its_areas_for_approval_only(
    client, yotsuya_held_by_the_editors_department
):
    mine, theirs = place_in(), place_in(area_slug="chuo")
    rows = directory_rows(client)
    row_of(rows, mine)["cost"] = "100円"
    client.force_login(yotsuya_held_by_the_editors_department)
    preview = client.post(URL, {"file": csv_upload(rows, "place-directory.csv")}).content.decode()
    assert "100円" in preview and "承認の依頼" in preview
    row_of(rows, theirs)["cost"] = "100円"
    new = dict.fromkeys(rows[0], "")
    new.update(area="中央", title="中央のサロン", summary="説明です。")
    rows.append(new)
    answer = client.post(URL, {"file": csv_upload(rows, "place-directory.csv")}).content.decode()
    assert f"{number_of(rows, theirs)}行目「id」列" in answer and "あなたの課のエリアの居場所ではない" in answer
    assert f"{len(rows) + 1}行目「area」列" in answer and "居場所を追加できません" in answer
    del rows[-1]
    row_of(rows, theirs)["cost"] = ""
    preview = client.post(URL, {"file": csv_upload(rows, "place-directory.csv")})
    client.post(URL, {"encoded": preview.context["encoded"], "name": "place-directory.csv", "apply": "1"})
    page = fresh(mine)
    assert not page.cost_ja and page.workflow_in_progress and page.has_unpublished_changes


def test_a_moderator_previews_a_new_place_then_applies_and_it_is_published(client, moderator):
    rows = directory_rows(client)
    new = dict.fromkeys(DIRECTORY_COLUMNS, "")
    new.update(
        area="紅葉丘", title="紅葉丘こども食堂", summary="みんなで夕ごはんを食べます。", schedule="毎週木曜 17:00-19:00"
    )
    client.force_login(moderator)
    preview = client.post(URL, {"file": csv_upload([*rows, new], "place-directory.csv")})
    text = preview.content.decode()
    assert "新しい居場所「紅葉丘こども食堂」（紅葉丘）" in text and "毎週木曜 17:00-19:00" in text
    assert not PlacePage.objects.filter(title="紅葉丘こども食堂").exists()
    applied = client.post(URL, {"encoded": preview.context["encoded"], "name": "place-directory.csv", "apply": "1"})
    assert "公開しました" in applied.content.decode()
    created = PlacePage.objects.get(title="紅葉丘こども食堂")
    assert created.live and created.live_revision.user == moderator
