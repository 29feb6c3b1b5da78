"""Language markup made while rendering (portal.page_markup) gives the same pages as marking the finished page.

The kept pieces of the search page and the frame around every page are marked when they are made (the Japanese
inside other languages, furigana) and fenced; the middleware marks the rest. Each page here is fetched both ways
and must come out the same, character for character, with no fence left in it."""

import pytest
from django.http import HttpResponse

from portal import page_markup
from portal.middleware import LanguageMarkupMiddleware
from portal.templatetags import site_frame
from search import cache

from .utils import fetch

pytestmark = pytest.mark.django_db

SEARCHES = [
    "q=介護",
    "q=認知症&age=senior",
    "q=ひきこもり&attribute=isolation&area=katamachi",
    "q=子育て+相談",
    "kind=place",
    "q=zzzz-nothing",
    "q=介護&area=katamachi&kind=place&page=2",
    "q=dv",
    "",
]
PAGES = ["/{lang}/", "/{lang}/about/", "/{lang}/navi/", "/{lang}/plan/"]


def _both_ways(client, monkeypatch, url, **cookies):
    pages = []
    for premark in (True, False):
        site_frame._kept.clear()
        cache.fragment_memo.values.clear()
        with monkeypatch.context() as patch:
            if not premark:
                patch.setattr(page_markup, "current", lambda context: None)
            client.cookies.clear()
            for name, value in cookies.items():
                client.cookies[name] = value
            response = client.get(url, HTTP_HOST="localhost")
            pages.append((response.status_code, response.content.decode()))
    return pages


@pytest.fixture
def client(client, settings, indexed):
    settings.SEARCH_RESPONSE_CACHE_SECONDS = 0
    return client


@pytest.mark.parametrize("lang", ["en", "zh-hans", "ko", "vi", "ja-easy", "ja"])
def test_search_pages_are_the_same_marked_while_rendering_or_afterwards(client, monkeypatch, lang):
    furigana = {"furigana": "on"} if lang == "ja" else {}
    for query in SEARCHES:
        (status, premarked), (_status, afterwards) = _both_ways(
            client, monkeypatch, f"/{lang}/search/?{query}", **furigana
        )
        assert status in (200, 400)
        assert premarked == afterwards, f"/{lang}/search/?{query}"
        assert "premarked" not in premarked


@pytest.mark.parametrize("lang", ["en", "zh-hans", "ja-easy"])
def test_other_pages_are_the_same_marked_while_rendering_or_afterwards(client, monkeypatch, lang):
    for page in PAGES:
        (_status, premarked), (_s, afterwards) = _both_ways(client, monkeypatch, page.format(lang=lang))
        assert premarked == afterwards, page
        assert "premarked" not in premarked


def test_the_marked_pieces_are_marked(client):
    """The footer's Japanese address is marked while rendering in English, and Easy Japanese gets its readings."""
    site_frame._kept.clear()
    english = fetch(client, "/en/search/?q=care")[1].content.decode()
    assert '<span lang="ja">〒183-8703 府中市宮西町2丁目24番地</span>' in english
    easy = fetch(client, "/ja-easy/search/?q=かいご")[1].content.decode()
    assert "<ruby>" in easy.split("<footer")[1]
    assert any(key[2] is not None for key in site_frame._kept)  # kept with the markup, not marked afterwards


def test_a_page_that_is_not_marked_after_all_loses_its_fences():
    """An error page rendered for an English visitor is not marked by the middleware: no fence is left in it."""
    response = HttpResponse(f"<p>{page_markup.OPEN}<b>x</b>{page_markup.CLOSE}</p>", status=500)
    LanguageMarkupMiddleware.unfence(response)
    assert response.content.decode() == "<p><b>x</b></p>"
