"""Every page type renders in Japanese and English; the home page puts the general window first."""

import re

import pytest

from home.models import PlanPage
from services.models import AreaPage, ExplainerPage, ServiceContact, ServicePage

from .contract import CITY_MAIN_PHONE
from .factories import PlacePageFactory
from .utils import page_of_each_type, soup_of

pytestmark = pytest.mark.django_db

MAIN_TEL = "tel:" + CITY_MAIN_PHONE.replace("-", "")


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_page_type_renders_in_its_language(client, language):
    from django.utils import translation

    for page in page_of_each_type():
        with translation.override(language):
            url = page.url
            title = page.title
        assert url.startswith(f"/{language}/")
        soup = soup_of(client, url)
        assert soup.html["lang"] == language
        assert soup.h1.get_text(strip=True) == title
        assert title == getattr(page, f"title_{language}")
        assert not soup.select("main[lang]"), f"{url} claims to fall back to Japanese"


def test_the_home_page_opens_with_the_general_window_and_its_phone_link(client):
    soup = soup_of(client, "/ja/")
    sections = soup.select("main section")
    first = sections[0]
    assert "福祉総合相談窓口" in first.h2.get_text()
    tel = first.select_one('a[href^="tel:"]')
    assert tel["href"] == MAIN_TEL and CITY_MAIN_PHONE in tel.get_text()
    assert sections[1].select_one('a[href="/ja/navi/"]'), "the finder comes second"


def test_the_english_home_page_keeps_the_windows_japanese_name_for_the_counter(client):
    soup = soup_of(client, "/en/")
    first = soup.select("main section")[0]
    assert first.select_one('span[lang="ja"]').get_text() == "福祉総合相談窓口"
    assert first.select_one('a[href^="tel:"]')["href"] == MAIN_TEL


def test_ways_in_by_situation_age_and_area_lead_to_search_and_areas(client):
    soup = soup_of(client, "/ja/")
    links = [a["href"] for a in soup.select("main a")]
    assert "/ja/search/?attribute=isolation" in links
    assert "/ja/search/?age=senior" in links
    assert "/ja/areas/chuo/" in links
    assert soup.select_one('form[role="search"] input[name="q"]')


def test_a_program_without_contacts_shows_its_department_and_the_main_number(client):
    soup = soup_of(client, "/ja/services/team-orange/")
    contact = soup.select_one("section.contact")
    assert "高齢者支援課" in contact.get_text()
    assert contact.select_one('a[href^="tel:"]')["href"] == MAIN_TEL
    # The contact block comes first, before who it is for and the body.
    assert soup.select("main section")[0].get("class") == ["contact"]


def test_a_contact_an_editor_entered_is_shown_with_its_phone_link(client):
    page = ServicePage.objects.get(plan_name="保健相談室")
    ServiceContact.objects.create(page=page, label="保健相談室", phone="042-000-0000", hours="テスト用の時間")
    soup = soup_of(client, page.url)
    contact = soup.select_one("section.contact")
    assert contact.select_one('a[href="tel:0420000000"]')
    assert "テスト用の時間" in contact.get_text()
    assert MAIN_TEL not in [a["href"] for a in contact.select("a")]


def test_a_program_page_shows_when_it_was_last_confirmed(client):
    import datetime

    page = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    soup = soup_of(client, page.url)
    assert not soup.select_one(".last-reviewed time")
    assert re.search(r"令和8年.*4月", soup.select_one(".last-reviewed").get_text())
    page.last_reviewed = datetime.date(2026, 10, 1)
    page.save_revision().publish()
    soup = soup_of(client, page.url)
    assert soup.select_one(".last-reviewed time")["datetime"] == "2026-10-01"


def test_a_language_not_yet_written_falls_back_to_japanese_and_says_so(client):
    page = ServicePage.objects.get(plan_name="保健相談室")
    page.title_ko = ""
    page.summary_ko = ""
    page.save()
    soup = soup_of(client, "/ko/services/health-consultation/")
    assert soup.html["lang"] == "ko"
    main = soup.select_one("main")
    assert main["lang"] == "ja"
    assert soup.select_one(".notice--fallback")
    assert soup.h1.get_text(strip=True) == page.title_ja


def test_easy_japanese_is_japanese_to_the_browser(client):
    soup = soup_of(client, "/ja-easy/")
    assert soup.html["lang"] == "ja"
    hreflangs = {link["hreflang"] for link in soup.select('link[rel="alternate"]')}
    assert {"ja", "ja-x-easy", "en", "zh-Hans", "ko", "vi", "x-default"} <= hreflangs


def test_the_language_switcher_keeps_the_page_and_the_query(client):
    soup = soup_of(client, "/ja/search/?attribute=dementia")
    links = {a["lang"]: a["href"] for a in soup.select(".language-switcher li a")}
    assert links["en"] == "/en/search/?attribute=dementia"
    assert soup.select_one('.language-switcher a[aria-current="true"]')["hreflang"] == "ja"


def test_the_area_page_shows_its_coordinator_and_the_citywide_windows(client):
    soup = soup_of(client, "/ja/areas/chuo/")
    assert "地域福祉コーディネーター" in soup.select_one("section.coordinator").get_text()
    assert soup.select_one(".door--coordinator a[href^='tel:']")["href"] == MAIN_TEL
    windows = soup.select("#citywide-heading ~ ul a")
    assert any("福祉総合相談窓口" in a.get_text() for a in windows)


def test_the_directory_lists_all_32_programs(client):
    soup = soup_of(client, "/ja/services/")
    hrefs = {a["href"] for a in soup.select("main .card a")}
    assert len(hrefs) == 32


def test_the_root_redirects_to_a_language_and_unknown_pages_lead_to_help(client):
    response = client.get("/", HTTP_HOST="localhost")
    assert response.status_code == 302 and response["Location"] == "/ja/"
    soup = soup_of(client, "/ja/no-such-page/", status=404)
    assert soup.select_one(f'a[href="{MAIN_TEL}"]')


def test_sitemap_lists_every_page_in_every_language_with_alternates(client):
    response = client.get("/sitemap.xml", HTTP_HOST="localhost")
    assert response.status_code == 200
    xml = response.content.decode()
    assert "http://localhost/ja-easy/services/welfare-consultation-window/" in xml
    assert 'hreflang="ja-x-easy"' in xml and 'hreflang="x-default"' in xml
    assert "http://localhost/vi/navi/" in xml
    finder = 1
    pages = 1 + 2 + 32 + 11 + ExplainerPage.objects.live().count() + PlanPage.objects.live().count() + finder
    assert len(re.findall(r"<url>", xml)) == 6 * pages


def test_the_sitemap_leaves_out_sample_places(client):
    area = AreaPage.objects.live().first()
    PlacePageFactory(
        parent=area, title="（見本）サロン", slug="sample-salon-sitemap", summary="見本です。", is_sample=True
    )
    xml = client.get("/sitemap.xml", HTTP_HOST="localhost").content.decode()
    assert "sample-salon-sitemap" not in xml


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt", HTTP_HOST="localhost")
    assert b"Sitemap: http://localhost/sitemap.xml" in response.content


@pytest.mark.parametrize("language", ["ja", "vi"])
def test_inner_pages_carry_breadcrumbs_from_home_to_the_page_itself(client, language):
    from django.utils import translation

    for page in page_of_each_type():
        with translation.override(language):
            url = page.url
        soup = soup_of(client, url)
        nav = soup.select_one("main nav.breadcrumbs[aria-label]")
        if page.depth <= 2:
            assert nav is None, f"{url}: the home page has no breadcrumbs"
            continue
        crumbs = nav.select("ol > li > a")
        assert crumbs[0]["href"] == f"/{language}/"
        parts = url.strip("/").split("/")  # ["vi", "areas", "chuo"]: each section above the page, in order
        assert [a["href"] for a in crumbs[1:-1]] == ["/" + "/".join(parts[:k]) + "/" for k in range(2, len(parts))]
        assert crumbs[-1]["href"] == url and crumbs[-1]["aria-current"] == "page"
        assert len(nav.select("[aria-current]")) == 1


@pytest.mark.parametrize("language", ["ja", "vi"])
def test_the_search_the_finder_the_memo_and_open_data_carry_breadcrumbs_without_the_query(client, language):
    for path in (
        "search/?q=%E5%A4%AB%E3%81%AB%E6%AE%B4%E3%82%89%E3%82%8C%E3%82%8B&attribute=women",
        "navi/",
        "navi/memo/",
        "open-data/",
    ):
        url = f"/{language}/{path}"
        soup = soup_of(client, url)
        crumbs = soup.select("main nav.breadcrumbs[aria-label] ol > li > a")
        assert [a["href"] for a in crumbs] == [f"/{language}/", url.split("?")[0]], url
        assert crumbs[-1]["aria-current"] == "page" and crumbs[-1].get_text(strip=True)
        assert "殴" not in str(soup.select_one("main nav.breadcrumbs")) and "women" not in crumbs[-1]["href"]


def test_the_plans_program_name_comes_at_the_end_of_a_program_page(client):
    soup = soup_of(client, "/ja/services/team-orange/")
    plan_name = soup.select_one("main .plan-name")
    assert "チームオレンジの推進" in plan_name.get_text()
    # After the contact, who it is for and the next steps: nothing a resident needs comes after it.
    assert soup.select_one("main section.next") in plan_name.find_all_previous("section")
    assert soup.select_one("main section.contact") in plan_name.find_all_previous("section")
