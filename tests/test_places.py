"""Places to belong: regular dates that skip public holidays, samples only on request and always marked, search."""

import datetime

import pytest
from django.core.management import call_command

from services.models import AreaIndexPage, AreaPage, PlacePage, PlaceSchedule, ServiceIndexPage
from services.models.places import WeeksFormField, is_public_holiday

from .contract import CITY_MAIN_TEL
from .factories import PlacePageFactory, SuperuserFactory
from .utils import fetch, soup_of

pytestmark = pytest.mark.django_db

D = datetime.date
SAMPLE_COUNT = 4


def monthly(weeks, weekday, **kwargs):
    return PlaceSchedule(frequency=PlaceSchedule.MONTHLY, weeks=weeks, weekday=weekday, **kwargs)


@pytest.fixture
def demo():
    call_command("load_demo_places", stdout=open("/dev/null", "w"))
    return {p.slug: p for p in PlacePage.objects.all()}


# -- next dates --------------------------------------------------------------------------------------------


def test_the_holiday_library_knows_the_days_the_tests_rely_on():
    assert is_public_holiday(D(2027, 1, 11))  # 成人の日
    assert is_public_holiday(D(2026, 11, 23))  # 勤労感謝の日
    assert not is_public_holiday(D(2027, 2, 8))


def test_a_second_monday_place_skips_coming_of_age_day():
    second_monday = monthly("2", 0)
    assert second_monday.next_date(D(2027, 1, 1)) == D(2027, 2, 8)
    assert second_monday.next_date(D(2027, 1, 11)) == D(2027, 2, 8)
    assert second_monday.next_date(D(2026, 12, 1)) == D(2026, 12, 14)


def test_a_fourth_monday_place_skips_labour_thanksgiving_day():
    assert monthly("4", 0).next_date(D(2026, 11, 20)) == D(2026, 12, 28)
    weekly = PlaceSchedule(frequency=PlaceSchedule.WEEKLY, weekday=0)
    assert weekly.next_date(D(2026, 11, 21)) == D(2026, 11, 30)
    assert weekly.dates(D(2026, 11, 16), 3) == [D(2026, 11, 16), D(2026, 11, 30), D(2026, 12, 7)]


def test_second_and_fourth_wednesdays_come_in_order_and_today_counts():
    rows = monthly("2,4", 2)
    assert rows.dates(D(2026, 12, 9), 4) == [D(2026, 12, 9), D(2026, 12, 23), D(2027, 1, 13), D(2027, 1, 27)]


def test_a_monthly_row_without_weeks_has_no_date_and_does_not_validate():
    row = monthly("", 2)
    assert row.next_date(D(2026, 12, 1)) is None
    with pytest.raises(Exception, match="week"):
        row.clean()


def test_the_weeks_checkboxes_store_a_plain_list():
    field = WeeksFormField(required=False)
    assert field.clean(["4", "2"]) == "2,4"
    assert field.prepare_value("2,4") == ["2", "4"]
    assert not field.has_changed("2,4", ["4", "2"])


def test_the_schedule_reads_in_english():
    from django.utils import translation

    with translation.override("en"):
        assert monthly("2,4", 2).describe() == "The 2nd and 4th Wednesday of each month"
        assert PlaceSchedule(frequency=PlaceSchedule.WEEKLY, weekday=1).describe() == "Every Tuesday"


# -- no invented places ---------------------------------------------------------------------------------


def test_the_city_content_loads_no_places():
    """Shipped content invents no places: only `make demo` adds (sample) places."""
    assert PlacePage.objects.count() == 0
    call_command("load_city_content", stdout=open("/dev/null", "w"))
    assert PlacePage.objects.count() == 0
    assert PlacePage.upcoming() == []


def test_the_demo_command_is_repeatable_and_marks_every_place_as_a_sample(demo):
    assert len(demo) == SAMPLE_COUNT
    call_command("load_demo_places", stdout=open("/dev/null", "w"))
    assert PlacePage.objects.count() == SAMPLE_COUNT
    for place in PlacePage.objects.all():
        assert place.is_sample
        assert place.live
        assert isinstance(place.get_parent().specific, AreaPage)
        for code in ("ja", "ja_easy"):
            assert getattr(place, f"title_{code}").startswith("（見本）"), place.slug
        for code in ("en", "vi", "ko", "zh_hans"):
            assert getattr(place, f"title_{code}"), (place.slug, code)


def test_the_makefile_has_a_demo_target_that_runs_setup_first():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text()
    assert "demo: setup\n\t$(MANAGE) load_demo_places" in makefile


# -- residents and editors see samples as samples ----------------------------------------------------------


@pytest.mark.parametrize("language", ["ja", "en", "ja-easy", "zh-hans", "ko", "vi"])
def test_a_sample_place_says_it_is_a_sample_and_shows_its_next_date(client, demo, language):
    place = demo["sample-fureai-salon"]
    soup = soup_of(client, f"/{language}/areas/chuo/sample-fureai-salon/")
    assert soup.select_one(".sample-notice")
    assert soup.select_one("h1").get_text()
    next_day = soup.select_one(".place__next time")
    day = D.fromisoformat(next_day["datetime"])
    assert day == place.next_date()
    assert day.weekday() == 2 and not is_public_holiday(day)
    assert not soup.select_one("article.place a.tel"), "a sample gives no number to call"


def test_a_sample_place_is_marked_on_its_area_page(client, demo):
    soup = soup_of(client, "/ja/areas/chuo/")
    card = soup.select_one(".area-places .place-card")
    assert "（見本）ふれあいサロン" in card.get_text()
    assert card.select_one(".sample-badge")
    assert card.select_one("time[datetime]")


def test_editors_see_the_sample_notice_in_the_admin(client, demo, django_user_model):
    user = SuperuserFactory()
    client.force_login(user)
    response = client.get(f"/admin/pages/{demo['sample-fureai-salon'].pk}/edit/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "data-sample-notice" in content
    assert "data-missing-information" in content  # phone and the rest are still empty
    for code in ("ja", "ja_easy", "en", "zh_hans", "ko", "vi"):
        assert f'name="venue_{code}"' in content


def test_a_real_place_entered_by_an_editor_carries_no_sample_notice(client):
    place = PlacePageFactory(
        parent=AreaPage.objects.get(area__slug="musashidai"),
        title="テストの居場所",
        slug="test-place",
        summary="テストのための居場所です。",
        schedules=[monthly("1", 3)],
    )
    soup = soup_of(client, "/ja/areas/musashidai/test-place/")
    assert not soup.select_one(".sample-notice")
    assert soup.select_one("article.place a.tel")["href"] == CITY_MAIN_TEL
    from django.utils import translation

    with translation.override("en"):
        missing = [str(item) for item in place.missing_information()]
    assert "the venue" in missing and "cost" in missing


def test_a_place_can_only_sit_under_an_area():
    assert PlacePage.can_exist_under(AreaPage.objects.first())
    assert not PlacePage.can_exist_under(ServiceIndexPage.objects.get())
    assert not PlacePage.can_exist_under(AreaIndexPage.objects.get())


def test_a_place_has_a_poster(client, demo):
    soup, response = fetch(client, "/ja/areas/chuo/sample-fureai-salon/poster/")
    assert "（見本）ふれあいサロン" in soup.select_one("h1").get_text()
    assert soup.select_one(".sample-notice")
    assert soup.select_one("svg[data-url]")["data-url"].endswith("/ja/areas/chuo/sample-fureai-salon/")


# -- PlacePage.upcoming() and the search --------------------------------------------------------------------


def test_upcoming_places_filters_by_area_age_and_situation_and_orders_by_date(demo):
    today = D(2027, 1, 1)
    everything = PlacePage.upcoming(today=today)
    assert len(everything) == SAMPLE_COUNT
    dates = [day for _place, day in everything]
    assert dates == sorted(dates)
    assert all(isinstance(place, PlacePage) for place, _day in everything)
    assert [p.slug for p, _d in PlacePage.upcoming(area_slugs=["chuo"], today=today)] == ["sample-fureai-salon"]
    seniors = {p.slug for p, _d in PlacePage.upcoming(age_slugs=["senior"], today=today)}
    assert seniors == {"sample-fureai-salon", "sample-tasedai-cafe"}  # the café ticks no age: open to all
    poverty = [p.slug for p, _d in PlacePage.upcoming(attribute_slugs=["poverty"], today=today)]
    assert poverty == ["sample-kodomo-shokudo"]
    assert len(PlacePage.upcoming(limit=2, today=today)) == 2
    cafe = dict((p.slug, d) for p, d in everything)["sample-tasedai-cafe"]
    assert cafe == D(2027, 2, 8)  # 第2月曜, and 2027-01-11 is 成人の日
    assert PlacePage.upcoming(area_slugs=["no-such-area"]) == []


def test_a_place_without_a_schedule_comes_last(demo):
    PlacePageFactory(
        parent=AreaPage.objects.get(area__slug="chuo"),
        title="日程未定の居場所",
        slug="undated-place",
        summary="日程はまだです。",
    )
    listed = PlacePage.upcoming(area_slugs=["chuo"])
    assert [p.slug for p, _d in listed] == ["sample-fureai-salon", "undated-place"]
    assert listed[-1][1] is None


def test_an_unpublished_place_is_not_listed(demo):
    demo["sample-kosodate-hiroba"].unpublish()
    assert "sample-kosodate-hiroba" not in [p.slug for p, _d in PlacePage.upcoming()]


def test_published_places_are_found_in_the_search_with_kind_place(client, demo):
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))
    response = client.get("/api/search/", {"kind": "place"}, HTTP_HOST="localhost")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == SAMPLE_COUNT
    for hit in data["results"]:
        assert hit["kinds"] == ["place"]
        assert hit["plan_name"] == ""
        assert hit["citywide"] is False
        assert len(hit["areas"]) == 1
    chuo = client.get("/api/search/", {"kind": "place", "area": "chuo", "lang": "en"}, HTTP_HOST="localhost").json()
    assert [hit["title"] for hit in chuo["results"]] == [demo["sample-fureai-salon"].title_en]
    found = client.get("/api/search/", {"q": "子ども食堂"}, HTTP_HOST="localhost").json()
    assert any(hit["url"].endswith("/sample-kodomo-shokudo/") for hit in found["results"])
    seniors = client.get("/api/search/", {"kind": "place", "age": "senior"}, HTTP_HOST="localhost").json()
    assert sorted(hit["url"].split("/")[-2] for hit in seniors["results"]) == [
        "sample-fureai-salon",
        "sample-tasedai-cafe",  # ticks no age: open to all ages
    ]
    counts = {value["slug"]: value["count"] for value in data["facets"]["kind"]}
    assert counts["place"] == SAMPLE_COUNT


def test_an_editor_adds_a_place_with_second_and_fourth_wednesdays_in_the_admin(client, django_user_model):
    from .test_admin import form_values

    user = SuperuserFactory()
    client.force_login(user)
    area = AreaPage.objects.get(area__slug="yotsuya")
    url = f"/admin/pages/add/services/placepage/{area.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    assert 'type="checkbox" name="schedules-__prefix__-weeks"' in response.content.decode().replace("\n", " ")
    data = form_values(response.content)
    data.update(
        {
            "title_ja": "よつやサロン",
            "slug": "yotsuya-salon",
            "summary_ja": "地域のサロンです。",
            "schedules-TOTAL_FORMS": "1",
            "schedules-INITIAL_FORMS": "0",
            "schedules-0-frequency": "monthly",
            "schedules-0-weeks": ["2", "4"],
            "schedules-0-weekday": "2",
            "schedules-0-start_time": "10:00",
            "schedules-0-end_time": "12:00",
            "schedules-0-ORDER": "1",
            "schedules-0-DELETE": "",
            "schedules-0-id": "",
            "action-publish": "publish",
        }
    )
    data.update({f"body_{code}-count": "0" for code in ("ja", "ja_easy", "en", "zh_hans", "ko", "vi")})
    data = {k: v for k, v in data.items() if "__prefix__" not in k}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    place = PlacePage.objects.get(slug="yotsuya-salon")
    assert place.live and not place.is_sample
    row = place.schedules.get()
    assert row.weeks == "2,4"
    assert row.next_date(D(2026, 12, 1)) == D(2026, 12, 9)
