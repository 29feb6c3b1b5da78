"""Places to belong as open data: /open-data/places.csv (their dates, in the columns of the 自治体標準オープンデータ
セット「イベント一覧」) and /open-data/place-directory.csv|.xlsx (one row per place, the file the place import takes).

Sample places never appear. A place's organiser and phone appear only when its editor ticked publish_contact (they
are often a volunteer's own); otherwise the city's main number stands in, as on the site."""

import datetime
import re
import unicodedata

from django.conf import settings
from django.utils import timezone, translation
from modeltranslation.utils import build_localized_fieldname

from portal import furigana, languages
from services import schedules
from services.models import PlacePage, PlaceSchedule

from . import tables

CITY_CODE = "132063"
"""全国地方公共団体コード of 府中市 (CONTRACT §5)."""
PREFECTURE = "東京都"
"""The prefecture the code's first two digits (13) stand for."""
CITY = "府中市"
HORIZON_DAYS = 90
"""places.csv lists the dates from today to the 90th day (today is day 1)."""

EVENT_COLUMNS = [
    "都道府県コード又は市区町村コード",
    "NO",
    "都道府県名",
    "市区町村名",
    "イベント名",
    "イベント名_カナ",
    "イベント名_英語",
    "開始日",
    "終了日",
    "開始時間",
    "終了時間",
    "開始日時特記事項",
    "説明",
    "料金(基本)",
    "料金(詳細)",
    "連絡先名称",
    "連絡先電話番号",
    "連絡先内線番号",
    "主催者",
    "場所名称",
    "住所",
    "方書",
    "緯度",
    "経度",
    "アクセス方法",
    "駐車場情報",
    "定員",
    "参加申込終了日",
    "参加申込終了時間",
    "参加申込方法",
    "URL",
    "備考",
]
"""The header of the 自治体標準オープンデータセット「イベント一覧」 (NEC-FIWARE/smart-data-models,
cio/06_イベント一覧/datamodels.md), in its order; its NGSI-only `location` is not a CSV column."""

WEEKDAYS_JA = "月火水木金土日"
DIRECTORY_COLUMNS = [
    "id",
    "version",
    "area",
    "title",
    "summary",
    "audience",
    "ages",
    "cost",
    "venue",
    "venue_address",
    "organiser",
    "contact_phone",
    "publish_contact",
    "schedule",
    "closed_months",
    "cancelled_dates",
    "extra_dates",
    "url",
]
"""place-directory's columns, in order. Texts are the Japanese. `area` is the area's Japanese name; `ages` the age
groups' Japanese names separated by 「、」 (empty: every age); `schedule` the regular dates, one per line, as
「毎月第2・第4水曜 10:00-12:00」 or 「毎週火曜 13:30-15:00」; `closed_months` as 8,12; the dates as 2027-08-18 separated
by commas; `publish_contact` はい or いいえ. `organiser` and `contact_phone` are empty unless publish_contact is
はい."""
YES, NO = "はい", "いいえ"


def open_data_places():
    """Live, public places that are not samples, in the tree's order (area by area)."""
    return (
        PlacePage.objects.live().public().filter(is_sample=False).order_by("path").prefetch_related("schedules", "ages")
    )


def ja(obj, name):
    return getattr(obj, build_localized_fieldname(name, languages.DEFAULT.code), "") or ""


def area_name(place):
    area = place.area
    return (ja(area, "name") or area.name) if area else ""


# -- the schedule as a person writes it ----------------------------------------------------------------------


def describe_row(row):
    """「毎月第2・第4水曜 10:00-12:00」: one regular date as the spreadsheet writes it (and reads it back)."""
    weekday = WEEKDAYS_JA[int(row.weekday)] + "曜"
    if row.frequency == PlaceSchedule.WEEKLY:
        text = f"毎週{weekday}"
    else:
        text = "毎月" + "・".join(f"第{n}" for n in row.week_numbers) + weekday
    if row.start_time:
        text += f" {row.start_time:%H:%M}-" + (f"{row.end_time:%H:%M}" if row.end_time else "")
    return text


SCHEDULE_ROW = re.compile(
    r"^(?:(?P<weekly>毎週)|(?:毎月)?(?P<weeks>第?[1-5](?:\s*[・,、]\s*第?[1-5])*))\s*"
    r"(?P<weekday>[月火水木金土日])(?:曜日?)?"
    r"(?:\s*(?P<start>\d{1,2}:\d{2})\s*[-~〜–]\s*(?P<end>\d{1,2}:\d{2})?)?$"
)
SCHEDULE_SEPARATOR = re.compile(r"[\n;；]+")


def parse_schedule(text):
    """(PlaceSchedule rows, unread parts) of the `schedule` cell."""
    rows, bad = [], []
    for part in SCHEDULE_SEPARATOR.split(unicodedata.normalize("NFKC", text or "")):
        part = part.strip()
        if not part:
            continue
        match = SCHEDULE_ROW.match(part)
        times = _times(match) if match else None
        if times is None:
            bad.append(part)
            continue
        weeks = ",".join(sorted(set(re.findall(r"[1-5]", match["weeks"] or "")), key=int))
        rows.append(
            PlaceSchedule(
                frequency=PlaceSchedule.WEEKLY if match["weekly"] else PlaceSchedule.MONTHLY,
                weeks=weeks,
                weekday=WEEKDAYS_JA.index(match["weekday"]),
                start_time=times[0],
                end_time=times[1],
            )
        )
    return rows, bad


def _times(match):
    try:
        start = datetime.time.fromisoformat(f"{match['start']:0>5}") if match["start"] else None
        end = datetime.time.fromisoformat(f"{match['end']:0>5}") if match["end"] else None
    except ValueError:
        return None
    if start and end and end <= start:
        return None
    return start, end


# -- /open-data/place-directory.csv|.xlsx --------------------------------------------------------------------


def directory_row(place):
    """One place as place-directory writes it (every value a string)."""
    organiser, phone = place.open_data_contact()
    return {
        "id": str(place.open_data_id),
        "version": str(place.live_revision_id or ""),
        "area": area_name(place),
        "title": ja(place, "title") or place.title,
        "summary": ja(place, "summary"),
        "audience": ja(place, "audience"),
        "ages": "、".join(ja(age, "name") or age.name for age in place.ages.all()),
        "cost": ja(place, "cost"),
        "venue": ja(place, "venue"),
        "venue_address": ja(place, "venue_address"),
        "organiser": organiser,
        "contact_phone": phone,
        "publish_contact": YES if place.publish_contact else NO,
        "schedule": "\n".join(describe_row(row) for row in place.schedules.all() if row.weekday is not None),
        "closed_months": schedules.format_months(schedules.parse_months(place.closed_months)[0]),
        "cancelled_dates": ",".join(day.isoformat() for day in schedules.parse_dates(place.cancelled_dates)[0]),
        "extra_dates": ",".join(day.isoformat() for day in schedules.parse_dates(place.extra_dates)[0]),
        "url": place.full_url or "",
    }


def directory_dataset():
    with translation.override(languages.DEFAULT.code):
        return tables.dataset(
            DIRECTORY_COLUMNS, [directory_row(place) for place in open_data_places()], title="place-directory"
        )


# -- /open-data/places.csv (イベント一覧) ----------------------------------------------------------------------


def basic_fee(cost):
    """料金(基本) as a whole number of yen when the cost says one plainly (無料 → 0, 100円 → 100), else empty."""
    text = unicodedata.normalize("NFKC", cost or "").strip()
    if text in ("無料", "0円"):
        return "0"
    match = re.fullmatch(r"(\d{1,3}(?:,\d{3})*|\d+)円", text)
    return match.group(1).replace(",", "") if match else ""


def event_rows(place, today):
    """One イベント一覧 row per date of the place from `today` to the HORIZON_DAYS-th day."""
    end = today + datetime.timedelta(days=HORIZON_DAYS - 1)
    meetings = place.meetings(today, end)
    if not meetings:
        return []
    organiser, phone = place.open_data_contact()
    title = ja(place, "title") or place.title
    regular = "、".join(describe_row(row) for row in place.schedules.all() if row.weekday is not None)
    notes = [f"定例: {regular}（祝日は休み）" if regular else ""]
    with translation.override(languages.DEFAULT.code):
        notes += place.exception_notes(today)
    remarks = [f"対象: {ja(place, 'audience')}" if ja(place, "audience") else "", f"福祉エリア: {area_name(place)}"]
    shared = {
        "都道府県コード又は市区町村コード": CITY_CODE,
        "都道府県名": PREFECTURE,
        "市区町村名": CITY,
        "イベント名": title,
        "イベント名_カナ": furigana.furigana().reading(title),
        "イベント名_英語": getattr(place, build_localized_fieldname("title", "en"), "") or "",
        "説明": ja(place, "summary"),
        "料金(基本)": basic_fee(ja(place, "cost")),
        "料金(詳細)": ja(place, "cost"),
        "連絡先名称": organiser if phone else "府中市役所（代表）",
        "連絡先電話番号": phone or settings.CITY_MAIN_PHONE,
        "主催者": organiser,
        "場所名称": ja(place, "venue"),
        "住所": ja(place, "venue_address"),
        "URL": place.full_url or "",
        "備考": " ".join(part for part in remarks if part),
    }
    rows = []
    for meeting in meetings:
        special = [*notes, "臨時の開催日です。" if meeting.extra else ""]
        rows.append(
            {
                **shared,
                "NO": f"{place.open_data_id}-{meeting.day:%Y%m%d}",
                "開始日": meeting.day.isoformat(),
                "終了日": meeting.day.isoformat(),
                "開始時間": f"{meeting.start_time:%H:%M}" if meeting.start_time else "",
                "終了時間": f"{meeting.end_time:%H:%M}" if meeting.end_time else "",
                "開始日時特記事項": " ".join(part for part in special if part),
            }
        )
    return rows


def events_dataset(today=None):
    today = today or timezone.localdate()
    rows = []
    with translation.override(languages.DEFAULT.code):
        for place in open_data_places():
            rows.extend(event_rows(place, today))
    return tables.dataset(EVENT_COLUMNS, rows, title="places")
