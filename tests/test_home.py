"""The home page on a phone (390×844): within two screens the general window, the finder and the ways in by
situation, including someone near me who worries me and violence at home; every heading says something different;
the page stays small (its bytes are printed, and must stay under 30 KB in every language)."""

import pytest
from wagtail.models import Page

from services.models import ExplainerPage, ServicePage
from tests.browser import AXE_JS
from tests.contract import LANGUAGES
from tests.utils import fetch

PHONE_SCREEN = {"width": 390, "height": 844}
WOMEN_PLAN_NAME = "困難な問題を抱える女性等への支援事業"


def page_url(page, language):
    from django.utils import translation

    with translation.override(language):
        return page.url


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_home_page_has_distinct_headings_and_doors_for_violence_and_neighbours(client, language):
    soup, response = fetch(client, f"/{language}/")
    print(f"/{language}/ home page: {len(response.content):,} bytes")
    assert len(response.content) < 30_000
    headings = [h.get_text(" ", strip=True) for h in soup.select("main h2, main h3")]
    assert len(headings) == len(set(headings)), headings
    if language == "ja":
        assert sum("どこに相談すればいいかわからない" in h for h in headings) <= 1, headings
    doors = {a["data-door"]: a["href"] for a in soup.select("main .doors a")}
    women = ServicePage.objects.get(plan_name=WOMEN_PLAN_NAME)
    neighbours = ExplainerPage.objects.get(slug="for-neighbours")
    assert doors == {
        "violence-at-home": page_url(women, language),
        "someone-near-me": page_url(neighbours, language),
    }
    # The plan, the way the system works and accessibility are in the footer for every page.
    footer = {a["href"] for a in soup.select(".site-footer a")}
    assert {f"/{language}/plan/", f"/{language}/about/", f"/{language}/accessibility/"} <= footer


@pytest.mark.django_db
def test_a_door_whose_page_is_unpublished_is_left_out(client):
    Page.objects.get(slug="for-neighbours").specific.unpublish()
    soup, _ = fetch(client, "/ja/")
    assert [a["data-door"] for a in soup.select("main .doors a")] == ["violence-at-home"]


@pytest.mark.browser
@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_within_two_phone_screens_the_window_the_finder_and_the_doors(browse, language):
    page = browse.page(viewport=PHONE_SCREEN, is_mobile=True, has_touch=True)
    page.goto(f"/{language}/")
    wanted = {
        "the general window's phone": ".first-window a[href^='tel:']",
        "the finder": f"main a[href='/{language}/navi/']",
        "violence at home": "main [data-door=violence-at-home]",
        "someone near me": "main [data-door=someone-near-me]",
    }
    for name, selector in wanted.items():
        box = page.locator(selector).first.bounding_box()
        assert box and box["y"] + box["height"] <= 2 * PHONE_SCREEN["height"], f"{language}: {name} at {box}"
    # What happens when you call opens without JavaScript (<details>).
    page.click(".first-window__more summary")
    assert page.locator(".first-window__more .prose").is_visible()
    page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a',"
        " 'wcag21aa']}})).violations.map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' '))"
    )
    assert not violations, violations
