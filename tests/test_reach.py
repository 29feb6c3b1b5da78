"""Reach counts for the coordination meeting: counted per day and language, never who, and never robots."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from portal import reach
from portal.models import DailyCount
from services.models import AreaPage, ServicePage

from .factories import ModeratorFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1"


def counts():
    return {(r.metric, r.language): r.count for r in DailyCount.objects.filter(date=timezone.localdate())}


def get(client, url, **extra):
    extra.setdefault("HTTP_USER_AGENT", BROWSER)
    return client.get(url, HTTP_HOST="localhost", **extra)


def page_url(page):
    return page.get_url()


@pytest.fixture
def general_window():
    return ServicePage.objects.live().get(plan_name="福祉総合相談窓口")


@pytest.fixture
def coordinators():
    return ServicePage.objects.live().get(plan_name="地域福祉コーディネーター事業")


def test_record_adds_one_per_call_and_keeps_languages_apart():
    reach.record("phone_tap", language="ja")
    reach.record("phone_tap", language="ja")
    reach.record("phone_tap", language="vi")
    assert counts() == {("phone_tap", "ja"): 2, ("phone_tap", "vi"): 1}


def test_record_refuses_unknown_metrics_and_languages():
    with pytest.raises(ValueError):
        reach.record("page_view", language="ja")
    with pytest.raises(ValueError):
        reach.record("phone_tap", language="fr")
    assert not DailyCount.objects.exists()


def test_views_of_the_general_window_and_the_coordinators_are_counted_per_language(
    client, general_window, coordinators
):
    get(client, page_url(general_window))
    get(client, page_url(general_window))
    get(client, page_url(coordinators))
    with_vietnamese = general_window.get_url().replace("/ja/", "/vi/", 1)
    assert get(client, with_vietnamese).status_code == 200
    assert counts() == {
        ("general_window_view", "ja"): 2,
        ("general_window_view", "vi"): 1,
        ("coordinator_view", "ja"): 1,
    }


def test_an_area_page_counts_as_a_view_of_its_coordinator(client):
    area = AreaPage.objects.live().first()
    assert get(client, page_url(area)).status_code == 200
    assert counts() == {("area_coordinator_view", "ja"): 1}


def test_other_pages_are_not_counted(client, general_window):
    other = ServicePage.objects.live().exclude(plan_name__in=ServicePage.REACH_METRICS).first()
    assert get(client, page_url(other)).status_code == 200
    assert get(client, "/ja/").status_code == 200
    assert not DailyCount.objects.exists()


def test_a_counted_page_view_sets_no_cookie_and_stores_only_date_metric_language_and_count(client, general_window):
    response = get(client, page_url(general_window), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    assert not response.cookies and not client.cookies
    assert "Set-Cookie" not in response.headers
    assert {f.name for f in DailyCount._meta.get_fields()} == {"id", "date", "metric", "language", "count"}
    stored = list(DailyCount.objects.values())
    assert stored == [
        {
            "id": stored[0]["id"],
            "date": timezone.localdate(),
            "metric": "general_window_view",
            "language": "ja",
            "count": 1,
        }
    ]
    assert "203.0.113.9" not in str(stored) and "iPhone" not in str(stored)


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (compatible; Baiduspider/2.0)",
        "SomeCrawler/1.0",
        "",
    ],
)
def test_robots_are_not_counted(client, general_window, user_agent):
    assert get(client, page_url(general_window), HTTP_USER_AGENT=user_agent).status_code == 200
    assert client.post("/api/reach/", {"metric": "phone_tap"}, HTTP_USER_AGENT=user_agent).status_code == 204
    assert not DailyCount.objects.exists()


def test_head_requests_are_not_counted(client, general_window):
    response = client.head(page_url(general_window), HTTP_HOST="localhost", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200
    assert not DailyCount.objects.exists()


def test_previews_are_not_counted(admin_client, general_window):
    response = admin_client.get(
        reverse("wagtailadmin_pages:view_draft", args=[general_window.pk]), HTTP_USER_AGENT=BROWSER
    )
    assert response.status_code == 200
    assert not DailyCount.objects.exists()


def test_searches_with_no_result_are_counted_on_the_page_and_in_the_api(client, indexed):
    get(client, "/ja/search/?q=認知症")
    get(client, "/api/search/?q=%E8%AA%8D%E7%9F%A5%E7%97%87")
    assert not DailyCount.objects.exists()
    get(client, "/ja/search/?q=zzqqxx")
    get(client, "/en/search/?q=zzqqxx")
    get(client, "/api/search/?q=zzqqxx&lang=ko")
    client.head("/ja/search/?q=zzqqxx", HTTP_HOST="localhost", HTTP_USER_AGENT=BROWSER)
    assert counts() == {("search_no_result", "ja"): 1, ("search_no_result", "en"): 1, ("search_no_result", "ko"): 1}


def test_finder_results_are_counted_but_not_the_empty_form(client):
    try:
        url = reverse("navi")
    except NoReverseMatch:
        pytest.skip("the 相談先ナビ is not routed yet")
    assert get(client, url).status_code == 200
    assert not DailyCount.objects.exists()
    assert get(client, url + "?attribute=dementia&age=senior").status_code == 200
    assert get(client, url + "?attribute=nonsense").status_code == 400
    assert counts() == {("navi_completion", "ja"): 1}


def test_the_beacon_counts_a_phone_tap_and_answers_204_without_a_cookie(client):
    response = client.post("/api/reach/", {"metric": "phone_tap", "language": "zh-hans"}, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 204
    assert not response.content and not response.cookies and "Set-Cookie" not in response.headers
    response = client.post("/api/reach/", {"metric": "phone_tap"}, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 204
    assert counts() == {("phone_tap", "zh-hans"): 1, ("phone_tap", "ja"): 1}


@pytest.mark.parametrize(
    "data",
    [
        {"metric": "general_window_view"},
        {"metric": "unknown"},
        {},
        {"metric": "phone_tap", "language": "fr"},
    ],
)
def test_the_beacon_refuses_what_a_browser_may_not_report(client, data):
    response = client.post("/api/reach/", data, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 400
    assert response.json()["error"]
    assert not DailyCount.objects.exists()


def test_the_beacon_takes_post_only_and_needs_no_csrf_token(client, settings):
    from django.test import Client

    assert client.get("/api/reach/").status_code == 405
    assert client.head("/api/reach/").status_code == 405
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/api/reach/", {"metric": "phone_tap"}, HTTP_USER_AGENT=BROWSER).status_code == 204


def test_every_page_loads_the_beacon_with_defer_and_phone_links_still_dial(client, general_window):
    response = get(client, page_url(general_window))
    html = response.content.decode()
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    script = soup.select_one('script[src$="js/reach.js"]')
    assert script and script.has_attr("defer")
    assert script["data-endpoint"] == "/api/reach/" and script["data-language"] == "ja"
    assert soup.select_one('a[href^="tel:"]'), "the page must offer a phone link that works without JavaScript"


def test_the_csv_export_has_every_count_with_a_bom_for_excel(admin_client):
    today = timezone.localdate()
    DailyCount.objects.create(date=today, metric="phone_tap", language="ja", count=3)
    yesterday = today - timezone.timedelta(days=1)
    DailyCount.objects.create(date=yesterday, metric="search_no_result", language="vi", count=2)
    response = admin_client.get(reverse("reach_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["date", "metric", "language", "count"],
        [yesterday.isoformat(), "search_no_result", "vi", "2"],
        [today.isoformat(), "phone_tap", "ja", "3"],
    ]


def test_only_permitted_users_download_the_csv(client, editor, django_user_model):
    url = reverse("reach_export")
    assert client.get(url).status_code == 302  # not logged in: the admin's login page
    client.force_login(editor)
    refused = client.get(url)
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")  # Wagtail's "no"
    editor.user_permissions.add(Permission.objects.get(codename="export_dailycount"))
    editor = django_user_model.objects.get(pk=editor.pk)
    client.force_login(editor)
    assert client.get(url).status_code == 200
    moderator = ModeratorFactory()
    client.force_login(moderator)
    assert client.get(url).status_code == 200


def test_the_reach_report_shows_the_last_30_days_to_an_editor(client, editor):
    reach.record("phone_tap", language="ja")
    reach.record("phone_tap", language="en")
    reach.record("general_window_view", language="ja")
    client.force_login(editor)
    response = client.get(reverse("reach_report"))
    assert response.status_code == 200
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(response.content, "html.parser")
    table = soup.select_one("#reach-report table")
    assert table is not None and table.caption
    headers = [th.get_text(strip=True) for th in table.select("thead th[scope=col]")]
    assert len(headers) == 1 + len(reach.METRICS)
    rows = table.select("tbody tr")
    assert len(rows) == 30
    assert rows[0].select_one("th[scope=row] time")["datetime"] == timezone.localdate().isoformat()
    today = [td.get_text(strip=True) for td in rows[0].select("td")]
    metrics = list(reach.METRICS)
    assert today[metrics.index("phone_tap")] == "2"
    assert today[metrics.index("general_window_view")] == "1"
    assert not soup.select_one(f'a[href="{reverse("reach_export")}"]'), "an editor without the permission gets no link"


def test_the_dashboard_and_the_reports_menu_link_the_csv_for_those_allowed(admin_client, admin_user, editor, rf):
    from bs4 import BeautifulSoup
    from wagtail import hooks

    url = reverse("reach_export")
    soup = BeautifulSoup(admin_client.get(reverse("wagtailadmin_home")).content, "html.parser")
    assert soup.select_one("[id^='reach']").select_one(f'a[href="{url}"]')
    items = [fn() for fn in hooks.get_hooks("register_reports_menu_item")]
    item = next(item for item in items if item.url == url)
    request = rf.get("/admin/")
    request.user = admin_user
    assert item.is_shown(request)
    request.user = editor
    assert not item.is_shown(request)
