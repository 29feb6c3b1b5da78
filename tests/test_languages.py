"""Six languages: every page in each, no untranslated Japanese, complete catalogues, furigana on request."""

import datetime
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.utils import translation

from home.models import HomePage
from portal import languages
from portal.furigana import Furigana
from services.models import AreaIndexPage, AreaPage, ExplainerPage, ServiceIndexPage, ServicePage
from services.templatetags.place_tags import day_text

from .contract import HREFLANG, HTML_LANG, LANGUAGES, NAME_LOCAL, OG_LOCALE
from .utils import as_shown, fetch

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
KANA = re.compile(r"[\u3041-\u309f\u30a0-\u30ff]")
JAPANESE = re.compile(r"[\u3041-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


def shipped_pages():
    return (
        [HomePage.objects.get(), ServiceIndexPage.objects.get(), AreaIndexPage.objects.get()]
        + list(ServicePage.objects.live().order_by("path"))
        + list(AreaPage.objects.live().order_by("path"))
        + list(ExplainerPage.objects.live().order_by("path"))
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_shipped_page_is_written_and_renders_in_each_language(client, language):
    for page in shipped_pages():
        assert page.is_translated(language), f"{page.title_ja} has no {language} version"
        with translation.override(language):
            url, title = page.url, page.title
        soup, _response = fetch(client, url)
        assert soup.html["lang"] == HTML_LANG[language]
        assert re.sub(r"\s", "", soup.h1.get_text()) == re.sub(r"\s", "", as_shown(title, language))
        assert not soup.select(".notice--fallback"), url


@pytest.mark.parametrize("language", ["en", "zh-hans", "ko", "vi"])
def test_pages_in_other_languages_carry_no_untranslated_japanese(client, language):
    """Japanese may appear as an office's name in brackets, marked lang="ja"; never as running text."""
    pattern = KANA if language == "zh-hans" else JAPANESE
    for page in shipped_pages():
        with translation.override(language):
            url = page.url
        soup, _response = fetch(client, url)
        main = soup.select_one("main")
        # Names a person needs at the counter are kept in Japanese in brackets: leave those out.
        text = re.sub(r"[(（「][^()（）「」]*[)）」]", " ", main.get_text(" ", strip=True))
        letters = len(re.findall(r"\w", text))
        japanese = len(pattern.findall(text))
        assert japanese / max(1, letters) < 0.1, f"{url}: {japanese} of {letters} letters are Japanese"
        for run in main.find_all(string=pattern):
            assert run.find_parent(attrs={"lang": re.compile("^ja")}), f"{url}: unmarked Japanese {run[:40]!r}"


@pytest.mark.parametrize("locale", ["ja", "ja_Easy", "en", "zh_Hans", "ko", "vi"])
def test_catalogues_have_no_untranslated_or_fuzzy_entry(locale):
    po = ROOT / "locale" / locale / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--statistics", "--check-format", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_the_interface_speaks_each_language(client):
    skip_links = {}
    for language in LANGUAGES:
        soup, _response = fetch(client, f"/{language}/")
        skip_links[language] = soup.select_one(".skip-link").get_text(strip=True)
    assert len(set(skip_links.values())) == len(LANGUAGES), skip_links


READINGS = [
    ("府中市", "ふちゅうし"),
    ("西府", "にしふ"),
    ("是政", "これまさ"),
    ("押立", "おしたて"),
    ("紅葉丘", "もみじがおか"),
    ("白糸台", "しらいとだい"),
    ("武蔵台", "むさしだい"),
    ("四谷", "よつや"),
    ("片町", "かたまち"),
    ("新町", "しんまち"),
    ("住吉", "すみよし"),
    ("中央", "ちゅうおう"),
    ("地域包括支援センター", "ちいきほうかつしえんせんたー"),
    ("多文化共生センター", "たぶんかきょうせいせんたー"),
    ("福祉総合相談窓口", "ふくしそうごうそうだんまどぐち"),
    ("地域福祉コーディネーター", "ちいきふくしこーでぃねーたー"),
    ("社会福祉協議会", "しゃかいふくしきょうぎかい"),
    ("重層的支援体制整備事業", "じゅうそうてきしえんたいせいせいびじぎょう"),
    ("重層的支援会議", "じゅうそうてきしえんかいぎ"),
    ("支援会議", "しえんかいぎ"),
    ("相談支援包括化推進員", "そうだんしえんほうかつかすいしんいん"),
    ("多機関協働", "たきかんきょうどう"),
    ("伴走支援", "ばんそうしえん"),
    ("居場所", "いばしょ"),
    ("子ども食堂", "こどもしょくどう"),
    ("民生委員", "みんせいいいん"),
    ("認知症", "にんちしょう"),
    ("高齢者", "こうれいしゃ"),
    ("障害者福祉課", "しょうがいしゃふくしか"),
    ("地域福祉推進課", "ちいきふくしすいしんか"),
    ("生活困窮者", "せいかつこんきゅうしゃ"),
    ("文化センター", "ぶんかせんたー"),
    ("引きこもり", "ひきこもり"),
    ("宮西町", "みやにしちょう"),
    ("東京外国語大学", "とうきょうがいこくごだいがく"),
]


def reading_of(html):
    """What a reader says: each <rt> in place of its kanji, other text as written, in hiragana."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.select("rp"):
        tag.decompose()
    for ruby in soup.select("ruby"):
        ruby.replace_with(ruby.rt.get_text())
    text = soup.get_text()
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in text)


@pytest.fixture(scope="module")
def furigana():
    rows = tomllib.loads((ROOT / "services" / "content" / "readings.toml").read_text())["reading"]
    return Furigana({row["word"]: row["reading"] for row in rows})


@pytest.mark.parametrize(("word", "reading"), READINGS)
def test_furigana_reads_the_plans_words_right(furigana, word, reading):
    html = furigana.text(word)
    assert "<ruby>" in html
    assert reading_of(html) == reading


def test_furigana_keeps_okurigana_outside_the_ruby(furigana):
    html = furigana.text("引きこもり")
    assert html.startswith("<ruby>引<rp>(</rp><rt>ひ</rt>")
    assert "</ruby>き" in html


def test_furigana_leaves_markup_alone(furigana):
    html = furigana.html('<a href="/ja/相談/" title="窓口">相談</a><script>var 窓口 = 1;</script>')
    assert 'href="/ja/相談/"' in html and 'title="窓口"' in html
    assert "<script>var 窓口 = 1;</script>" in html
    assert '<a href="/ja/相談/" title="窓口"><ruby>相談' in html


def test_furigana_is_off_until_asked_and_remembered_only_after(client):
    soup, response = fetch(client, "/ja/")
    assert not soup.select("main ruby") and "furigana" not in response.cookies
    soup, response = fetch(client, "/ja/?furigana=on")
    assert soup.select("main ruby") and soup.select("header ruby")
    assert response.cookies["furigana"].value == "on"
    soup, _response = fetch(client, "/ja/services/")
    assert soup.select("main ruby")
    soup, response = fetch(client, "/ja/?furigana=off")
    assert not soup.select("main ruby") and response.cookies["furigana"].value == "off"


def test_easy_japanese_shows_readings_and_other_languages_never(client):
    soup, response = fetch(client, "/ja-easy/")
    assert soup.select("main ruby") and "furigana" not in response.cookies
    soup, _response = fetch(client, "/en/?furigana=on")
    assert not soup.select("ruby")
    assert not soup.select(".furigana-toggle")


def test_the_toggle_works_without_javascript_and_keeps_the_query(client):
    soup, _response = fetch(client, "/ja/search/?attribute=dementia")
    toggle = soup.select_one("a.furigana-toggle")
    assert toggle["href"] == "/ja/search/?attribute=dementia&furigana=on"


def test_editors_see_which_languages_a_page_lacks(admin_client):
    page = ServicePage.objects.get(plan_name="保健相談室")
    page.title_vi = ""
    page.save()
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    panel = BeautifulSoup(response.content, "html.parser").select_one("[data-missing-languages]")
    assert panel and "ベトナム語" in panel.get_text()  # the language named in the admin's Japanese
    report = admin_client.get("/admin/reports/missing-translations/").content.decode()
    assert page.title_ja in report


@pytest.mark.parametrize("url", ["/ja-easy/", "/ja/?furigana=on", "/en/services/welfare-consultation-window/"])
def test_rewritten_pages_declare_their_real_length(client, url):
    """A stale Content-Length makes browsers and gunicorn cut the page off."""
    _soup, response = fetch(client, url)
    assert int(response["Content-Length"]) == len(response.content)


def test_an_editors_reading_correction_is_used(monkeypatch):
    from portal import furigana as module
    from services.models import Reading

    Reading.objects.update_or_create(word="中央", defaults={"reading": "なかお"})
    monkeypatch.setitem(module._state, "checked", 0)  # as if the check interval had passed
    assert reading_of(module.furigana().text("中央")) == "なかお"


def test_japanese_inside_other_languages_is_marked_once_per_page_and_language():
    """The marker keeps each page it has marked: the same page again is served from the cache, and the
    same markup in another language is marked by that language's rule (kanji alone is Chinese too)."""
    from portal.inline_language import mark_html

    markup = "<p>Ask at 福祉総合相談窓口 (ふくし).</p>"
    english = mark_html(markup, "en")
    assert '<span lang="ja">福祉総合相談窓口</span>' in english
    assert mark_html(markup, "en") is english
    chinese = mark_html(markup, "zh-hans")
    assert '<span lang="ja">福祉総合相談窓口</span>' not in chinese
    assert '<span lang="ja">ふくし</span>' in chinese


def test_japanese_inside_a_drawing_is_left_alone():
    """A <span> inside SVG text would break the drawing; charts carry their own lang and <desc>."""
    from portal.inline_language import mark_html

    marked = mark_html('<svg role="img"><text>目標 90%</text></svg><p>目標</p>', "en")
    assert "<text>目標 90%</text>" in marked
    assert '<p><span lang="ja">目標</span></p>' in marked


def test_the_language_registry_says_what_the_contract_says():
    assert [language.code for language in languages.LANGUAGES] == LANGUAGES
    assert [code for code, _name in settings.LANGUAGES] == LANGUAGES
    for language in languages.LANGUAGES:
        assert language.html_lang == HTML_LANG[language.code]
        assert language.hreflang == HREFLANG[language.code]
        assert language.name_local == NAME_LOCAL[language.code]
        assert language.og_locale == OG_LOCALE[language.code]
        assert language.column == language.code.replace("-", "_")


@pytest.mark.parametrize(
    "language, expected",
    [
        ("ja", "12月9日（水）"),
        ("ja-easy", "12月9日（水）"),
        ("en", "Wed 9 Dec"),
        ("zh-hans", "12月9日（周三）"),
        ("ko", "12월 9일 (수)"),
        ("vi", "Thứ Tư, 9/12"),
    ],
)
def test_a_meeting_day_is_written_in_the_words_residents_see(language, expected):
    """Django's own catalogues say 星期三, 수요일 and Thứ 4; ours keep the words the site has always shown."""
    assert day_text(datetime.date(2026, 12, 9), language) == expected
    assert day_text(datetime.date(2026, 12, 13), language) != expected
