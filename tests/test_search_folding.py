"""Queries written another way than the pages: traditional Chinese characters, and Japanese in romaji."""

import pytest

from portal.text import analyze, romaji_readings
from search.queries import DirectorySearch

pytestmark = pytest.mark.django_db


def top_plan_names(language, query, size=5):
    result = DirectorySearch(language).search(query).run(page=1, page_size=size)
    return [hit.plan_name for hit in result.results]


def test_traditional_characters_are_folded_to_simplified_for_chinese_only():
    assert analyze("兒童諮詢", "zh-hans", expand=False) == analyze("儿童咨询", "zh-hans", expand=False)
    assert analyze("認知症", "ja", expand=False) == ["認知症"]  # Japanese keeps its own forms


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [("認知症諮詢", "认知症咨询"), ("家庭暴力", "家庭暴力"), ("單親家庭", "单亲家庭"), ("兒童", "儿童")],
)
def test_a_traditional_chinese_query_finds_what_the_simplified_one_finds(indexed, traditional, simplified):
    expected = top_plan_names("zh-hans", simplified)
    assert expected, simplified
    assert top_plan_names("zh-hans", traditional) == expected


def test_romaji_becomes_kana_and_a_missing_long_vowel_is_put_back():
    assert romaji_readings("kosodate") == ("こそだて",)
    assert "にんちしょう" in romaji_readings("ninchisho")
    assert romaji_readings("dv") == () and romaji_readings("npo") == ()


@pytest.mark.parametrize(
    ("romaji", "kanji"),
    [("ninchishou", "認知症"), ("ninchisho", "認知症"), ("kosodate", "子育て"), ("hikikomori", "ひきこもり")],
)
def test_a_romaji_query_finds_the_programs_of_the_japanese_word(indexed, romaji, kanji):
    wanted = top_plan_names("ja", kanji, size=3)
    assert wanted, kanji
    found = top_plan_names("ja", romaji)
    assert found and set(wanted) & set(found), (found, wanted)
    assert set(wanted) & set(top_plan_names("ja-easy", romaji))


def test_latin_words_in_a_japanese_search_still_match_as_written(indexed):
    assert top_plan_names("ja", "DV")  # not folded: "dv" is not romaji
    assert top_plan_names("ja", "NPO") == top_plan_names("ja", "npo")
