"""The Elasticsearch backend: its index and query bodies pinned, its fallback to the database, and (with a
cluster at ELASTICSEARCH_URL) the same facet semantics and results as the database backend (CONTRACT §4)."""

import logging
import math
import os

import pytest

from search.backends import elastic
from search.backends.base import SearchRequest
from search.backends.database import DatabaseBackend
from search.backends.elastic import ElasticsearchBackend, index_body, index_name, query_body
from search.documents import build_document, live_entries
from search.parsing import SynonymEntry, SynonymTable
from services.models import ServicePage

pytestmark = pytest.mark.django_db

CLOSED_PORT_URL = "http://127.0.0.1:9"
"""Nothing listens here: every request to it fails at once, as when the cluster is down."""

SYNONYMS = SynonymTable([SynonymEntry(words=("認知症", "dementia"), means=("もの忘れ",))])
"""A fixed table, so that the pinned bodies do not change when editors change theirs."""

JA_FIELDS = ["title_ja^4", "text_ja", "title_ja.reading^4", "text_ja.reading"]
EN_FIELDS = ["title_en^4", "text_en", "title_ja^4", "text_ja", "title_ja.reading^4", "text_ja.reading"]
SOURCE = ["page_id", "entry_type", "plan_name", "citywide", "ages", "attributes", "areas", "kinds", "display"]
AGE_TERMS = {"age": {"terms": {"field": "ages", "min_doc_count": 0, "size": 100}}}
ATTRIBUTE_TERMS = {"attribute": {"terms": {"field": "attributes", "min_doc_count": 0, "size": 100}}}
KIND_TERMS = {"kind": {"terms": {"field": "kinds", "min_doc_count": 0, "size": 100}}}
AREA_BUCKETS = {
    "area": {
        "filters": {
            "filters": {
                "chuo": {"bool": {"should": [{"term": {"areas": "chuo"}}, {"term": {"citywide": True}}]}},
                "shiraitodai": {"bool": {"should": [{"term": {"areas": "shiraitodai"}}, {"term": {"citywide": True}}]}},
                "nishifu": {"bool": {"should": [{"term": {"areas": "nishifu"}}, {"term": {"citywide": True}}]}},
                "musashidai": {"bool": {"should": [{"term": {"areas": "musashidai"}}, {"term": {"citywide": True}}]}},
                "shinmachi": {"bool": {"should": [{"term": {"areas": "shinmachi"}}, {"term": {"citywide": True}}]}},
                "sumiyoshi": {"bool": {"should": [{"term": {"areas": "sumiyoshi"}}, {"term": {"citywide": True}}]}},
                "koremasa": {"bool": {"should": [{"term": {"areas": "koremasa"}}, {"term": {"citywide": True}}]}},
                "momijigaoka": {"bool": {"should": [{"term": {"areas": "momijigaoka"}}, {"term": {"citywide": True}}]}},
                "oshitate": {"bool": {"should": [{"term": {"areas": "oshitate"}}, {"term": {"citywide": True}}]}},
                "yotsuya": {"bool": {"should": [{"term": {"areas": "yotsuya"}}, {"term": {"citywide": True}}]}},
                "katamachi": {"bool": {"should": [{"term": {"areas": "katamachi"}}, {"term": {"citywide": True}}]}},
            }
        }
    }
}
CHUO_OR_CITYWIDE = {"bool": {"should": [{"terms": {"areas": ["chuo"]}}, {"term": {"citywide": True}}]}}
MATCH_ALL = {"match_all": {}}


def whole_words(text, field="words_ja"):
    """The clause that ranks an entry higher where the query's Japanese words are words of their own."""
    return {"multi_match": {"query": text, "type": "cross_fields", "operator": "and", "fields": [field], "boost": 2.0}}


def japanese_text_field():
    return {
        "type": "text",
        "analyzer": "ja_text",
        "fields": {"reading": {"type": "text", "analyzer": "ja_reading", "search_analyzer": "ja_reading_query"}},
    }


def matched(body):
    """What a text query matches and how it scores, from inside the `boosting` that demotes guides (below)."""
    assert set(body["query"]) == {"boosting"}, body["query"]
    return body["query"]["boosting"]["positive"]


# -- (a) the index name ------------------------------------------------------------------------------------


def test_the_index_name_carries_the_test_environment():
    assert index_name() == "fuchu-portal-test-directory"
    assert ElasticsearchBackend(CLOSED_PORT_URL).index_name == "fuchu-portal-test-directory"


def test_the_index_name_follows_the_environment_setting(settings):
    settings.SEARCH_ENVIRONMENT = "staging"
    assert ElasticsearchBackend(CLOSED_PORT_URL).index_name == "fuchu-portal-staging-directory"


# -- (b) the mapping --------------------------------------------------------------------------------------


def test_the_index_has_an_analyzer_per_language_and_keyword_facets():
    assert index_body() == {
        "settings": {
            "number_of_shards": 1,
            "analysis": {
                "analyzer": {
                    "ja_text": {
                        "type": "custom",
                        "tokenizer": "kuromoji_tokenizer",
                        "filter": [
                            "kuromoji_baseform",
                            "kuromoji_part_of_speech",
                            "cjk_width",
                            "ja_stop",
                            "kuromoji_stemmer",
                            "lowercase",
                        ],
                    },
                    # No part-of-speech filter before the readings: the hiragana pieces stay (にんちしょう).
                    "ja_reading": {
                        "type": "custom",
                        "tokenizer": "ja_reading_words",
                        "filter": [
                            "ja_reading_form",
                            "ja_hiragana_to_katakana",
                            "cjk_width",
                            "lowercase",
                            "ja_reading_runs",
                        ],
                    },
                    "ja_reading_query": {
                        "type": "custom",
                        "tokenizer": "whitespace",
                        "filter": ["cjk_width", "ja_hiragana_to_katakana", "lowercase"],
                    },
                },
                "tokenizer": {"ja_reading_words": {"type": "kuromoji_tokenizer", "mode": "normal"}},
                "filter": {
                    "ja_reading_form": {"type": "kuromoji_readingform", "use_romaji": False},
                    "ja_hiragana_to_katakana": {"type": "icu_transform", "id": "Hiragana-Katakana"},
                    "ja_reading_runs": {
                        "type": "shingle",
                        "min_shingle_size": 2,
                        "max_shingle_size": 4,
                        "token_separator": "",
                        "output_unigrams": True,
                    },
                },
            },
        },
        "mappings": {
            "dynamic": "strict",
            "properties": {
                "page_id": {"type": "integer"},
                "path": {"type": "keyword"},
                "entry_type": {"type": "keyword"},
                "plan_name": {"type": "keyword"},
                "ages": {"type": "keyword"},
                "attributes": {"type": "keyword"},
                "areas": {"type": "keyword"},
                "kinds": {"type": "keyword"},
                "citywide": {"type": "boolean"},
                "display": {"type": "object", "enabled": False},
                "title_ja": japanese_text_field(),
                "text_ja": japanese_text_field(),
                "title_ja_easy": japanese_text_field(),
                "text_ja_easy": japanese_text_field(),
                "words_ja": {"type": "text", "analyzer": "whitespace"},
                "words_ja_easy": {"type": "text", "analyzer": "whitespace"},
                "title_en": {"type": "text", "analyzer": "english"},
                "text_en": {"type": "text", "analyzer": "english"},
                "title_zh_hans": {"type": "text", "analyzer": "smartcn"},
                "text_zh_hans": {"type": "text", "analyzer": "smartcn"},
                "title_ko": {"type": "text", "analyzer": "nori"},
                "text_ko": {"type": "text", "analyzer": "nori"},
                "title_vi": {"type": "text", "analyzer": "icu_analyzer"},
                "text_vi": {"type": "text", "analyzer": "icu_analyzer"},
            },
        },
    }


def test_the_reading_chain_keeps_every_piece_and_runs_readings_together():
    """にんちしょう must meet 認知症 (ニンチ + ショウ to kuromoji): nothing may drop a hiragana piece before the
    reading filter, and the query's word, one run of katakana, must meet the indexed readings run together."""
    analysis = index_body()["settings"]["analysis"]
    chain = analysis["analyzer"]["ja_reading"]["filter"]
    assert "kuromoji_part_of_speech" not in chain and "ja_stop" not in chain
    assert chain.index("ja_reading_form") < chain.index("ja_reading_runs")
    runs = analysis["filter"]["ja_reading_runs"]
    assert runs["token_separator"] == "" and runs["output_unigrams"] is True and runs["max_shingle_size"] >= 2
    query_chain = analysis["analyzer"]["ja_reading_query"]
    assert query_chain["tokenizer"] == "whitespace"  # the query's words are not cut again by kuromoji
    assert "ja_hiragana_to_katakana" in query_chain["filter"]
    for language in ("ja", "ja-easy"):
        reading = index_body()["mappings"]["properties"][f"text_{elastic.column(language)}"]["fields"]["reading"]
        assert (reading["analyzer"], reading["search_analyzer"]) == ("ja_reading", "ja_reading_query")


def test_the_body_of_a_query_in_hiragana_asks_the_reading_fields():
    body = query_body(SearchRequest(text="にんちしょう", language="ja"), synonyms=SynonymTable(), areas=["chuo"])
    reading = {"multi_match": {"query": "にんちしょう", "type": "cross_fields", "operator": "and", "fields": JA_FIELDS}}
    assert matched(body) == {"bool": {"must": [{"bool": {"should": [reading, whole_words("にんちしょう")]}}]}}


def test_the_words_fields_hold_whole_words_apart_from_words_inside_longer_ones():
    """ひとり親 holds 親 only inside a longer word: its words field has part親, not 親, so the whole-word clause
    (親 as a word of its own, as in 親の年金) does not score it."""
    page = ServicePage.objects.get(plan_name="ひとり親家庭自立支援事業")
    words = elastic.document_source(build_document(page))["words_ja"].split()
    assert "part親" in words and "ひとり親" in words and "親" not in words


def test_an_easy_japanese_request_asks_both_words_fields():
    body = query_body(SearchRequest(text="親", language="ja-easy"), synonyms=SynonymTable(), areas=["chuo"])
    [group] = matched(body)["bool"]["must"]
    assert group["bool"]["should"][-1] == {
        "multi_match": {
            "query": "親",
            "type": "cross_fields",
            "operator": "and",
            "fields": ["words_ja_easy", "words_ja"],
            "boost": 2.0,
        }
    }


def test_a_language_without_its_own_analyzer_gets_the_plain_one():
    assert elastic.language_analyzer("fr") == "standard"
    assert elastic.text_field("fr").to_dict() == {"type": "text", "analyzer": "standard"}


def test_the_indexed_source_keeps_texts_as_written_and_facets_as_lists():
    page = ServicePage.objects.get(plan_name="ひきこもりに関する支援")
    document = build_document(page)
    body = elastic.document_source(document)
    assert body["page_id"] == page.pk and body["path"] == page.path and body["plan_name"] == "ひきこもりに関する支援"
    assert body["kinds"] == ["participation"] and isinstance(body["areas"], list)
    assert body["title_ja"] == document.texts["ja"][0] and "ひきこもり" in body["title_ja"]
    assert body["display"]["en"]["url"].startswith("/en/")
    unknown = set(body) - set(index_body()["mappings"]["properties"])
    assert not unknown, "the mapping is strict: every field must be declared"


# -- (c) the query bodies ---------------------------------------------------------------------------------


def test_the_body_of_a_text_query():
    body = query_body(SearchRequest(text="認知症", language="ja"), synonyms=SYNONYMS)
    assert {**body, "query": matched(body)} == {
        "query": {
            "bool": {
                "must": [
                    {
                        "bool": {
                            "should": [
                                {
                                    "multi_match": {
                                        "query": "認知症",
                                        "type": "cross_fields",
                                        "operator": "and",
                                        "fields": JA_FIELDS,
                                    }
                                },
                                {
                                    "multi_match": {
                                        "query": "もの忘れ",
                                        "type": "cross_fields",
                                        "operator": "and",
                                        "fields": JA_FIELDS,
                                    }
                                },
                                whole_words("認知症"),
                                whole_words("物忘れ"),
                            ]
                        }
                    }
                ]
            }
        },
        "aggs": {
            "_filter_age": {"filter": MATCH_ALL, "aggs": AGE_TERMS},
            "_filter_attribute": {"filter": MATCH_ALL, "aggs": ATTRIBUTE_TERMS},
            "_filter_area": {"filter": MATCH_ALL, "aggs": AREA_BUCKETS},
            "_filter_kind": {"filter": MATCH_ALL, "aggs": KIND_TERMS},
        },
        "sort": [{"_score": {"order": "desc"}}, {"path": {"order": "asc"}}],
        "track_total_hits": True,
        "from": 0,
        "size": 20,
        "_source": SOURCE,
    }


def test_the_body_of_a_facets_only_query():
    request = SearchRequest(filters={"age": ["senior"], "area": ["chuo"]})
    senior = {"terms": {"ages": ["senior"]}}
    assert query_body(request, synonyms=SYNONYMS) == {
        "post_filter": {"bool": {"filter": [senior, CHUO_OR_CITYWIDE]}},
        "aggs": {
            "_filter_age": {"filter": {"bool": {"filter": [CHUO_OR_CITYWIDE]}}, "aggs": AGE_TERMS},
            "_filter_attribute": {"filter": {"bool": {"filter": [senior, CHUO_OR_CITYWIDE]}}, "aggs": ATTRIBUTE_TERMS},
            "_filter_area": {"filter": {"bool": {"filter": [senior]}}, "aggs": AREA_BUCKETS},
            "_filter_kind": {"filter": {"bool": {"filter": [senior, CHUO_OR_CITYWIDE]}}, "aggs": KIND_TERMS},
        },
        "sort": [{"citywide": {"order": "asc"}}, {"path": {"order": "asc"}}],
        "track_total_hits": True,
        "from": 0,
        "size": 20,
        "_source": SOURCE,
    }


def test_guides_that_have_the_words_only_in_their_text_rank_below_the_programs():
    """A guide explains many programs: where the words are only in its text it counts a tenth (the database
    backend's PART_WEIGHT); where its title has them it counts in full."""
    body = query_body(SearchRequest(text="認知症", language="en"), synonyms=SYNONYMS)
    titles = ["title_en^4", "title_ja^4", "title_ja.reading^4"]
    assert body["query"]["boosting"]["negative_boost"] == 0.1
    assert body["query"]["boosting"]["negative"] == {
        "bool": {
            "filter": [{"term": {"entry_type": "guide"}}],
            "must_not": [
                {"multi_match": {"query": text, "type": "cross_fields", "operator": "and", "fields": titles}}
                for text in ("認知症", "もの忘れ")
            ],
        }
    }
    relaxed = query_body(SearchRequest(text="介護 お金"), synonyms=SynonymTable(), areas=["chuo"], rarity=[1.0, 2.0])
    assert relaxed["query"]["boosting"]["negative"]["bool"]["filter"] == [{"term": {"entry_type": "guide"}}]
    assert "query" not in query_body(SearchRequest(text=""), synonyms=SYNONYMS, areas=["chuo"])


def test_the_body_of_a_text_query_with_three_facets():
    request = SearchRequest(
        text="dementia",
        language="en",
        filters={"attribute": ["dementia"], "area": ["chuo"], "kind": ["consultation"]},
        page=2,
        page_size=10,
    )
    dementia = {"terms": {"attributes": ["dementia"]}}
    consultation = {"terms": {"kinds": ["consultation"]}}
    body = query_body(request, synonyms=SYNONYMS)
    assert {**body, "query": matched(body)} == {
        "query": {
            "bool": {
                "must": [
                    {
                        "bool": {
                            "should": [
                                {
                                    "multi_match": {
                                        "query": "dementia",
                                        "type": "cross_fields",
                                        "operator": "and",
                                        "fields": EN_FIELDS,
                                    }
                                },
                                {
                                    "multi_match": {
                                        "query": "もの忘れ",
                                        "type": "cross_fields",
                                        "operator": "and",
                                        "fields": EN_FIELDS,
                                    }
                                },
                                whole_words("物忘れ"),  # Japanese words only: the English ones have no parts
                            ]
                        }
                    }
                ]
            }
        },
        "post_filter": {"bool": {"filter": [dementia, CHUO_OR_CITYWIDE, consultation]}},
        "aggs": {
            "_filter_age": {
                "filter": {"bool": {"filter": [dementia, CHUO_OR_CITYWIDE, consultation]}},
                "aggs": AGE_TERMS,
            },
            "_filter_attribute": {
                "filter": {"bool": {"filter": [CHUO_OR_CITYWIDE, consultation]}},
                "aggs": ATTRIBUTE_TERMS,
            },
            "_filter_area": {"filter": {"bool": {"filter": [dementia, consultation]}}, "aggs": AREA_BUCKETS},
            "_filter_kind": {"filter": {"bool": {"filter": [dementia, CHUO_OR_CITYWIDE]}}, "aggs": KIND_TERMS},
        },
        "sort": [{"citywide": {"order": "asc"}}, {"_score": {"order": "desc"}}, {"path": {"order": "asc"}}],
        "track_total_hits": True,
        "from": 10,
        "size": 10,
        "_source": SOURCE,
    }


def test_a_query_of_several_words_also_asks_how_many_entries_have_each():
    body = query_body(SearchRequest(text="介護 お金"), synonyms=SynonymTable(), areas=["chuo"])
    kaigo = {"multi_match": {"query": "介護", "type": "cross_fields", "operator": "and", "fields": JA_FIELDS}}
    okane = {"multi_match": {"query": "お金", "type": "cross_fields", "operator": "and", "fields": JA_FIELDS}}
    kaigo, okane = [kaigo, whole_words("介護")], [okane, whole_words("お金")]
    assert matched(body) == {"bool": {"must": [{"bool": {"should": kaigo}}, {"bool": {"should": okane}}]}}
    assert body["aggs"]["text_matches"] == {"filter": MATCH_ALL}
    assert body["aggs"]["group_sizes"] == {
        "global": {},
        "aggs": {
            "0": {"filter": {"bool": {"should": kaigo}}},
            "1": {"filter": {"bool": {"should": okane}}},
        },
    }


def test_the_relaxed_body_takes_any_word_the_rarer_first():
    body = query_body(SearchRequest(text="介護 お金"), synonyms=SynonymTable(), areas=["chuo"], rarity=[1500.0, 2500.0])
    kaigo = {"multi_match": {"query": "介護", "type": "cross_fields", "operator": "and", "fields": JA_FIELDS}}
    okane = {"multi_match": {"query": "お金", "type": "cross_fields", "operator": "and", "fields": JA_FIELDS}}
    kaigo, okane = [kaigo, whole_words("介護")], [okane, whole_words("お金")]
    assert matched(body) == {
        "bool": {
            "should": [
                {
                    "bool": {
                        "must": [{"bool": {"should": kaigo}}],
                        "should": [{"constant_score": {"filter": MATCH_ALL, "boost": 1500.0}}],
                    }
                },
                {
                    "bool": {
                        "must": [{"bool": {"should": okane}}],
                        "should": [{"constant_score": {"filter": MATCH_ALL, "boost": 2500.0}}],
                    }
                },
            ],
            "minimum_should_match": 1,
        }
    }
    assert "text_matches" not in body["aggs"] and "group_sizes" not in body["aggs"]


def test_a_query_of_punctuation_only_is_the_editors_order():
    body = query_body(SearchRequest(text="・、。"), synonyms=SYNONYMS, areas=["chuo"])
    assert "query" not in body
    assert body["sort"] == [{"path": {"order": "asc"}}]


# -- the response, read without a cluster ----------------------------------------------------------------


class RecordingClient:
    """Answers searches with canned responses and keeps the bodies it was sent."""

    def __init__(self, *responses):
        self.responses = list(responses)
        self.bodies = []

    def search(self, index, body):
        self.bodies.append(body)
        return self.responses.pop(0)


def response(hits=(), total=None, text_matches=None, group_sizes=None):
    aggregations = {
        "_filter_age": {"age": {"buckets": [{"key": "senior", "doc_count": 4}, {"key": "infant", "doc_count": 0}]}},
        "_filter_attribute": {"attribute": {"buckets": [{"key": "dementia", "doc_count": 3}]}},
        "_filter_area": {"area": {"buckets": {"chuo": {"doc_count": 5}, "nishifu": {"doc_count": 4}}}},
        "_filter_kind": {"kind": {"buckets": [{"key": "consultation", "doc_count": 2}]}},
    }
    if text_matches is not None:
        aggregations["text_matches"] = {"doc_count": text_matches}
        aggregations["group_sizes"] = group_sizes
    return {
        "hits": {"total": {"value": len(hits) if total is None else total}, "hits": list(hits)},
        "aggregations": aggregations,
    }


def hit(page_id, display, **fields):
    source = {"page_id": page_id, "plan_name": "", "citywide": True, "ages": [], "attributes": [], "areas": []}
    return {"_id": str(page_id), "_source": {**source, "kinds": [], "display": display, **fields}}


def test_hits_are_shown_in_the_request_language_or_else_in_japanese():
    display = {
        "ja": {"title": "認知症の相談", "summary": "要約", "url": "/ja/services/a/"},
        "en": {"title": "Dementia", "summary": "Summary", "url": "/en/services/a/"},
    }
    client = RecordingClient(
        response([hit(7, display, plan_name="チームオレンジの推進", attributes=["dementia"])]),
        response([hit(7, display)]),
    )
    backend = ElasticsearchBackend(CLOSED_PORT_URL, client=client)
    english = backend.search(SearchRequest(language="en"))
    assert english.count == 1
    first = english.hits[0]
    assert (first.page_id, first.title, first.url, first.plan_name) == (
        7,
        "Dementia",
        "/en/services/a/",
        "チームオレンジの推進",
    )
    assert first.attributes == ["dementia"] and first.citywide is True
    assert backend.search(SearchRequest(language="vi")).hits[0].title == "認知症の相談"


def test_facet_counts_come_from_each_facets_aggregation_with_the_selection_marked():
    client = RecordingClient(response(total=3))
    result = ElasticsearchBackend(CLOSED_PORT_URL, client=client).search(
        SearchRequest(filters={"age": ["senior"], "area": ["nishifu"]})
    )
    assert {slug: (c.count, c.selected) for slug, c in result.facets["age"].items()} == {
        "senior": (4, True),
        "infant": (0, False),
    }
    assert {slug: (c.count, c.selected) for slug, c in result.facets["area"].items()} == {
        "chuo": (5, False),
        "nishifu": (4, True),
    }
    assert result.facets["kind"]["consultation"].count == 2 and result.count == 3


def test_few_entries_with_every_word_widen_the_search_to_entries_with_any(monkeypatch):
    monkeypatch.setattr(elastic, "synonym_table", SynonymTable)
    sizes = {"doc_count": 40, "0": {"doc_count": 10}, "1": {"doc_count": 2}}
    client = RecordingClient(
        response(total=1, text_matches=1, group_sizes=sizes),
        response([hit(3, {"ja": {"title": "t", "summary": "", "url": "/ja/x/"}})], total=12),
    )
    request = SearchRequest(text="介護 お金")
    result = ElasticsearchBackend(CLOSED_PORT_URL, client=client).search(request)
    assert result.count == 12 and [h.page_id for h in result.hits] == [3]
    rarity = [1000.0 * math.log(1 + 40 / 10), 1000.0 * math.log(1 + 40 / 2)]
    assert client.bodies == [
        query_body(request, synonyms=SynonymTable()),
        query_body(request, synonyms=SynonymTable(), rarity=rarity),
    ]


def test_enough_entries_with_every_word_need_one_query(monkeypatch):
    monkeypatch.setattr(elastic, "synonym_table", SynonymTable)
    sizes = {"doc_count": 40, "0": {"doc_count": 10}, "1": {"doc_count": 9}}
    client = RecordingClient(response(total=5, text_matches=5, group_sizes=sizes))
    assert ElasticsearchBackend(CLOSED_PORT_URL, client=client).search(SearchRequest(text="介護 お金")).count == 5
    assert len(client.bodies) == 1


# -- (d) the fallback -------------------------------------------------------------------------------------


def warnings_from_the_backend(caplog):
    return [r for r in caplog.records if r.name == "search.backends.elastic" and r.levelno == logging.WARNING]


@pytest.mark.parametrize(
    "request_",
    [
        SearchRequest(text="ひきこもり"),
        SearchRequest(filters={"age": ["senior"], "area": ["chuo"]}),
        SearchRequest(text="dementia", language="en", filters={"area": ["chuo"], "kind": ["consultation"]}),
    ],
)
def test_a_search_elasticsearch_cannot_answer_is_answered_by_the_database(caplog, request_):
    backend = ElasticsearchBackend(CLOSED_PORT_URL, fallback=DatabaseBackend())
    with caplog.at_level(logging.WARNING, logger="search.backends.elastic"):
        result = backend.search(request_)
    assert result == DatabaseBackend().search(request_)
    assert result.count > 0
    assert len(warnings_from_the_backend(caplog)) == 1


def test_the_api_answers_from_the_database_when_elasticsearch_is_down(client, settings, caplog):
    settings.ELASTICSEARCH_URL = CLOSED_PORT_URL
    with caplog.at_level(logging.WARNING, logger="search.backends.elastic"):
        response = client.get("/api/search/", {"q": "ひきこもり"}, HTTP_HOST="localhost")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] > 0
    assert "ひきこもりに関する支援" in [r["plan_name"] for r in body["results"][:3]]
    assert warnings_from_the_backend(caplog)


def test_writes_reach_the_database_first_and_only_warn_when_elasticsearch_is_down(caplog):
    from search.models import SearchEntry

    page = ServicePage.objects.get(plan_name="ひきこもりに関する支援")
    document = build_document(page)
    backend = ElasticsearchBackend(CLOSED_PORT_URL, fallback=DatabaseBackend())
    with caplog.at_level(logging.WARNING, logger="search.backends.elastic"):
        backend.remove([page.pk])
        assert not SearchEntry.objects.filter(page_id=page.pk).exists()
        backend.index([document])
        assert SearchEntry.objects.filter(page_id=page.pk).exists()
        backend.rebuild([document])
        assert list(SearchEntry.objects.values_list("page_id", flat=True)) == [page.pk]
    assert len(warnings_from_the_backend(caplog)) == 3


# -- (e) against a cluster --------------------------------------------------------------------------------

LIVE_URL = os.environ.get("ELASTICSEARCH_URL", "")
needs_cluster = pytest.mark.skipif(not LIVE_URL, reason="needs an Elasticsearch cluster at ELASTICSEARCH_URL")


def directory_documents():
    return [d for d in (build_document(page) for page in live_entries()) if d is not None]


class DatabaseForWritesOnly(DatabaseBackend):
    """The fallback of the live tests: writes reach the database, but a search it would answer fails the test."""

    def search(self, request):
        raise AssertionError("Elasticsearch did not answer the search")


@pytest.fixture
def cluster(indexed):
    """An index rebuilt from the loaded content (and the database index with it); removed afterwards."""
    backend = ElasticsearchBackend(LIVE_URL, fallback=DatabaseForWritesOnly())
    backend.rebuild(directory_documents())
    yield backend
    indices = backend.client.indices
    if indices.exists_alias(name=backend.index_name):
        for name in indices.get_alias(name=backend.index_name).body:
            indices.delete(index=name)


def ids(result):
    return [h.page_id for h in result.hits]


@pytest.mark.elasticsearch
@needs_cluster
def test_live_a_rebuild_serves_the_whole_directory_through_one_aliased_index(cluster):
    everything = SearchRequest(page_size=50)
    assert cluster.search(everything).count == len(directory_documents()) == DatabaseBackend().search(everything).count
    cluster.rebuild(directory_documents())
    assert len(cluster.client.indices.get_alias(name=cluster.index_name).body) == 1
    assert cluster.search(everything).count == len(directory_documents())


@pytest.mark.elasticsearch
@needs_cluster
def test_live_facet_counts_are_disjunctive(cluster):
    selection = {"attribute": ["dementia"], "kind": ["consultation"]}
    result = cluster.search(SearchRequest(filters=selection))
    for facet in ("attribute", "kind"):
        for slug, value in result.facets[facet].items():
            alone = cluster.search(SearchRequest(filters={**selection, facet: [slug]}))
            assert value.count == alone.count, (facet, slug)
            assert value.selected == (slug in selection[facet])


@pytest.mark.elasticsearch
@needs_cluster
def test_live_citywide_entries_match_every_area_and_local_ones_come_first(cluster):
    page = ServicePage.objects.get(plan_name="地域介護予防活動支援事業")
    page.citywide = False
    page.save()
    page.areas.set(page.areas.model.objects.filter(slug="chuo"))
    page.save_revision().publish()
    cluster.index([build_document(ServicePage.objects.get(pk=page.pk))])

    everything = cluster.search(SearchRequest(page_size=50))
    citywide = {h.page_id for h in everything.hits if h.citywide}
    for slug, value in everything.facets["area"].items():
        result = cluster.search(SearchRequest(filters={"area": [slug]}, page_size=50))
        assert citywide <= set(ids(result)), slug
        assert value.count == result.count, slug
    chuo = cluster.search(SearchRequest(filters={"area": ["chuo"]}, page_size=50))
    assert chuo.hits[0].page_id == page.pk
    assert page.pk not in ids(cluster.search(SearchRequest(filters={"area": ["oshitate"]}, page_size=50)))


@pytest.mark.elasticsearch
@needs_cluster
@pytest.mark.parametrize(
    "filters",
    [{}, {"age": ["senior"]}, {"age": ["senior"], "area": ["chuo"]}, {"attribute": ["dementia", "housing"]}],
)
def test_live_facet_searches_give_the_database_results_exactly(cluster, filters):
    request = SearchRequest(filters=filters, page_size=50)
    expected, got = DatabaseBackend().search(request), cluster.search(request)
    assert (got.count, ids(got)) == (expected.count, ids(expected))
    for facet, counts in expected.facets.items():
        assert {slug: got.facets[facet][slug] for slug in counts} == counts, facet


@pytest.mark.elasticsearch
@needs_cluster
@pytest.mark.parametrize(
    "text, language",
    [("ひきこもり", "ja"), ("認知症", "ja"), ("dementia", "en"), ("子育て", "ja"), ("外国人", "ja")],
)
def test_live_text_searches_put_the_databases_best_answer_near_the_top(cluster, text, language):
    request = SearchRequest(text=text, language=language)
    expected = DatabaseBackend().search(request)
    assert expected.hits, "the database finds it"
    assert expected.hits[0].page_id in ids(cluster.search(request))[:3]


@pytest.mark.elasticsearch
@needs_cluster
def test_live_a_search_in_hiragana_finds_the_kanji(cluster):
    result = cluster.search(SearchRequest(text="にんちしょう"))
    assert any("dementia" in h.attributes for h in result.hits)


@pytest.mark.elasticsearch
@needs_cluster
@pytest.mark.parametrize("text", ["にんちしょう", "ニンチショウ"])
def test_live_the_readings_alone_find_the_kanji_without_any_synonym(cluster, monkeypatch, text):
    monkeypatch.setattr(elastic, "synonym_table", SynonymTable)
    result = cluster.search(SearchRequest(text=text))
    assert result.hits and "dementia" in result.hits[0].attributes


@pytest.mark.elasticsearch
@needs_cluster
def test_live_the_reading_analysers_give_the_tokens_that_meet(cluster):
    indices = cluster.client.indices
    indexed = indices.analyze(index=cluster.index_name, analyzer="ja_reading", text="認知症")["tokens"]
    asked = indices.analyze(index=cluster.index_name, analyzer="ja_reading_query", text="にんちしょう")["tokens"]
    assert [t["token"] for t in asked] == ["ニンチショウ"]
    assert "ニンチショウ" in [t["token"] for t in indexed]
