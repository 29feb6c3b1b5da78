"""Analysis: segmentation, readings, variants, normalisation and synonyms, as a query and an index see them."""

import pytest

from portal.text import analyze, normalize, part_token
from search.parsing import SynonymEntry, SynonymTable, parse


def index_tokens(text, language="ja"):
    return set(analyze(text, language))


def query_groups(text, language="ja", synonyms=None):
    return [[alt.tokens for alt in group.alternatives] for group in parse(text, language, synonyms).groups]


def matches(query, text, language="ja", synonyms=None):
    """True when every group of the query has an alternative whose tokens are all in the text's index tokens,
    as words of their own or inside longer words (part親), as the backends match them."""
    tokens = index_tokens(text, "ja") | index_tokens(text, language)
    return all(
        any(all(t in tokens or part_token(t) in tokens for t in alt) for alt in group)
        for group in query_groups(query, language, synonyms)
    )


def test_japanese_is_split_into_words_so_one_word_finds_a_longer_phrase():
    assert "ひきこもり" in index_tokens("ひきこもりに関する支援")
    assert matches("ひきこもり", "ひきこもりに関する支援")
    assert matches("支援", "ひきこもりに関する支援")


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("にんちしょう", "認知症の人と家族の支援"),
        ("こうれいしゃ", "高齢者の相談"),
        ("ボランティア", "ぼらんてぃあ活動"),
        ("ﾋｷｺﾓﾘ", "ひきこもりの相談"),
        ("引きこもり", "ひきこもりの相談"),
        ("ひきこもり", "引きこもりの相談"),
        ("子供", "子どもと家庭の総合相談"),
        ("こども", "子どもと家庭の総合相談"),
        ("障がい", "障害のある方の相談"),
        ("障害", "障がいのある方の相談"),
        ("ＤＶ", "DVの相談"),
        ("介護保険", "介護や保険の相談"),
        ("家賃が払えない", "家賃を払うのが難しい"),
    ],
)
def test_readings_variants_and_width_match(query, text):
    assert matches(query, text), (query_groups(query), index_tokens(text))


def test_particles_and_endings_do_not_count_as_words():
    # が, かも, しれない carry nothing; a lone kanji such as 母 says little beside other words.
    assert query_groups("母が認知症かもしれない") == [[("認知症",)]]


def test_normalisation_folds_width_case_kana_and_latin_accents():
    assert normalize("ＡＢＣ　ｄｅｆ") == "abc def"
    assert normalize("カタカナ") == "かたかな"
    assert normalize("Tiếng Việt đẹp") == "tieng viet dep"
    assert normalize("が") == "が"  # kana keep their voicing marks


def test_vietnamese_matches_with_or_without_accents():
    assert matches("bao luc gia dinh", "bạo lực gia đình", "vi")
    assert matches("bạo lực", "bao luc gia dinh", "vi")


def test_korean_words_lose_their_particles():
    assert analyze("치매를", "ko", expand=False) == ["치매"]
    assert analyze("집세가", "ko", expand=False) == ["집세"]
    assert matches("치매를", "치매 상담", "ko")


def test_chinese_is_split_into_words():
    assert "痴呆" in index_tokens("老年痴呆症的相谈", "zh-hans")
    assert matches("痴呆", "老年痴呆症的相谈", "zh-hans")


def test_english_plurals_and_stopwords():
    assert analyze("the services for children", "en", expand=False) == ["service", "children"]
    assert matches("service", "Services for families", "en")


SYNONYMS = SynonymTable(
    [
        SynonymEntry(("暴力", "domestic violence", "가정폭력", "bạo lực gia đình"), ("DV", "配偶者")),
        SynonymEntry(("家賃",), ("住宅",)),
        SynonymEntry(("部屋から出ない",), ("ひきこもり",)),
        SynonymEntry(("치매",), ("認知症",)),
    ]
)


@pytest.mark.parametrize(
    ("query", "language", "text"),
    [
        ("暴力をふるわれる", "ja", "DVの相談"),
        ("domestic violence help", "en", "配偶者からの暴力の相談"),
        ("가정폭력", "ko", "DVの相談"),
        ("bao luc gia dinh", "vi", "DVの相談"),
        ("家賃", "ja", "住宅の確保"),
        ("やちん", "ja", "住宅の確保"),
        ("部屋から 出ない", "ja", "ひきこもりの相談"),
        ("엄마가 치매를 앓아요", "ko", "認知症の相談"),
    ],
)
def test_synonyms_map_everyday_words_to_the_programs_words(query, language, text):
    """The synonym's group matches the program's words (other words of the query are separate groups)."""
    tokens = index_tokens(text)
    synonym_group = query_groups(query, language, SYNONYMS)[0]
    assert any(set(alt) <= tokens for alt in synonym_group), synonym_group
    assert not any(set(alt) <= index_tokens("関係のない文章です") for alt in synonym_group)


def test_a_synonym_phrase_must_appear_as_a_phrase():
    table = SynonymTable([SynonymEntry(("にんしん",), ("子育て世代",))])
    assert matches("にんしん", "子育て世代包括支援センター", synonyms=table)
    assert not matches("にんしん", "世代をこえた子育ての支援", synonyms=table)
