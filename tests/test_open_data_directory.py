"""The programs' directory goes out as CSV/XLSX (CONTRACT §6) and comes back in through import_directory."""

import csv
import datetime
import io
import uuid

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from services.models import ServicePage
from services.models.pages import plan_program_id

from .contract import PROGRAMS

pytestmark = pytest.mark.django_db

GENERAL_WINDOW = "福祉総合相談窓口"


def download_rows(client, fmt="csv"):
    response = client.get(f"/open-data/directory.{fmt}")
    assert response.status_code == 200
    if fmt == "csv":
        assert response.content.startswith("\ufeff".encode())
        return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    return [dict(zip(values[0], ["" if v is None else v for v in row], strict=True)) for row in values[1:]]


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def row_for(rows, plan_name):
    return next(row for row in rows if row["plan_name"] == plan_name)


def page_for(plan_name):
    return ServicePage.objects.get(plan_name=plan_name)


def test_every_live_program_is_one_row_with_its_stable_id_and_live_version(client):
    rows = download_rows(client)
    assert {row["plan_name"] for row in rows} >= {plan_name for plan_name, *_ in PROGRAMS}
    assert len(rows) == ServicePage.objects.live().public().count()
    window = row_for(rows, GENERAL_WINDOW)
    page = page_for(GENERAL_WINDOW)
    namespace = uuid.UUID("5b0e6f4e-3c2a-5d1e-9f61-2f0c8a7d4b13")  # fixed for ever: ids on every install depend on it
    assert window["id"] == str(page.open_data_id) == str(uuid.uuid5(namespace, GENERAL_WINDOW))
    assert window["version"] == str(page.live_revision_id)
    assert window["department"] == "地域福祉推進課"
    assert window["title_ja"] == page.title_ja and window["title_vi"] == page.title_vi
    assert window["phone"] == ""  # the plan gives no direct number, and the main number is never put in its place
    assert window["url"].endswith("/")


def test_the_plans_programs_have_ids_derived_from_their_plan_name_on_any_install():
    for plan_name, *_ in PROGRAMS:
        assert page_for(plan_name).open_data_id == plan_program_id(plan_name)


def test_the_export_is_public_and_licensed(client):
    response = client.get("/open-data/directory.csv")
    assert "creativecommons.org/licenses/by/4.0" in response["Link"]
    assert client.get("/open-data/directory.pdf").status_code == 404


def test_edit_a_phone_dry_run_then_import_publishes_a_new_revision(client, tmp_path, capsys):
    rows = download_rows(client)
    row_for(rows, GENERAL_WINDOW)["phone"] = "042-335-4000"
    path = write_csv(tmp_path / "directory.csv", rows)
    page = page_for(GENERAL_WINDOW)
    before, revisions = page.live_revision_id, page.revisions.count()

    call_command("import_directory", path, "--dry-run")
    assert "042-335-4000" in capsys.readouterr().out
    page.refresh_from_db()
    assert page.live_revision_id == before and page.main_contact is None

    call_command("import_directory", path)
    page.refresh_from_db()
    assert page.live_revision_id != before
    assert page.main_contact.phone == "042-335-4000"
    assert page.revisions.count() == revisions + 1
    again = download_rows(client)
    assert row_for(again, GENERAL_WINDOW)["phone"] == "042-335-4000"
    assert row_for(again, GENERAL_WINDOW)["version"] == str(page.live_revision_id)
    other = [r for r in again if r["plan_name"] != GENERAL_WINDOW]
    assert other == [r for r in rows if r["plan_name"] != GENERAL_WINDOW]  # only the changed row moved


def test_import_by_user_records_the_author(client, tmp_path, moderator):
    rows = download_rows(client)
    row_for(rows, GENERAL_WINDOW)["last_reviewed"] = "2026-04-01"
    call_command("import_directory", write_csv(tmp_path / "d.csv", rows), "--user", moderator.username)
    page = page_for(GENERAL_WINDOW)
    assert page.last_reviewed == datetime.date(2026, 4, 1)
    assert page.live_revision.user == moderator


def test_a_row_whose_page_was_edited_after_the_export_is_refused(client, tmp_path):
    rows = download_rows(client)
    row_for(rows, GENERAL_WINDOW)["phone"] = "042-335-4000"
    page = page_for(GENERAL_WINDOW)
    page.summary_ja = "編集者が書き直した説明です。"
    page.save_revision().publish()
    number = 2 + rows.index(row_for(rows, GENERAL_WINDOW))
    with pytest.raises(CommandError) as raised:
        call_command("import_directory", write_csv(tmp_path / "d.csv", rows))
    assert f"{number}行目「version」列" in str(raised.value) and "書き出しの後に変更されました" in str(raised.value)
    page.refresh_from_db()
    assert page.main_contact is None and page.summary_ja == "編集者が書き直した説明です。"


def test_a_pending_draft_refuses_the_row(client, tmp_path):
    rows = download_rows(client)
    row_for(rows, GENERAL_WINDOW)["phone"] = "042-335-4000"
    page = page_for(GENERAL_WINDOW)
    page.summary_ja = "下書きです。"
    page.save_revision()
    with pytest.raises(CommandError, match="下書き"):
        call_command("import_directory", write_csv(tmp_path / "d.csv", rows))


def test_a_bad_phone_and_an_unknown_id_reject_the_whole_file_naming_both_rows(client, tmp_path):
    rows = download_rows(client)
    numbers = {row["plan_name"]: number for number, row in enumerate(rows, start=2)}
    row_for(rows, GENERAL_WINDOW)["phone"] = "でんわ123"
    row_for(rows, "教育相談")["id"] = str(uuid.uuid4())
    row_for(rows, "保健相談室")["last_reviewed"] = "2026-04-01"  # a good change in a third row is not applied either
    row_for(rows, "外国人相談事業")["last_reviewed"] = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    row_for(rows, "自立相談支援事業")["department"] = "存在しない課"
    with pytest.raises(CommandError) as raised:
        call_command("import_directory", write_csv(tmp_path / "d.csv", rows))
    message = str(raised.value)
    assert f"{numbers[GENERAL_WINDOW]}行目「phone」列" in message and "電話番号ではありません" in message
    assert f"{numbers['教育相談']}行目「id」列" in message
    assert f"{numbers['外国人相談事業']}行目「last_reviewed」列" in message and "未来の日付" in message
    assert f"{numbers['自立相談支援事業']}行目「department」列" in message and "存在しない課" in message
    assert page_for("保健相談室").last_reviewed is None
    assert page_for(GENERAL_WINDOW).main_contact is None


def test_an_xlsx_round_trip(client, tmp_path):
    response = client.get("/open-data/directory.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("plan_name")].value == GENERAL_WINDOW:
            row[header.index("phone")].value = "042-335-4000"
            row[header.index("email")].value = "fukushi@example.jp"
    path = tmp_path / "directory.xlsx"
    book.save(path)
    call_command("import_directory", str(path))
    contact = page_for(GENERAL_WINDOW).main_contact
    assert (contact.phone, contact.email) == ("042-335-4000", "fukushi@example.jp")
    assert row_for(download_rows(client, "xlsx"), GENERAL_WINDOW)["phone"] == "042-335-4000"


def test_an_unchanged_file_changes_nothing(client, tmp_path, capsys):
    rows = download_rows(client)
    before = {p.pk: p.live_revision_id for p in ServicePage.objects.all()}
    call_command("import_directory", write_csv(tmp_path / "d.csv", rows))
    assert "変更はありません" in capsys.readouterr().out
    assert {p.pk: p.live_revision_id for p in ServicePage.objects.all()} == before


def test_sample_places_never_appear_in_the_directory(client):
    call_command("load_demo_places", stdout=io.StringIO())
    text = client.get("/open-data/directory.csv").content.decode("utf-8-sig")
    assert "見本" not in text
