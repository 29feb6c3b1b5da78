"""Journeys a resident takes, in a real browser (Debian's Chromium through Playwright; see tests/browser.py)."""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser import PHONE
from tests.contract import CITY_MAIN_TEL

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

NO_MATCH = "ぴよぴよぱぴぷぺぽ"

FOCUS_SHOWN = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  return el.matches(":focus-visible") && (outline || style.boxShadow !== "none");
}"""


def query_of(url):
    return parse_qs(urlsplit(url).query)


def navi_or_skip(page, path):
    response = page.goto(path)
    if response.status == 404:
        pytest.skip(f"{path} answers 404: the household finder is not on this branch yet")
    assert response.ok, f"{path}: {response.status}"
    return response


def first_result_link(page):
    return page.locator("#search-results .card__title a").first


def test_home_search_facet_service_and_phone_link(browse):
    page = browse.page()
    page.goto("/ja/")
    page.fill("#site-search-q", "認知症")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/ja/search/?q=*")
    assert query_of(page.url)["q"] == ["認知症"]
    results = page.locator("#search-results .card")
    before = results.count()
    assert before > 1

    # Ticking a filter updates the results in place (search.js) and keeps the address shareable.
    page.click(".filters summary")
    box = page.locator('fieldset.facet input[name="age"][value="infant"]')
    if not box.count():
        box = page.locator("fieldset.facet input[type=checkbox]:not(:checked)").first
    name, value = box.get_attribute("name"), box.get_attribute("value")
    box.check()
    page.wait_for_function("([n, v]) => new URLSearchParams(location.search).getAll(n).includes(v)", arg=[name, value])
    page.wait_for_selector(f'fieldset.facet input[name="{name}"][value="{value}"]:checked')
    assert query_of(page.url)["q"] == ["認知症"]
    assert page.locator("#search-results .card").count() <= before

    title = first_result_link(page).inner_text()
    first_result_link(page).click()
    page.wait_for_url("**/ja/services/**")
    assert page.locator("h1").inner_text() == title
    phone = page.locator(".contact a.tel").first
    assert phone.is_visible()
    assert phone.get_attribute("href").startswith("tel:")


def test_language_switch_keeps_the_page_and_its_query(browse):
    page = browse.page()
    page.goto("/ja/search/?q=認知症&attribute=dementia")
    japanese_heading = page.locator("h1").inner_text()
    page.click(".language-menu summary")
    page.click('.language-switcher a[hreflang="en"]')
    page.wait_for_url("**/en/search/**")
    assert query_of(page.url) == {"q": ["認知症"], "attribute": ["dementia"]}
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() != japanese_heading
    assert page.locator('input[name="attribute"][value="dementia"]').is_checked()

    page.goto("/ja/services/")
    first_program = page.locator("main a[href^='/ja/services/']").first.get_attribute("href")
    page.goto(first_program)
    page.click(".language-menu summary")
    page.click('.language-switcher a[hreflang="vi"]')
    page.wait_for_load_state()
    assert urlsplit(page.url).path == first_program.replace("/ja/", "/vi/", 1)
    assert page.locator("html").get_attribute("lang") == "vi"


def test_furigana_toggle_adds_and_removes_ruby(browse):
    page = browse.page()
    page.goto("/ja/about/")
    assert page.locator("main ruby").count() == 0
    page.click(".language-menu summary")
    page.click(".furigana-toggle")
    page.wait_for_url("**furigana=on**")
    assert page.locator("main ruby").count() > 0
    assert page.locator("main rt").first.inner_text().strip()
    page.click(".language-menu summary")
    page.click(".furigana-toggle")
    page.wait_for_url("**furigana=off**")
    assert page.locator("main ruby").count() == 0


def test_furigana_toggle_keeps_the_search(browse):
    page = browse.page()
    page.goto("/ja/search/?q=介護")
    page.click(".language-menu summary")
    page.click(".furigana-toggle")
    page.wait_for_url("**furigana=on**")
    assert query_of(page.url)["q"] == ["介護"]
    assert page.locator("#search-results ruby").count() > 0


def test_no_result_search_shows_a_way_to_a_person(browse):
    page = browse.page()
    page.goto(f"/ja/search/?q={NO_MATCH}")
    assert page.locator(".no-results").is_visible()
    phone = page.locator("main a.tel").first
    assert phone.is_visible()
    assert phone.get_attribute("href") == CITY_MAIN_TEL
    assert "福祉総合相談窓口" in page.locator(".no-results").inner_text()


def test_search_works_without_javascript(browse):
    page = browse.page(javascript=False)
    page.goto("/ja/")
    page.fill("#site-search-q", "子育て")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/ja/search/?q=*")
    count = page.locator("#search-results .card").count()
    assert count > 1
    page.click(".filters summary")
    box = page.locator('fieldset.facet input[name="age"][value="infant"]')
    box.check()
    page.click(".search-form button[type=submit]")
    page.wait_for_url("**age=infant**")
    assert query_of(page.url)["q"] == ["子育て"]
    assert page.locator('input[name="age"][value="infant"]').is_checked()
    assert 0 < page.locator("#search-results .card").count() <= count
    first_result_link(page).click()
    page.wait_for_url("**/ja/services/**")
    assert page.locator(".contact a.tel").first.is_visible()


def _answer_navi(page, javascript=True):
    page.check('input[name="who"][value="family"]')
    if javascript:  # the + buttons the script adds beside the counters
        page.locator(".navi-counter:has(#navi-count-senior) button").last.click()
        page.locator(".navi-counter:has(#navi-count-child) button").last.click()
        assert page.input_value("#navi-count-senior") == "1"
    else:  # the number boxes alone
        page.fill("#navi-count-senior", "1")
        page.fill("#navi-count-child", "1")
    page.check('input[name="attribute"][value="dementia"]')
    page.click("#navi-form button[type=submit]")
    page.wait_for_url("**/ja/navi/?**")
    assert sorted(query_of(page.url)["age"]) == ["child", "senior"]
    assert page.locator("#navi-answer-heading").is_visible()
    cards = page.locator(".navi-cards .card")
    assert cards.count() > 0
    assert page.locator("main a.tel").first.get_attribute("href").startswith("tel:")


def test_household_finder(browse):
    page = browse.page()
    navi_or_skip(page, "/ja/navi/")
    _answer_navi(page)


def test_household_finder_without_javascript(browse):
    page = browse.page(javascript=False)
    navi_or_skip(page, "/ja/navi/")
    _answer_navi(page, javascript=False)


@pytest.mark.parametrize(
    "path", ["/ja/", "/ja/search/?q=認知症", "/ja/services/welfare-consultation-window/", "/en/navi/"]
)
def test_phone_sized_screen_has_no_sideways_scroll_and_shows_the_phone_link(browse, path):
    page = browse.page(viewport=PHONE)
    if "/navi/" in path:
        navi_or_skip(page, path)
    else:
        page.goto(path)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a {PHONE['width']}px screen"
    phone = page.locator("main a.tel").first
    phone.scroll_into_view_if_needed()
    assert phone.is_visible()
    box = phone.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert box["height"] >= 24, "the phone link is too small to tap"


def tab_until(page, selector, limit=80):
    """Press Tab until the focused element matches `selector`; every element on the way shows its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement === document.body"):
            continue
        assert page.evaluate(FOCUS_SHOWN), f"no visible focus on {page.evaluate('document.activeElement.outerHTML')}"
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} was not reached with {limit} Tab presses on {page.url}")


def test_keyboard_only_journey(browse):
    page = browse.page()
    page.goto("/ja/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.matches('a.skip-link')")
    assert page.evaluate(FOCUS_SHOWN)
    assert page.locator("a.skip-link").bounding_box()["x"] >= 0, "the skip link stays off screen when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"

    page.keyboard.press("Shift+Tab")  # back into the header, then forward to the search box
    tab_until(page, "#site-search-q")
    page.keyboard.type("ひきこもり")
    page.keyboard.press("Enter")
    page.wait_for_url("**/ja/search/?q=*")

    tab_until(page, "#search-results .card__title a")
    target = page.evaluate("() => document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{target}")
    assert page.locator("h1").is_visible()
