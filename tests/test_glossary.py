"""One word for one thing: the glossary (services/content/glossary.toml) holds, in content and catalogues.

- No text in services/content/**/*.toml or in a catalogue's msgstr uses a rendering the glossary lists
  as wrong for that language.
- Every Easy Japanese text longer than 200 characters explains each glossary term at its first use, in
  the glossary's one form 「語（よみ：説明）」.
- Easy Japanese has no brackets inside brackets and no hiragana readings on katakana words.

The checks take a directory, so the last test can plant mistakes in a copy and see them reported.
"""

import gettext
import io
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("ja", "ja-easy", "en", "zh-hans", "ko", "vi")
LOCALES = {"ja": "ja", "ja_Easy": "ja-easy", "en": "en", "zh_Hans": "zh-hans", "ko": "ko", "vi": "vi"}
NOT_PROSE = {"glossary.toml", "readings.toml", "synonyms.toml"}
"""Files of words rather than sentences: the glossary itself, furigana corrections, and the words residents
may type into the search (a synonym list rightly holds 家暴 or DV)."""
LONG = 200
KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ"
KANA = "ぁ-ゖァ-ヺー・"
BRACKETS = re.compile(r"（[^（）]*）")
READING = re.compile(f"^[{KANA}]+$")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|<[^>]*>")
"""A catalogue's placeholders and markup, which are not text a reader sees."""


def glossary(root=ROOT):
    return tomllib.loads((root / "services/content/glossary.toml").read_text())


def language_of(key, inherited):
    if key in LANGUAGES:
        return key
    for code in LANGUAGES:
        if key.endswith(f"_{code}"):
            return code
    return inherited


def strings(value, where, language):
    if isinstance(value, str):
        if language:
            yield where, language, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, f"{where}.{key}", language_of(key, language))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, f"{where}[{index}]", language)


def content_texts(root=ROOT):
    """(where, language, text) for every text of the shipped content."""
    for path in sorted((root / "services/content").rglob("*.toml")):
        if path.name in NOT_PROSE:
            continue
        data = tomllib.loads(path.read_text())
        yield from strings(data, str(path.relative_to(root)), None)


def catalogue_texts(root=ROOT):
    """(where, language, msgstr) for every translated entry of each catalogue, read through msgfmt."""
    for po in sorted((root / "locale").glob("*/LC_MESSAGES/django.po")):
        compiled = subprocess.run(["msgfmt", "-o", "-", str(po)], capture_output=True, check=True).stdout
        catalogue = gettext.GNUTranslations(io.BytesIO(compiled))._catalog
        for msgid, msgstr in catalogue.items():
            if msgid:
                key = msgid[0] if isinstance(msgid, tuple) else msgid
                yield f"{po.relative_to(root)}: {key[:50]!r}", LOCALES[po.parts[-3]], msgstr


def avoided(entries):
    """{language: [(compiled pattern, what to use instead)]} from the glossary's terms and phrases."""
    rules = {}
    for entry in entries:
        languages = [entry["lang"]] if "lang" in entry else LANGUAGES
        for language in languages:
            instead = entry.get(language, entry.get("note", ""))
            flags = re.IGNORECASE if language == "en" else 0
            plain = entry.get("avoid", {})
            plain = plain if isinstance(plain, list) else plain.get(language, [])
            patterns = entry.get("avoid_pattern", {})
            patterns = patterns if isinstance(patterns, list) else patterns.get(language, [])
            for pattern in [re.escape(word) for word in plain] + patterns:
                rules.setdefault(language, []).append((re.compile(pattern, flags), instead))
    return rules


QUOTED_JAPANESE = re.compile(r'<span lang="ja">[^<]*</span>')


def wrong_renderings(root=ROOT):
    terms = glossary(root)
    rules = avoided(terms.get("term", []) + terms.get("phrase", []))
    found = []
    for where, language, text in [*content_texts(root), *catalogue_texts(root)]:
        # A name quoted in Japanese (<span lang="ja">DV相談ナビ</span>) is the name, not a rendering.
        text = QUOTED_JAPANESE.sub("", text)
        for pattern, instead in rules.get(language, []):
            if match := pattern.search(text):
                found.append(f"{where} [{language}]: {match.group(0)!r} (use {instead!r})")
    return found


def masked(text):
    """`text` with the inside of every bracket blanked, so words inside an explanation are not uses."""
    return BRACKETS.sub(lambda m: "（" + "\0" * (len(m.group(0)) - 2) + "）", text)


def term_uses(terms):
    """A pattern for every spelling of every explained term, longest first, and the term of each spelling."""
    spelling = {}
    for term in terms:
        if "easy" in term:
            for form in [term["ja"], *term.get("forms", [])]:
                spelling[form] = term
    words = sorted(spelling, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))), spelling


def is_word(text, start, end):
    """A use of the term itself, not part of a longer word (福祉 in 障害者福祉課 is the name of a division)."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return not re.match(f"[{KANJI}]", before or " ") and not re.match(f"[{KANJI}ァ-ヺ]", after or " ")


def explanation_at(text, end, term):
    """Whether the glossary's explanation follows the use ending at `end`, okurigana allowed before it."""
    rest = re.match(r"[ぁ-ゖ]*（([^（）]*)）", text[end:])
    if not rest:
        return False
    inside = rest.group(1)
    if "reading" not in term:
        return inside == term["easy"]
    reading, colon, explanation = inside.partition("：")
    return bool(colon) and bool(READING.match(reading)) and explanation == term["easy"]


def unexplained_terms(root=ROOT):
    pattern, spelling = term_uses(glossary(root)["term"])
    found = []
    for where, language, text in content_texts(root):
        if language != "ja-easy" or len(text) <= LONG:
            continue
        seen = set()
        hidden = masked(text)
        for match in pattern.finditer(hidden):
            term = spelling[match.group(0)]
            if term["ja"] in seen or not is_word(hidden, match.start(), match.end()):
                continue
            seen.add(term["ja"])
            if not explanation_at(text, match.end(), term):
                shown = text[match.start() : match.end() + 30].replace("\n", " ")
                found.append(f"{where}: first use of {term['ja']} without 「（よみ：{term['easy']}）」: {shown!r}")
    return found


def easy_texts(root=ROOT):
    return [
        (where, language, PLACEHOLDER.sub("", text))
        for where, language, text in [*content_texts(root), *catalogue_texts(root)]
        if language == "ja-easy"
    ]


def nested_brackets(root=ROOT):
    found = []
    for where, _language, text in easy_texts(root):
        depth = 0
        for position, char in enumerate(text):
            if char in "（(":
                depth += 1
                if depth > 1:
                    found.append(f"{where}: bracket inside a bracket: {text[max(0, position - 20) : position + 20]!r}")
                    break
            elif char in "）)":
                depth = max(0, depth - 1)
    return found


def hiragana(text):
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def katakana_readings(root=ROOT):
    """A reading in hiragana of a katakana word: 地域福祉コーディネーター（ちいきふくしこーでぃねーたー）."""
    found = []
    pattern = re.compile(f"([{KANJI}{KANA}ぁ-ゖ]{{1,30}})（([{KANA}]+)(?:：[^（）]*)?）")
    for where, _language, text in easy_texts(root):
        for match in pattern.finditer(text):
            word, reading = match.groups()
            for run in re.findall("[ァ-ヺ][ァ-ヺー]+", word):
                if hiragana(run) in reading:
                    found.append(f"{where}: {run} read in hiragana: {match.group(0)!r}")
    return found


# -- the tests ------------------------------------------------------------------------------------


def test_the_glossary_gives_every_term_one_rendering_per_language():
    terms = glossary()["term"]
    assert len({term["ja"] for term in terms}) == len(terms), "a term listed twice"
    for term in terms:
        for language in ("en", "zh-hans", "ko", "vi"):
            assert term.get(language), f"{term['ja']}: no {language} rendering"
            chosen = term[language]
            for pattern, _instead in avoided([term]).get(language, []):
                assert not pattern.search(chosen), f"{term['ja']}: the {language} rendering is on its own avoid list"
        if "easy" in term:
            assert not re.search("[（）()：]", term["easy"]), f"{term['ja']}: the explanation has brackets or a colon"
            if re.search(f"[{KANJI}]", term["ja"]):
                assert READING.match(term.get("reading", "")), f"{term['ja']}: no reading in kana"


def test_no_text_uses_a_rendering_the_glossary_lists_as_wrong():
    found = wrong_renderings()
    assert not found, "\n".join(found)


def test_easy_japanese_explains_each_term_at_its_first_use():
    found = unexplained_terms()
    assert not found, f"{len(found)} unexplained:\n" + "\n".join(found)


def test_easy_japanese_has_no_bracket_inside_a_bracket():
    found = nested_brackets()
    assert not found, "\n".join(found)


def test_easy_japanese_gives_katakana_no_hiragana_reading():
    found = katakana_readings()
    assert not found, "\n".join(found)


def test_each_check_reports_a_planted_mistake(tmp_path):
    for part in ("services/content", "locale"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("*.mo"))
    program = tmp_path / "services/content/programs/17-hikikomori-support.toml"
    text = program.read_text()
    text = text.replace('[zh-hans]\ntitle = "', '[zh-hans]\ntitle = "家里蹲', 1)
    body = tomllib.loads(text)["ja-easy"]["body"]
    planted = "府中市の福祉（ふくし）のことを話します（とても（大切）です）。ファミリー（ふぁみりー）も。"
    long_text = planted + "あ" * LONG
    text = text.replace(body.strip(), long_text, 1)
    program.write_text(text)
    po = tmp_path / "locale/ko/LC_MESSAGES/django.po"
    po.write_text(po.read_text() + '\nmsgid "Planted"\nmsgstr "당신"\n')
    vi = tmp_path / "locale/vi/LC_MESSAGES/django.po"
    vi.write_text(vi.read_text() + '\nmsgid "Planted"\nmsgstr "Gọi <span lang=\\"ja\\">DV相談ナビ</span> khi bị DV."\n')

    wrong = wrong_renderings(tmp_path)
    assert any("17-hikikomori-support.toml" in line and "家里蹲" in line for line in wrong), wrong
    assert any("locale/ko" in line and "당신" in line for line in wrong), wrong
    # The bare DV after the quoted name is caught once; the name in <span lang="ja"> is not a rendering.
    assert [line for line in wrong if "locale/vi" in line] == [
        "locale/vi/LC_MESSAGES/django.po: 'Planted' [vi]: 'DV' (use 'bạo lực gia đình')"
    ], wrong
    unexplained = unexplained_terms(tmp_path)
    assert any("17-hikikomori-support.toml" in line and "福祉" in line for line in unexplained), unexplained
    assert any("（とても（大切）です）" in line or "bracket inside" in line for line in nested_brackets(tmp_path))
    assert any("ファミリー" in line for line in katakana_readings(tmp_path))


# -- readings: with furigana on, a written reading moves into the ruby -----------------------------


def ruby_readings(html):
    """The page's text with each ruby's reading in square brackets, the way a listener would hear it."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for rp in soup.select("rp"):
        rp.decompose()
    for ruby in soup.select("ruby"):
        reading = ruby.rt.get_text()
        ruby.rt.decompose()
        ruby.replace_with(f"{ruby.get_text()}[{reading}]")
    return soup.get_text()


def test_with_furigana_a_written_reading_becomes_the_ruby_and_the_explanation_stays():
    from portal.furigana import Furigana

    furigana = Furigana({"府中市": "ふちゅうし"})
    written = "府中市社会福祉協議会（ふちゅうししゃかいふくしきょうぎかい：地域の福祉の活動をする団体）です。"
    text = ruby_readings(furigana.text(written))
    expected = "府中市社会福祉協議会[ふちゅうししゃかいふくしきょうぎかい]（地域[ちいき]の福祉[ふくし]"
    assert text.startswith(expected), text
    assert text.count("ふちゅうし") == 1
    # the reading covers the word it reads, not the whole run of kanji before the bracket
    assert ruby_readings(furigana.text("相談窓口（まどぐち）です")) == "相談[そうだん]窓口[まどぐち]です"
    # katakana keeps no reading; okurigana stay outside the ruby
    text = ruby_readings(furigana.text("地域福祉コーディネーター（ちいきふくしコーディネーター：手伝う人）"))
    assert text == "地域福祉[ちいきふくし]コーディネーター（手伝[てつだ]う人[ひと]）", text
    assert ruby_readings(furigana.text("見守ります（みまもります）")) == "見守[みまも]ります"
    # a bracket that is not a reading stays
    assert ruby_readings(furigana.text("（えらばない）")) == "（えらばない）"
    assert "（" in ruby_readings(furigana.text("2026年度（令和8年度）"))


@pytest.fixture
def easy_page(client, db):
    return lambda furigana: easy_page_main(client, furigana)


def easy_page_main(client, furigana):
    response = client.get(f"/ja-easy/services/community-welfare-coordinators/?furigana={furigana}")
    assert response.status_code == 200, response.status_code
    from bs4 import BeautifulSoup

    return BeautifulSoup(response.content, "html.parser").select_one("main")


def test_easy_japanese_reads_each_word_once_with_furigana_and_keeps_brackets_without(easy_page):
    main = easy_page("off")
    assert "社会福祉協議会（ふちゅうししゃかいふくしきょうぎかい：地域の福祉の活動をする団体）" in main.get_text()
    assert not main.select("ruby")

    main = easy_page("on")
    heard = ruby_readings(str(main))
    assert "しゃかいふくしきょうぎかい：" not in heard and "（ちいきふくしすいしんか）" not in heard
    assert "（地域[ちいき]の福祉[ふくし]の活動[かつどう]をする団体[だんたい]）" in heard
    assert "社会福祉協議会[" in heard or "府中市社会福祉協議会[" in heard
