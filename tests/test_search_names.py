"""Names written in a page's body find that page: the teams and centres of the plan (「はぐ」, 「はばたき」, み～な,
困りごと相談会 …), whether they are kana that splits into other words, a name written with a wave dash, or words
that only the name puts side by side. And a word naming who a worry is about does not outweigh what is wrong."""

import pytest

from portal.text import analyze, fold_wave_dash, kana_names, normalize
from search.parsing import PERSON_WEIGHT, SynonymEntry, SynonymTable, parse
from search.queries import DirectorySearch
from search.synonyms import synonym_table

pytestmark = pytest.mark.django_db

# (what a resident types, the program whose page names it in its body)
NAMES = [
    ("はぐ", "利用者支援事業"),  # 「はぐ」, a local child-rearing consultation office
    ("たち", "利用者支援事業"),  # 子ども家庭支援センター「たち」
    ("はばたき", "教育相談"),  # 府中市子ども発達支援センター「はばたき」
    ("子ども発達支援センター", "教育相談"),
    ("みらい", "子どもと家庭の総合相談事業"),  # 子育て世代包括支援センター「みらい」
    ("み～な", "就労支援事業を中心とした就労支援体制"),  # 府中市障害者就労支援センターみ～な
    ("みーな", "就労支援事業を中心とした就労支援体制"),
    ("障害者就労支援センターみ～な", "就労支援事業を中心とした就労支援体制"),
    ("きずな", "就労支援事業を中心とした就労支援体制"),  # 心身障害者福祉センター「きずな」
    ("あけぼの", "障害者相談支援事業"),
    ("多文化共生センターDIVE", "外国人相談事業"),
    ("困りごと相談会", "地域福祉コーディネーター事業"),
    ("府中市居住支援協議会", "住宅確保要配慮者への居住支援"),
    ("わがまち支えあい協議会", "地域での自主的な福祉活動の支援"),
    ("ふれあいいきいきサロン", "地域での自主的な福祉活動の支援"),
    ("地域交流ひろば", "地域介護予防活動支援事業"),
    ("子ども食堂", "地域子ども・子育て応援事業"),
]


def top_five(query, language="ja"):
    return [hit.plan_name for hit in DirectorySearch(language).search(query).run(page=1, page_size=5).results]


@pytest.mark.parametrize(("query", "plan_name"), NAMES)
def test_a_name_in_a_pages_body_finds_that_page_in_the_top_five(indexed, query, plan_name):
    assert plan_name in top_five(query), top_five(query)


def test_a_kana_name_is_not_taken_for_the_reading_of_a_one_kana_synonym():
    # 歯 is read は: were that reading matched, はぐ would become 歯 and ぐ (the dental pages, not the office).
    table = SynonymTable([SynonymEntry(words=("歯",), means=("歯科衛生士",))])
    assert not list(table.find("はぐ"))
    assert [phrase for phrase, _positions, _means in table.find("歯が痛い")] == ["歯"]


def test_a_wave_dash_inside_a_kana_name_is_its_long_vowel():
    assert fold_wave_dash("み～な") == fold_wave_dash("み〜な") == "みーな"
    assert normalize("み～な") == "みーな"
    assert fold_wave_dash("10～12時") == "10～12時"  # between numbers it stays a range
    assert "みーな" in analyze("府中市障害者就労支援センターみ～な", "ja")


def test_kana_written_apart_is_indexed_whole_and_endings_are_not():
    assert kana_names("はぐ") == ["はぐ"]
    assert kana_names("センターみーな") == ["みーな"]
    assert kana_names("あけぼの・プラザ") == ["あけぼの", "ぷらざ"]
    assert kana_names("相談しています") == []  # okurigana and particles after kanji
    assert kana_names("センターでは") == []


def test_names_typed_together_rank_the_page_that_writes_them_together(indexed):
    parsed = parse("困りごと相談会", "ja")
    assert parsed.phrases and all(len(phrase) >= 1 for phrase in parsed.phrases)
    assert top_five("困りごと相談会")[0] == "地域福祉コーディネーター事業"


def test_a_forgetful_husband_leads_to_the_centres_for_older_people_before_the_womens_consultation(indexed):
    parsed = parse("夫が忘れっぽい", "ja", synonym_table())
    assert [group.weight for group in parsed.groups if group.source.startswith("夫")] == [PERSON_WEIGHT]
    found = top_five("夫が忘れっぽい")
    women = "困難な問題を抱える女性等への支援事業"
    first = min(found.index(name) for name in ("地域包括支援センターの運営", "チームオレンジの推進") if name in found)
    assert women not in found or first < found.index(women), found
    # The husband's violence still leads to the women's consultation first.
    assert top_five("夫に殴られる")[0] == women
