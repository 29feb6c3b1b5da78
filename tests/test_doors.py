"""Doors: the phrase to say on the phone is the same wherever it appears, and on pages in other languages it comes
with its reading in kana and in romaji, beside the lines to ask for an interpreter or for easy Japanese."""

from urllib.parse import quote

import pytest

from portal import languages
from portal.reading import counter_phrases, interpreter, reading
from services.models import ServicePage

from .utils import soup_of

pytestmark = pytest.mark.django_db

OTHER_LANGUAGES = [code for code in languages.CODES if not languages.get(code).japanese]


def test_a_phrase_is_read_word_by_word_in_kana_and_in_romaji():
    said = reading("障害者福祉課に、障害者相談支援事業のことで相談したいです")
    assert said.kana.startswith("しょうがいしゃ ふくしかに、")
    assert "そうだん" in said.kana and "障害" not in said.kana
    assert said.romaji.startswith("shougaisha fukushika ni, ")
    assert said.romaji.endswith("soudan shitai desu")


def test_particles_are_spelled_as_they_are_said_and_loanwords_stay_katakana():
    said = reading("通訳をお願いします")
    assert said.romaji == "tsuuyaku o onegai shimasu"
    assert reading("地域包括支援センターは").romaji.endswith("sentaa wa")
    assert "センター" in reading("地域包括支援センター").kana


def test_an_editors_reading_correction_reaches_the_romaji(monkeypatch):
    from portal import furigana as module
    from services.models import Reading

    Reading.objects.update_or_create(word="中央", defaults={"reading": "なかお"})
    monkeypatch.setitem(module._state, "checked", 0)  # as if the check interval had passed
    assert reading("中央の窓口").romaji.startswith("nakao no")


def test_the_interpreter_line_names_the_pages_language_in_japanese():
    assert interpreter(languages.get("vi")) == "ベトナム語の通訳をお願いします"
    assert interpreter(languages.get("ja")) == ""
    assert "betonamugo" in reading(interpreter(languages.get("vi"))).romaji
    assert interpreter(languages.get("en")) in counter_phrases(languages.get("en"))
    assert "やさしい日本語で話してください" in counter_phrases(languages.get("ko"))


def _service_without_a_direct_number():
    for page in ServicePage.objects.live().order_by("path"):
        if not page.main_contact and page.slug != "welfare-consultation-window":
            return page
    raise AssertionError("every program has a direct number: the main number's phrase is never shown")


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_a_service_page_in_another_language_gives_the_phrase_with_its_reading(client, language):
    page = _service_without_a_direct_number()
    soup = soup_of(client, f"/{language}/services/{page.slug}/")
    say = soup.select_one(".contact .say")
    phrase = page.phrase_to_say()
    assert say.select_one(".say__ja").get_text() == f"「{phrase}」"
    assert say.select_one(".say__kana").get_text() == f"「{reading(phrase).kana}」"
    assert say.select_one(".say__romaji").get_text() == reading(phrase).romaji
    assert say.select_one(".say__romaji")["lang"] == "ja-Latn"
    help_lines = soup.select_one(".contact .language-help").get_text(" ", strip=True)
    assert interpreter(languages.get(language)) in help_lines
    assert reading("やさしい日本語で話してください").romaji in help_lines


def test_japanese_pages_give_the_phrase_without_a_reading(client):
    page = _service_without_a_direct_number()
    soup = soup_of(client, f"/ja/services/{page.slug}/")
    assert soup.select_one(".contact .say .say__ja").get_text() == f"「{page.phrase_to_say()}」"
    assert not soup.select(".say__reading") and not soup.select(".language-help")


def test_the_result_card_says_the_same_phrase_as_the_page(client, indexed):
    page = _service_without_a_direct_number()
    soup = soup_of(client, "/vi/search/?q=" + quote(page.plan_name or page.title_ja))
    cards = [c for c in soup.select("#search-results .card") if c.select_one(f'a[href$="/{page.slug}/"]')]
    assert cards, "the program is found by its own name"
    say = cards[0].select_one(".card__say")
    assert say.select_one(".say__ja").get_text() == f"「{page.phrase_to_say()}」"
    assert say.select_one(".say__romaji").get_text() == reading(page.phrase_to_say()).romaji
    assert interpreter(languages.get("vi")) in soup.select_one(".language-help").get_text()
