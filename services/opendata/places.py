"""Places to belong as open data: /open-data/places.csv (their dates, in the columns of the 自治体標準オープンデータ
セット「イベント一覧」) and /open-data/place-directory.csv|.xlsx (one row per place, the file the place import takes).

Sample places never appear. A place's organiser and phone appear only when its editor ticked publish_contact (they
are often a volunteer's own); otherwise the city's main number stands in, as on the site."""

import datetime
import re
import unicodedata
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from modeltranslation.utils import build_localized_fieldname

from portal import furigana, languages, phone
from services import schedules
from services.models import AgeGroup, AreaPage, PlacePage, PlaceSchedule

from . import tables
from .directory import INVALID, Change, ImportRejected, is_current, publish_or_submit

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


# -- import: place-directory files back in ------------------------------------------------------------------

TEXT_FIELDS = ("title", "summary", "audience", "cost", "venue", "venue_address", "organiser")
MAX_LENGTHS = {"summary": 400, "title": 255}
"""Other text columns are at most 200 characters, as the model keeps them."""
READ_ONLY = ("version", "url")
YES_WORDS = {"はい", "yes", "y", "true", "1", "○", "公開", "公開する"}
NO_WORDS = {"いいえ", "no", "n", "false", "0", "×", "", "非公開", "公開しない"}
EXCEPTION_COLUMNS = {
    "closed_months": "closed_months",
    "cancelled_dates": "cancelled_dates",
    "extra_dates": "extra_dates",
}


@dataclass
class PlaceChange:
    row: int
    page: PlacePage | None
    """None for a new place (a row with an empty id) until apply() creates it."""
    changes: list
    values: dict = field(default_factory=dict)
    area_page: AreaPage | None = None
    """The area a new place goes under."""

    @property
    def title(self):
        if self.page is not None:
            return self.page.title
        return f"新しい居場所「{self.values.get('title', '')}」（{area_name_of(self.area_page)}）"


def area_name_of(area_page):
    area = area_page.area if area_page else None
    return (ja(area, "name") or area.name) if area else ""


class PlaceImport:
    """Reads a place-directory file, checks every row, and lists the changes; apply() writes them all or nothing.

    Works as DirectoryImport does (same errors, same refusal of rows whose page changed since the export); a row
    with an empty id is a new place under its area."""

    REQUIRED = ("id", "version", "area", "title")

    def __init__(self, source, name=None, user=None, department_scope=None):
        self.source, self.name, self.user = source, name, user
        self.department_scope = department_scope
        """When given (a set of department ids), rows may only touch places under areas of these departments."""
        self.errors = []
        self.plan = []
        self.locked_columns = ()

    def error(self, row, column, message):
        self.errors.append(f"{row}行目" + (f"「{column}」列" if column else "") + f": {message}")

    def check(self):
        try:
            headers, rows = tables.read(self.source, self.name)
        except tables.UnreadableFile as error:
            raise ImportRejected([str(error)]) from error
        missing = [column for column in self.REQUIRED if column not in headers]
        if missing:
            raise ImportRejected([f"1行目: 見出しに「{'」「'.join(missing)}」列がありません。"])
        self.headers = [column for column in headers if column in DIRECTORY_COLUMNS]
        self.areas = {}
        for area_page in AreaPage.objects.live().select_related("area"):
            if area_page.area:
                self.areas[area_name_of(area_page)] = area_page
                self.areas.setdefault(area_page.area.slug, area_page)
        self.ages = {}
        for age in AgeGroup.objects.all():
            self.ages[ja(age, "name") or age.name] = age
            self.ages.setdefault(age.slug, age)
        seen = {}
        with translation.override(languages.DEFAULT.code):
            for row in rows:
                if row.values.get("id", ""):
                    self.check_existing(row, seen)
                else:
                    self.check_new(row)
        if self.errors:
            raise ImportRejected(self.errors)
        return self.plan

    def in_scope(self, area_page):
        return self.department_scope is None or (
            area_page is not None and area_page.department_id in self.department_scope
        )

    def check_new(self, row):
        number, values = row.number, row.values
        if values.get("version", ""):
            self.error(number, "id", "id が空の行は新しい居場所です。version も空にしてください。")
            return
        area_page = self.areas.get(values.get("area", ""))
        if area_page is None:
            self.error(number, "area", f"「{values.get('area', '')}」という福祉エリアはありません（例: 四谷）。")
            return
        if not self.in_scope(area_page):
            self.error(
                number, "area", f"「{values['area']}」はあなたの課のエリアではないため、居場所を追加できません。"
            )
            return
        for column in ("title", "summary"):
            if not values.get(column, ""):
                self.error(number, column, "新しい居場所には、この列が必要です。")
        changes, cleaned = [], {}
        for column in self.headers:
            if column in ("id", "version", "url", "area") or not values.get(column, ""):
                continue
            checked = self.clean_cell(number, column, values[column])
            if checked is not INVALID:
                changes.append(Change(column, "", values[column]))
                cleaned[column] = checked
        self.check_exceptions(number, PlacePage(), cleaned)
        self.plan.append(PlaceChange(number, None, changes, cleaned, area_page=area_page))

    def check_existing(self, row, seen):
        number, values = row.number, row.values
        try:
            place_id = uuid.UUID(values["id"])
        except ValueError:
            self.error(number, "id", f"id「{values['id']}」は正しい形ではありません。")
            return
        if place_id in seen:
            self.error(number, "id", f"同じ id が{seen[place_id]}行目にもあります。")
            return
        seen[place_id] = number
        page = PlacePage.objects.filter(open_data_id=place_id, is_sample=False).first()
        if page is None or not page.live:
            self.error(number, "id", f"id「{place_id}」の公開中の居場所はありません。")
            return
        current = directory_row(page)
        compared = [column for column in self.headers if column not in ("id", "version", "url")]
        if all(values.get(column, "") == current[column] for column in compared):
            return
        if not self.may_change(number, page, values):
            return
        changes, cleaned = [], {}
        for column in compared:
            new, old = values.get(column, ""), current[column]
            if new == old:
                continue
            if column in READ_ONLY:
                self.error(number, column, "この列は変更できません。")
                continue
            if column == "area":
                self.error(number, column, "エリアを変えるときは、管理画面でページを移動してください。")
                continue
            checked = self.clean_cell(number, column, new)
            if checked is not INVALID:
                changes.append(Change(column, old, new))
                cleaned[column] = checked
        self.check_exceptions(number, page, cleaned)
        if changes:
            self.plan.append(PlaceChange(number, page, changes, cleaned))

    def may_change(self, number, page, values):
        if not self.in_scope(page.area_page):
            self.error(number, "id", f"「{page.title}」はあなたの課のエリアの居場所ではないため変更できません。")
            return False
        return is_current(self.error, number, page, values)

    def clean_cell(self, number, column, value):
        if column in TEXT_FIELDS:
            limit = MAX_LENGTHS.get(column, 200)
            if column == "title" and not value:
                self.error(number, column, "名前は空にできません。")
                return INVALID
            if len(value) > limit:
                self.error(number, column, f"{limit}文字までにしてください（今は{len(value)}文字）。")
                return INVALID
            if column == "summary" and not value:
                self.error(number, column, "説明は空にできません。")
                return INVALID
            return value
        if column == "contact_phone":
            if value and not phone.is_phone_number(value):
                self.error(number, column, f"「{value}」は電話番号ではありません（例: 042-364-4111）。")
                return INVALID
            return value
        if column == "publish_contact":
            word = unicodedata.normalize("NFKC", value).strip().lower()
            if word in YES_WORDS:
                return True
            if word in NO_WORDS:
                return False
            self.error(number, column, f"「{value}」ではなく「{YES}」か「{NO}」と書いてください。")
            return INVALID
        if column == "ages":
            names = [name for name in schedules.LIST_SEPARATOR.split(value) if name.strip()]
            unknown = [name for name in names if name.strip() not in self.ages]
            if unknown:
                self.error(
                    number, column, f"「{'」「'.join(unknown)}」という年代はありません（例: 高齢者（65歳以上））。"
                )
                return INVALID
            return [self.ages[name.strip()] for name in names]
        if column == "schedule":
            rows, bad = parse_schedule(value)
            if bad:
                self.error(
                    number,
                    column,
                    f"「{'」「'.join(bad)}」を読めません（例: 毎月第2・第4水曜 10:00-12:00、毎週火曜 13:30-15:00）。",
                )
                return INVALID
            return rows
        if column == "closed_months":
            months, bad = schedules.parse_months(value)
            if bad:
                self.error(number, column, f"「{'」「'.join(bad)}」は月ではありません（例: 8,12）。")
                return INVALID
            return schedules.format_months(months)
        if column in ("cancelled_dates", "extra_dates"):
            days, bad = schedules.parse_dates(value)
            if bad:
                self.error(number, column, f"「{'」「'.join(bad)}」は日付ではありません（例: 2027-08-25）。")
                return INVALID
            return schedules.format_dates(days)
        return value

    def check_exceptions(self, number, page, cleaned):
        """An extra date that is also cancelled, or falls in a closed month, is refused as the admin refuses it."""
        if not any(column in cleaned for column in EXCEPTION_COLUMNS):
            return
        probe = PlacePage(
            closed_months=cleaned.get("closed_months", page.closed_months),
            cancelled_dates=cleaned.get("cancelled_dates", page.cancelled_dates),
            extra_dates=cleaned.get("extra_dates", page.extra_dates),
        )
        errors, _parsed = probe.schedule_errors()
        for name, messages in errors.items():
            for message in messages:
                self.error(number, name, str(message))

    def apply(self, publish=True):
        """Writes every change as a new revision (a new place under its area), in one transaction: published (the
        command, a moderator's upload) or submitted to the workflow (an editor's upload)."""
        results = []
        with transaction.atomic(), translation.override(languages.DEFAULT.code):
            for change in self.plan:
                if change.page is None:
                    page = PlacePage(live=False, slug=self.free_slug(change.area_page, change.values["title"]))
                    self.write(page, change.values)
                    change.area_page.add_child(instance=page)
                    revision_page = page
                else:
                    page = PlacePage.objects.select_for_update().get(pk=change.page.pk)
                    revision_page = page.get_latest_revision_as_object()
                    self.write(revision_page, change.values)
                revision = revision_page.save_revision(user=self.user, log_action=True)
                change.page = page
                results.append((change, publish_or_submit(page, revision, self.user, publish)))
        return results

    @staticmethod
    def free_slug(area_page, title):
        """An ASCII slug (a Japanese one would be a long percent-encoded address on a poster's QR code); editors may
        change it in the admin."""
        base = slugify(title)[:50] or f"place-{uuid.uuid4().hex[:8]}"
        taken = set(area_page.get_children().values_list("slug", flat=True))
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        return slug

    @staticmethod
    def write(page, values):
        for column, value in values.items():
            if column == "title":
                page.title = page.draft_title = value
                setattr(page, build_localized_fieldname("title", languages.DEFAULT.code), value)
            elif column in TEXT_FIELDS:
                setattr(page, build_localized_fieldname(column, languages.DEFAULT.code), value)
            elif column == "ages":
                page.ages.set(value)
            elif column == "schedule":
                old = list(page.schedules.all())
                for index, row in enumerate(value):  # a row's note stays with the row in the same place
                    if index < len(old):
                        for code in languages.CODES:
                            name = build_localized_fieldname("note", code)
                            setattr(row, name, getattr(old[index], name))
                page.schedules = value
            else:
                setattr(page, column, value)
