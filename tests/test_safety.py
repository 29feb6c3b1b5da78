"""A visit about violence at home leaves no trace a partner could read: the quick exit on every page such a visit
leads to, titles without the words searched, no invitation to bookmark, and the numbers to call (CONTRACT §5)."""

from urllib.parse import quote

import pytest
from django.conf import settings

from tests.contract import AMBULANCE_TEL, CHILD_ABUSE_TEL, DV_NAVI_TEL, LANGUAGES, POLICE_TEL

from .utils import fetch, soup_of

pytestmark = pytest.mark.django_db

VIOLENT_QUERY = "夫に殴られる"


def quick_exit_of(soup):
    return soup.select_one("[data-quick-exit]")


def tels(soup):
    return {a["href"] for a in soup.select("a[href^='tel:']")}


@pytest.mark.parametrize(
    "url",
    [
        "/ja/services/women-support/",
        "/ja/search/?q=" + quote(VIOLENT_QUERY),
        "/en/search/?q=" + quote("my husband hits me"),
        "/ja/search/?q=DV",
        "/ja/search/?attribute=women",
        "/ja/navi/?who=me&attribute=women",
        "/ja/navi/memo/?who=me&attribute=dementia",
    ],
)
def test_a_visit_about_violence_starts_with_the_quick_exit(client, url):
    soup = soup_of(client, url)
    button = quick_exit_of(soup)
    assert button is not None, url
    assert button["href"] == settings.QUICK_EXIT_URL
    # At the very top: before the skip link and the header.
    first = soup.body.find(True)
    assert first.select_one("[data-quick-exit]") is button
    assert button.select_one(".quick-exit__touch").get_text(strip=True)
    assert "Esc" not in button.select_one(".quick-exit__touch").get_text()


@pytest.mark.parametrize(
    "url",
    ["/ja/", "/ja/search/?q=" + quote("認知症"), "/ja/navi/?who=me&attribute=dementia", "/ja/services/team-orange/"],
)
def test_other_pages_have_no_quick_exit(client, url):
    assert quick_exit_of(soup_of(client, url)) is None


def test_the_quick_exit_goes_where_the_setting_says(client, settings):
    settings.QUICK_EXIT_URL = "https://example.org/weather"
    assert quick_exit_of(soup_of(client, "/ja/services/women-support/"))["href"] == "https://example.org/weather"


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_and_finder_titles_never_hold_what_was_searched(client, language):
    for url in [f"/{language}/search/?q=" + quote(VIOLENT_QUERY), f"/{language}/navi/?who=me&attribute=women"]:
        soup = soup_of(client, url)
        title = soup.title.get_text()
        assert VIOLENT_QUERY not in title and "殴" not in title
        assert VIOLENT_QUERY not in soup.select_one('meta[property="og:title"]')["content"]


def test_search_fields_are_not_remembered_by_the_browser(client):
    soup = soup_of(client, "/ja/search/?q=" + quote(VIOLENT_QUERY))
    fields = soup.select("input[name=q]")
    assert fields and all(field.get("autocomplete") == "off" for field in fields)


def test_the_finder_does_not_invite_a_bookmark_when_the_answer_is_about_violence(client):
    html = fetch(client, "/en/navi/?who=me&attribute=women")[1].content.decode()
    assert "bookmark" not in html
    assert "bookmark" in fetch(client, "/en/navi/?who=me&attribute=dementia")[1].content.decode()


def test_violence_pages_offer_110_and_the_dv_line(client):
    for url in ["/ja/services/women-support/", "/ja/navi/?who=me&attribute=women"]:
        assert {POLICE_TEL, DV_NAVI_TEL} <= tels(soup_of(client, url)), url


def test_pages_about_children_offer_189_and_others_do_not(client):
    assert CHILD_ABUSE_TEL in tels(soup_of(client, "/ja/services/child-and-family-consultation/"))
    assert CHILD_ABUSE_TEL not in tels(soup_of(client, "/ja/services/team-orange/"))


def test_the_neighbours_page_has_an_urgent_box_and_says_what_to_do_on_suspected_abuse(client):
    soup = soup_of(client, "/en/for-neighbours/")
    urgent = soup.select_one(".urgent")
    assert {AMBULANCE_TEL, POLICE_TEL} <= tels(urgent)
    suspected = soup.select_one(".suspected")
    assert {POLICE_TEL, CHILD_ABUSE_TEL} <= tels(suspected)
    links = {a["href"] for a in suspected.select("a[href^='/en/services/']")}
    assert "/en/services/child-and-family-consultation/" in links
    assert "/en/services/women-support/" in links
