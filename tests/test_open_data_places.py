"""Places to belong in the open data: a stable id per place, and the contact only with the editor's consent."""

import csv
import datetime
import importlib
import io
import uuid

import openpyxl
import pytest
from django.apps import apps
from django.core.management import call_command

from services.models import AreaPage, PlacePage, PlaceSchedule
from services.opendata import places, tables

from .factories import PlacePageFactory, SuperuserFactory
from .utils import soup_of

pytestmark = pytest.mark.django_db

D = datetime.date


def place_in(area_slug="yotsuya", **fields):
    """A live place under an area, meeting on the 2nd and 4th Wednesday, 10:00–12:00."""
    area = AreaPage.objects.get(area__slug=area_slug)
    place = PlacePageFactory.build(**fields)
    place.schedules = [
        PlaceSchedule(
            frequency=PlaceSchedule.MONTHLY,
            weeks="2,4",
            weekday=2,
            start_time=datetime.time(10),
            end_time=datetime.time(12),
        )
    ]
    area.add_child(instance=place)
    place.save_revision().publish()
    return PlacePage.objects.get(pk=place.pk)


# -- the id and the consent ----------------------------------------------------------------------------------


def test_a_place_keeps_its_open_data_id_through_revisions_and_a_copy_gets_its_own():
    place = place_in()
    first = place.open_data_id
    assert isinstance(first, uuid.UUID)
    place.summary_ja = "説明を書き直しました。"
    place.save_revision().publish()
    place.refresh_from_db()
    assert place.open_data_id == first
    assert place.get_latest_revision_as_object().open_data_id == first
    copy = place.copy(update_attrs={"slug": f"{place.slug}-copy", "title": "写し"})
    assert copy.specific.open_data_id != first


def test_the_migration_gives_every_existing_place_its_own_id():
    place_in()
    place_in(area_slug="chuo")
    migration = importlib.import_module("services.migrations.0012_place_open_data")
    before = set(PlacePage.objects.values_list("open_data_id", flat=True))
    migration.give_ids(apps, None)
    after = list(PlacePage.objects.values_list("open_data_id", flat=True))
    assert len(set(after)) == len(after) == PlacePage.objects.count()
    assert not before & set(after)


def test_the_contact_is_not_published_unless_the_editor_ticks_it():
    place = place_in(organiser="四谷のボランティアの会", contact_phone="090-0000-0000")
    assert place.publish_contact is False
    assert place.open_data_contact() == ("", "")
    place.publish_contact = True
    assert place.open_data_contact() == ("四谷のボランティアの会", "090-0000-0000")


def test_the_admin_shows_the_consent_box_in_japanese(client):
    place = place_in()
    client.force_login(SuperuserFactory())
    soup = soup_of(client, f"/admin/pages/{place.pk}/edit/")
    box = soup.select_one('input[name="publish_contact"]')
    assert box is not None and not box.has_attr("checked")
    label = soup.select_one(f'label[for="{box["id"]}"]')
    assert "オープンデータで連絡先を公開する" in label.get_text()


# -- /open-data/places.csv: the dates, in the columns of イベント一覧 -----------------------------------------

EVENT_LIST_HEADER = (
    "都道府県コード又は市区町村コード,NO,都道府県名,市区町村名,イベント名,イベント名_カナ,イベント名_英語,開始日,終了日,"
    "開始時間,終了時間,開始日時特記事項,説明,料金(基本),料金(詳細),連絡先名称,連絡先電話番号,連絡先内線番号,主催者,"
    "場所名称,住所,方書,緯度,経度,アクセス方法,駐車場情報,定員,参加申込終了日,参加申込終了時間,参加申込方法,URL,備考"
)
"""The 自治体標準オープンデータセット「イベント一覧」 as defined in NEC-FIWARE/smart-data-models
cio/06_イベント一覧/datamodels.md (its NGSI `location` is no CSV column)."""


def csv_rows(content):
    assert content.startswith("\ufeff".encode()), "UTF-8 with a BOM, so Excel reads it as UTF-8"
    text = content.decode("utf-8-sig")
    return text.splitlines()[0], list(csv.DictReader(io.StringIO(text)))


def events(today):
    return csv_rows(tables.export(places.events_dataset(today), "csv"))


def test_places_csv_has_the_event_list_header_and_answers_anyone(client):
    response = client.get("/open-data/places.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "creativecommons.org/licenses/by/4.0" in response["Link"]
    header, _rows = csv_rows(response.content)
    assert header == EVENT_LIST_HEADER


def test_a_place_closed_in_august_has_no_row_in_august_2027_and_its_exceptions_are_honoured():
    place = place_in(
        closed_months="8",
        cancelled_dates="2027-09-08",
        extra_dates="2027-09-15",
        venue="四谷文化センター",
        cost="100円",
    )
    header, rows = events(D(2027, 7, 20))
    assert header == EVENT_LIST_HEADER
    mine = [row for row in rows if row["イベント名"] == place.title]
    assert [row["開始日"] for row in mine] == ["2027-07-28", "2027-09-15", "2027-09-22", "2027-10-13"]
    assert all(row["終了日"] == row["開始日"] for row in mine)
    assert {(row["開始時間"], row["終了時間"]) for row in mine} == {("10:00", "12:00")}
    first = mine[0]
    assert first["都道府県コード又は市区町村コード"] == "132063" and first["市区町村名"] == "府中市"
    assert first["場所名称"] == "四谷文化センター" and (first["料金(基本)"], first["料金(詳細)"]) == ("100", "100円")
    assert "8月はお休みです。" in first["開始日時特記事項"]
    assert "臨時" in mine[1]["開始日時特記事項"] and "臨時" not in mine[2]["開始日時特記事項"]
    assert first["URL"].endswith(f"/{place.slug}/")
    assert "イバショ" in first["イベント名_カナ"]  # 「テストの居場所 …」 read in katakana


def test_a_rows_no_is_the_same_for_a_place_and_date_whatever_the_day_of_export():
    place = place_in()
    _header, early = events(D(2027, 7, 1))
    _header, late = events(D(2027, 7, 20))
    by_day = {row["開始日"]: row["NO"] for row in early if row["イベント名"] == place.title}
    again = {row["開始日"]: row["NO"] for row in late if row["イベント名"] == place.title}
    shared = set(by_day) & set(again)
    assert shared and all(by_day[day] == again[day] for day in shared)
    assert len(set(by_day.values())) == len(by_day)  # one NO per date


def test_the_contact_and_organiser_appear_only_when_ticked():
    quiet = place_in(organiser="四谷のボランティアの会", contact_phone="090-1111-2222")
    ticked = place_in(organiser="中央の茶話会", contact_phone="090-3333-4444", publish_contact=True, area_slug="chuo")
    _header, rows = events(D(2027, 7, 1))
    text = tables.export(places.events_dataset(D(2027, 7, 1)), "csv").decode("utf-8-sig")
    assert "090-1111-2222" not in text and "四谷のボランティアの会" not in text
    quiet_row = next(row for row in rows if row["イベント名"] == quiet.title)
    assert quiet_row["連絡先電話番号"] == "042-364-4111" and quiet_row["主催者"] == ""
    ticked_row = next(row for row in rows if row["イベント名"] == ticked.title)
    assert (ticked_row["連絡先電話番号"], ticked_row["主催者"]) == ("090-3333-4444", "中央の茶話会")
    directory = tables.export(places.directory_dataset(), "csv").decode("utf-8-sig")
    assert "090-1111-2222" not in directory and "090-3333-4444" in directory


def test_sample_places_never_appear_in_the_place_files(client):
    call_command("load_demo_places", stdout=io.StringIO())
    samples = list(PlacePage.objects.filter(is_sample=True))
    assert samples and all(sample.upcoming_dates(1) for sample in samples)
    real = place_in()
    files = [
        client.get("/open-data/places.csv").content.decode("utf-8-sig"),
        client.get("/open-data/place-directory.csv").content.decode("utf-8-sig"),
    ]
    for text in files:
        assert real.title in text
        assert not [sample.title for sample in samples if sample.title in text]
        assert "見本" not in text


# -- /open-data/place-directory.csv|.xlsx: one row per place, editable ---------------------------------------


def directory_rows(client, fmt="csv"):
    response = client.get(f"/open-data/place-directory.{fmt}")
    assert response.status_code == 200
    if fmt == "csv":
        return csv_rows(response.content)[1]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    return [dict(zip(values[0], ["" if v is None else str(v) for v in row], strict=True)) for row in values[1:]]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_place_directory_has_one_row_per_place_with_its_rule_and_exceptions(client, fmt):
    place = place_in(
        closed_months="12,8", cancelled_dates="2027-09-08", extra_dates="2027-09-15\n2027-07-20", cost="無料"
    )
    rows = [row for row in directory_rows(client, fmt) if row["id"] == str(place.open_data_id)]
    assert len(rows) == 1
    row = rows[0]
    assert row["version"] == str(place.live_revision_id)
    assert row["area"] == "四谷" and row["cost"] == "無料" and row["title"] == place.title
    assert row["schedule"] == "毎月第2・第4水曜 10:00-12:00"
    assert row["closed_months"] == "8,12"
    assert (row["cancelled_dates"], row["extra_dates"]) == ("2027-09-08", "2027-07-20,2027-09-15")
    assert row["publish_contact"] == "いいえ"


def test_the_schedule_cell_reads_back_what_it_writes():
    rows, bad = places.parse_schedule("毎月第2・第4水曜 10:00-12:00\n毎週火曜 13:30-15:00；第１水曜日")
    assert not bad
    assert [places.describe_row(row) for row in rows] == [
        "毎月第2・第4水曜 10:00-12:00",
        "毎週火曜 13:30-15:00",
        "毎月第1水曜",
    ]
    assert places.parse_schedule("毎月第6水曜\n毎週火曜 15:00-13:00")[1] == ["毎月第6水曜", "毎週火曜 15:00-13:00"]


# -- the open-data page --------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ja", "ja-easy", "en", "zh-hans", "ko", "vi"])
def test_every_link_on_the_open_data_page_answers(client, language):
    place_in()
    soup = soup_of(client, f"/{language}/open-data/")
    links = {a["href"].split("#")[0] for a in soup.select("a[href]") if a["href"].startswith("/")}
    assert {"/open-data/place-directory.csv", "/open-data/place-directory.xlsx", "/open-data/places.csv"} <= links
    for href in sorted(links):
        assert client.get(href).status_code == 200, href
