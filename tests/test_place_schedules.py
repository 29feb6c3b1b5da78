"""Schedules with exceptions: closed months, cancelled and extra dates, honoured wherever a place's dates are shown."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from services.models import AreaPage, PlacePage, PlaceSchedule
from services.models.places import is_public_holiday

from .factories import PlacePageFactory, SuperuserFactory
from .utils import soup_of

pytestmark = pytest.mark.django_db

D = datetime.date
LANGUAGES = ["ja", "ja-easy", "en", "zh-hans", "ko", "vi"]


def second_and_fourth_wednesdays(**fields):
    """A place under 四谷 meeting on the 2nd and 4th Wednesday, 10:00–12:00."""
    area = AreaPage.objects.get(area__slug="yotsuya")
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


def test_a_place_closed_in_august_has_no_date_in_august_2027():
    place = second_and_fourth_wednesdays(closed_months="8")
    days = [meeting.day for meeting in place.meetings(D(2027, 7, 1), D(2027, 9, 30))]
    assert days == [D(2027, 7, 14), D(2027, 7, 28), D(2027, 9, 8), D(2027, 9, 22)]
    assert not [day for day in days if day.month == 8]
    assert place.next_date(D(2027, 7, 29)) == D(2027, 9, 8)
    assert all(meeting.start_time == datetime.time(10) for meeting in place.meetings(D(2027, 7, 1), D(2027, 9, 30)))


def test_without_the_closed_month_august_has_its_dates():
    place = second_and_fourth_wednesdays()
    assert is_public_holiday(D(2027, 8, 11))  # 山の日, a second Wednesday
    assert place.upcoming_dates(3, D(2027, 7, 29)) == [D(2027, 8, 25), D(2027, 9, 8), D(2027, 9, 22)]


def test_a_cancelled_date_is_skipped_and_an_extra_date_appears():
    place = second_and_fourth_wednesdays(cancelled_dates="2027-07-14", extra_dates="2027-07-20")
    assert place.upcoming_dates(3, D(2027, 7, 1)) == [D(2027, 7, 20), D(2027, 7, 28), D(2027, 8, 25)]
    extra = place.meetings(D(2027, 7, 20), D(2027, 7, 20))[0]
    assert extra.extra and extra.start_time == datetime.time(10), "an extra date meets at the first row's times"


def test_an_extra_date_on_a_public_holiday_is_held():
    assert is_public_holiday(D(2027, 11, 3))  # 文化の日
    place = second_and_fourth_wednesdays(extra_dates="2027-11-03")
    assert place.upcoming_dates(2, D(2027, 11, 1)) == [D(2027, 11, 3), D(2027, 11, 10)]


def test_dates_are_read_in_the_ways_a_japanese_editor_writes_them():
    place = PlacePage(cancelled_dates="2027/7/14\n２０２７年７月２８日", extra_dates="2027-07-20", closed_months="12,8")
    errors, parsed = place.schedule_errors()
    assert not errors
    assert parsed["cancelled_dates"] == [D(2027, 7, 14), D(2027, 7, 28)]


def test_validation_lists_every_problem_with_the_exceptions_at_once():
    place = second_and_fourth_wednesdays()
    place.cancelled_dates = "2027-02-30\nnext week"
    place.extra_dates = "2027-08-18\n2027-09-08\nsoon"
    place.closed_months = "8"
    place.cancelled_dates += "\n2027-09-08"
    with pytest.raises(ValidationError) as raised:
        place.full_clean()
    errors = raised.value.message_dict
    assert len(errors["cancelled_dates"]) == 2
    assert len(errors["extra_dates"]) == 3, errors["extra_dates"]  # soon; in a closed month; also cancelled


def test_clean_writes_the_dates_back_in_one_form():
    place = second_and_fourth_wednesdays()
    place.cancelled_dates = "2027/9/22 2027/7/14"
    place.full_clean()
    assert place.cancelled_dates == "2027-07-14\n2027-09-22"


def test_a_schedule_row_reports_both_of_its_problems():
    row = PlaceSchedule(frequency=PlaceSchedule.MONTHLY, weeks="", weekday=2, start_time=datetime.time(12))
    row.end_time = datetime.time(10)
    with pytest.raises(ValidationError) as raised:
        row.clean()
    assert set(raised.value.message_dict) == {"weeks", "end_time"}


# -- residents see the exceptions ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_place_page_says_the_closed_month_in_every_language(client, language):
    place = second_and_fourth_wednesdays(closed_months="8")
    soup = soup_of(client, f"/{language}/areas/yotsuya/{place.slug}/")
    note = soup.select_one(".place__exception").get_text()
    expected = {
        "ja": "8月はお休みです。",
        "ja-easy": "8月は お休みです。",
        "en": "Closed in August.",
        "zh-hans": "八月休息。",
        "ko": "8월은 쉽니다.",
        "vi": "Nghỉ vào Tháng 8.",
    }
    assert note == expected[language]


def test_the_area_page_and_the_poster_skip_a_cancelled_next_date(client):
    place = second_and_fourth_wednesdays()
    first, second = place.upcoming_dates(2)
    place.cancelled_dates = first.isoformat()
    place.save_revision().publish()
    area = soup_of(client, "/ja/areas/yotsuya/")
    card = next(c for c in area.select(".place-card") if place.title in c.get_text())
    assert card.select_one("time")["datetime"] == second.isoformat()
    poster = soup_of(client, f"/ja/areas/yotsuya/{place.slug}/poster/")
    assert first.isoformat() not in str(poster.select_one(".poster__who"))
    assert poster.select_one(f'time[datetime="{second.isoformat()}"]')
    page = soup_of(client, f"/ja/areas/yotsuya/{place.slug}/")
    assert page.select_one(".place__next time")["datetime"] == second.isoformat()
    assert "お休み" in page.select_one(".place__exception").get_text()


# -- editors see the next five dates -----------------------------------------------------------------------


def test_the_admin_shows_the_next_five_dates_of_the_saved_schedule(client):
    place = second_and_fourth_wednesdays(cancelled_dates="")
    client.force_login(SuperuserFactory())
    soup = soup_of(client, f"/admin/pages/{place.pk}/edit/")
    panel = soup.select_one("[data-next-dates]")
    shown = [D.fromisoformat(t["datetime"]) for t in panel.select("time")]
    assert shown == place.upcoming_dates(5)


def test_the_admin_preview_answers_for_the_unsaved_form(client):
    client.force_login(SuperuserFactory())
    data = {
        "schedules-TOTAL_FORMS": "2",
        "schedules-0-frequency": "monthly",
        "schedules-0-weeks": ["2", "4"],
        "schedules-0-weekday": "2",
        "schedules-1-frequency": "weekly",
        "schedules-1-weekday": "0",
        "schedules-1-DELETE": "1",
        "closed_months": ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"],
        "cancelled_dates": "",
        "extra_dates": "bad",
    }
    answer = client.post("/admin/places/next-dates/", data).json()
    days = [D.fromisoformat(item["iso"]) for item in answer["dates"]]
    assert len(days) >= 2 and all(day.month == 12 and day.weekday() == 2 for day in days)
    assert len(answer["errors"]) == 1


def test_the_admin_preview_is_for_editors_only(client):
    response = client.post("/admin/places/next-dates/", {})
    assert response.status_code in (302, 403)


def test_the_admin_form_lists_every_schedule_error_at_once(client):
    from .test_admin import form_values

    client.force_login(SuperuserFactory())
    area = AreaPage.objects.get(area__slug="yotsuya")
    url = f"/admin/pages/add/services/placepage/{area.pk}/"
    data = form_values(client.get(url).content)
    data.update(
        {
            "title_ja": "よつやサロン",
            "slug": "yotsuya-salon",
            "summary_ja": "地域のサロンです。",
            "schedules-TOTAL_FORMS": "1",
            "schedules-INITIAL_FORMS": "0",
            "schedules-0-frequency": "monthly",
            "schedules-0-weekday": "2",
            "schedules-0-start_time": "12:00",
            "schedules-0-end_time": "10:00",
            "schedules-0-ORDER": "1",
            "schedules-0-DELETE": "",
            "schedules-0-id": "",
            "closed_months": ["8"],
            "cancelled_dates": "2027-02-30",
            "extra_dates": "2027-08-18",
            "action-publish": "publish",
        }
    )
    data.update({f"body_{code}-count": "0" for code in ("ja", "ja_easy", "en", "zh_hans", "ko", "vi")})
    data = {k: v for k, v in data.items() if "__prefix__" not in k}
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert not PlacePage.objects.filter(slug="yotsuya-salon").exists()
    for message in (
        "「2027-02-30」は日付ではありません",
        "2027-08-18 は休みの月の日です。",
        "第何週かを1つ以上選んでください。",
        "終了時刻は開始時刻より後にしてください。",
    ):
        assert message in page, message
