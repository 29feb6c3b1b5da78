"""A resident on a phone (390×844) reaches a person, safely: a short header in every language, the first result on
the first screen, the quick exit at the top that Back cannot undo, titles without the words searched, tap-to-call
numbers, and the counter memo two taps from a service page without JavaScript."""

from urllib.parse import quote

import pytest
from django.conf import settings

from tests.contract import AMBULANCE_TEL, CHILD_ABUSE_TEL, DV_NAVI_TEL, LANGUAGES, POLICE_TEL

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PHONE_SCREEN = {"width": 390, "height": 844}
NEUTRAL = "<!DOCTYPE html><html lang='en'><head><title>Search</title></head><body>search</body></html>"


def phone_page(browse, javascript=True):
    """A touch screen: hover: none and pointer: coarse, as on a phone."""
    return browse.page(javascript=javascript, viewport=PHONE_SCREEN, is_mobile=True, has_touch=True)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_header_leaves_the_phone_screen_to_the_page(browse, language):
    page = phone_page(browse)
    page.goto(f"/{language}/")
    height = page.locator("header.site-header").bounding_box()["height"]
    assert height <= 120, f"{language}: header {height}px"
    # The six languages and the furigana choice sit behind one control.
    assert not page.locator(".language-switcher").is_visible()
    page.click(".language-menu summary")
    assert page.locator(".language-switcher li a").count() == len(LANGUAGES)


@pytest.mark.parametrize("query", ["認知症", "仕事がない 親の年金", "子どもが学校に行かない"])
def test_the_first_result_is_on_the_first_screen(browse, query):
    page = phone_page(browse)
    page.goto("/ja/search/?q=" + quote(query))
    card = page.locator("#search-results .card").first
    box = card.bounding_box()
    assert box and box["y"] + 60 < PHONE_SCREEN["height"], f"{query}: first result at {box}"
    # One search box on the search page, and filters folded away.
    assert page.locator("input[name=q]").count() == 1
    assert not page.locator("fieldset.facet").first.is_visible()
    assert card.locator("a[href^='tel:']").count() == 1


@pytest.mark.parametrize(
    "path",
    [
        "/ja/services/women-support/",
        "/ja/search/?q=" + quote("夫に殴られる"),
        "/ja/navi/?who=me&attribute=women",
        "/ja/navi/memo/",
    ],
)
def test_the_quick_exit_is_at_the_top_and_back_does_not_return(browse, path):
    page = phone_page(browse)
    page.context.route(
        settings.QUICK_EXIT_URL + "**", lambda route: route.fulfill(body=NEUTRAL, content_type="text/html")
    )
    page.goto("/ja/")
    page.goto(path)
    button = page.locator("[data-quick-exit]")
    assert button.bounding_box()["y"] < 10
    assert "Esc" not in button.inner_text()  # a phone has no Esc key
    assert "殴" not in page.title()
    button.click()
    page.wait_for_url(settings.QUICK_EXIT_URL + "**")
    page.go_back()
    page.wait_for_load_state()
    assert page.url.endswith("/ja/"), page.url
    browse.outside_requests[:] = [u for u in browse.outside_requests if not u.startswith(settings.QUICK_EXIT_URL)]


def test_tap_to_call_numbers_where_they_belong(browse):
    page = phone_page(browse)
    wanted = {
        "/ja/services/women-support/": {POLICE_TEL, DV_NAVI_TEL},
        "/ja/for-neighbours/": {AMBULANCE_TEL, POLICE_TEL, CHILD_ABUSE_TEL},
        "/ja/services/child-and-family-consultation/": {CHILD_ABUSE_TEL},
    }
    for path, numbers in wanted.items():
        page.goto(path)
        hrefs = set(page.eval_on_selector_all("main a[href^='tel:']", "els => els.map(e => e.getAttribute('href'))"))
        assert numbers <= hrefs, path
    page.goto("/ja/for-neighbours/")
    assert page.locator(".urgent a[href='tel:119']").bounding_box()["y"] < PHONE_SCREEN["height"]


def test_the_memo_is_two_taps_from_a_service_page_without_javascript(browse):
    page = phone_page(browse, javascript=False)
    page.goto("/ja/services/team-orange/")
    page.click(".memo-link a")
    page.wait_for_url("**/navi/memo/**")
    assert page.locator("h1").inner_text().startswith("相談メモ")
