"""The counter memo (相談メモ): one tap from every program's page and from the search results, Japanese first, lines
a resident ticks in the page's language, and a box to write in that belongs to no form, so no request carries it."""

import pytest

from services.models import ServicePage

from .contract import LANGUAGES
from .utils import soup_of

pytestmark = pytest.mark.django_db


def memo_of(client, language, page, status=200):
    return soup_of(client, f"/{language}/navi/memo/?service={page.pk}", status=status)


@pytest.fixture
def program():
    return ServicePage.objects.live().get(slug="disability-consultation")


def test_every_program_page_links_its_own_memo(client):
    for page in ServicePage.objects.live().public():
        soup = soup_of(client, f"/en/services/{page.slug}/")
        link = soup.select_one(".contact .memo-link a")
        assert link and link["href"] == f"/en/navi/memo/?service={page.pk}", page.slug


def test_search_results_link_the_memo(client, indexed):
    soup = soup_of(client, "/ko/search/?q=%E8%AA%8D%E7%9F%A5%E7%97%87")
    assert soup.select("#search-results .card")
    assert soup.select_one('.memo-link a[href^="/ko/navi/memo/"]')


def test_the_memo_of_a_program_shows_japanese_first_and_the_phrase_to_say(client, program):
    soup = memo_of(client, "vi", program)
    assert soup.h1.get_text(" ", strip=True).startswith("相談メモ")
    cells = soup.select("table.memo-table tbody tr td")
    assert [td["lang"] for td in cells] == ["ja", "vi"]
    assert program.title_ja in cells[0].get_text() and "障害者福祉課" in cells[0].get_text()
    assert program.title_vi in cells[1].get_text()
    assert soup.select_one(".memo__say .say__ja").get_text() == f"「{program.phrase_to_say()}」"
    assert soup.select_one(".memo__say .say__romaji")


def test_the_lines_to_tick_name_the_pages_language(client, program):
    ticks = memo_of(client, "vi", program).select(".memo__tick")
    japanese = [t.select_one("[lang=ja]").get_text() for t in ticks]
    assert japanese == ["日本語が少しわかります", "やさしい日本語で話してください", "ベトナム語の通訳をお願いします"]
    assert "tiếng Việt" in ticks[2].get_text()
    korean = memo_of(client, "ko", program).select(".memo__tick [lang=ja]")
    assert korean[-1].get_text() == "韓国語の通訳をお願いします"
    easy = memo_of(client, "ja-easy", program).select(".memo__tick [lang=ja]")
    assert [t.get_text() for t in easy] == ["日本語が少しわかります", "やさしい日本語で話してください"]
    assert not memo_of(client, "ja", program).select(".memo__tick")


@pytest.mark.parametrize("language", LANGUAGES)
def test_nothing_the_resident_ticks_or_writes_can_be_sent(client, program, language):
    soup = memo_of(client, language, program)
    box = soup.select_one(".memo__write textarea")
    assert box is not None and soup.select_one(f'label[for="{box["id"]}"]')
    fields = soup.select(".memo textarea, .memo input, .memo select")
    assert fields and all(not f.has_attr("name") and not f.has_attr("form") for f in fields)
    assert all(f.find_parent("form") is None for f in fields)


@pytest.mark.parametrize("value", ["abc", "99999999", "1" * 50])
def test_an_unknown_program_gets_a_helpful_page(client, value):
    soup = soup_of(client, f"/ja/navi/memo/?service={value}", status=400)
    assert soup.select_one('[role="alert"]')


def test_the_finder_memo_lists_the_phrases_of_its_first_windows(client):
    soup = soup_of(client, "/en/navi/memo/?age=senior&attribute=dementia")
    phrases = [p.get_text() for p in soup.select(".memo__say .say__ja")]
    assert phrases and all(p.startswith("「") for p in phrases)
    windows = soup.select("table.memo-table tbody tr td[lang=ja]")[-1].get_text()
    assert "地域包括支援センター" in windows
