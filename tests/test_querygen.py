"""The benchmark's query generator (scripts/querygen.py): distinct, six languages, valid requests."""

import sys
from collections import Counter
from pathlib import Path

import pytest

from services import facets
from tests import contract

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import querygen  # noqa: E402


@pytest.fixture
def words(db):
    return querygen.vocabulary()


def test_the_facet_values_are_the_contract_slugs(db):
    assert querygen.FACET_SLUGS == {
        "age": tuple(contract.AGES),
        "attribute": tuple(contract.ATTRIBUTES),
        "area": tuple(contract.AREAS),
        "kind": tuple(contract.KINDS),
    }
    for name, slugs in querygen.FACET_SLUGS.items():
        assert set(slugs) == set(facets.MODELS[name].objects.values_list("slug", flat=True))
    assert querygen.LANGUAGES == tuple(contract.LANGUAGES)


def test_words_come_from_the_content_in_every_language(words):
    assert set(words) == set(contract.LANGUAGES)
    for language, found in words.items():
        assert len(found) >= 50, language
        assert all(querygen.usable(word) for word in found)
    assert "認知症" in words["ja"]
    assert "dementia" in words["en"]


def test_queries_are_distinct_in_six_languages_with_valid_facets(words):
    queries = querygen.QueryGenerator(words, seed=1).take(5000)
    assert len({q.page_path() for q in queries}) == 5000
    assert len({q.api_path() for q in queries}) == 5000
    languages = Counter(q.language for q in queries)
    assert set(languages) == set(contract.LANGUAGES)
    assert min(languages.values()) > 500
    with_facets = [q for q in queries if q.selection()]
    assert 0.4 < len(with_facets) / len(queries) < 0.8
    assert any(q.page == 2 for q in queries)
    for query in queries:
        for facet, slugs in query.selection().items():
            assert set(slugs) <= set(querygen.FACET_SLUGS[facet])
        words_of_query = query.text.split()
        assert 1 <= len(words_of_query) <= 3 or (not words_of_query and query.selection())
        assert set(words_of_query) <= set(words[query.language])


def test_the_same_seed_gives_the_same_queries(words):
    first = querygen.QueryGenerator(words, seed=7).take(200)
    assert querygen.QueryGenerator(words, seed=7).take(200) == first
    assert querygen.QueryGenerator(words, seed=8).take(200) != first


def test_a_generator_never_repeats_even_with_few_words():
    few = {language: ["one", "two"] for language in querygen.LANGUAGES}
    generator = querygen.QueryGenerator(few, seed=3)
    queries = generator.take(2000)
    assert len(set(queries)) == 2000


def test_every_generated_request_is_answered(client, indexed, words):
    for query in querygen.QueryGenerator(words, seed=2).take(24):
        for path in (query.api_path(), query.page_path()):
            response = client.get(path, HTTP_HOST="localhost")
            assert response.status_code == 200, path
