"""Every page tells search engines and link previews what it is about, in the page's own language."""

import re

import pytest
from django.utils import translation

from home.models import HomePage
from services.models import AreaPage, ServicePage

from .factories import PlacePageFactory
from .utils import page_of_each_type, soup_of

pytestmark = pytest.mark.django_db

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
LIMIT = 160


def a_place():
    return PlacePageFactory(
        parent=AreaPage.objects.get(area__slug="musashidai"),
        title="テストの居場所",
        slug="test-place",
        summary="だれでも立ち寄れる、テストのための居場所です。",
        title_en="A test place to belong",
        summary_en="A place for the tests where anyone can drop in.",
    )


def pages_of_each_type():
    return [*page_of_each_type(), a_place()]


def description_of(soup):
    tags = soup.select('meta[name="description"]')
    assert len(tags) == 1, "exactly one meta description"
    text = tags[0]["content"]
    og = soup.select_one('meta[property="og:description"]')
    assert og and og["content"] == text, "link previews show the same description"
    return text


def urls_of_each_type(language):
    urls = []
    for page in pages_of_each_type():
        assert page is not None
        with translation.override(language):
            urls.append(page.url)
    return urls + [f"/{language}/search/", f"/{language}/search/?q=dementia", f"/{language}/navi/"]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_page_type_has_a_short_description_in_its_language(client, indexed, language):
    seen = {}
    for url in urls_of_each_type(language):
        text = description_of(soup_of(client, url))
        assert text.strip(), f"{url}: empty description"
        assert len(text) <= LIMIT, f"{url}: {len(text)} characters"
        japanese = len(JAPANESE.findall(text))
        if language == "ja":
            assert japanese, f"{url}: a Japanese page has no Japanese description: {text!r}"
        else:
            assert japanese / len(text) < 0.3, f"{url}: an English page has a Japanese description: {text!r}"
        seen.setdefault(text, []).append(url)
    duplicates = {text: urls for text, urls in seen.items() if len(urls) > 1}
    assert not duplicates, "each page describes itself"


def test_the_search_page_describes_itself_in_japanese(client, indexed):
    for url in ["/ja/search/", "/ja/search/?q=認知症"]:
        assert JAPANESE.search(description_of(soup_of(client, url))), url


def test_the_description_is_the_pages_own_words(client):
    service = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    home = HomePage.objects.get()
    area = AreaPage.objects.get(area__slug="chuo")
    assert " ".join(service.summary.split()).startswith(description_of(soup_of(client, service.url)).rstrip("…"))
    assert description_of(soup_of(client, "/ja/")).startswith(home.intro[:20])
    with translation.override("en"):
        url, name = area.url, area.area.name
    assert name in description_of(soup_of(client, url))


def test_an_editors_search_description_wins_in_its_own_language_only(client):
    service = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    service.search_description_ja = "検索結果に出す説明文です。"
    service.save_revision().publish()
    assert description_of(soup_of(client, service.url)) == "検索結果に出す説明文です。"
    with translation.override("en"):
        url, summary = service.url, service.summary
    assert " ".join(summary.split()).startswith(description_of(soup_of(client, url)).rstrip("…"))


def test_a_long_text_is_cut_to_what_search_engines_show(client):
    service = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    service.search_description_ja = "あ" * 300
    service.save_revision().publish()
    text = description_of(soup_of(client, service.url))
    assert len(text) == LIMIT and text.endswith("…")
