"""With Elasticsearch configured but down, every page and the API still answer from the database, and quickly."""

import logging
import time

import pytest
from elasticsearch import ConnectionError as ElasticsearchConnectionError

from search.backends import get_backend
from search.backends.elastic import SEARCH_TIMEOUT, ElasticsearchBackend

from .utils import page_urls

pytestmark = pytest.mark.django_db

CLOSED_PORT_URL = "http://127.0.0.1:9"
"""Nothing listens here: as when the cluster is down."""

FAST = 5.0
"""Seconds a request may take with the cluster down: a wait on Elasticsearch (or a retry) would pass it."""


@pytest.fixture
def elasticsearch_down(settings):
    settings.ELASTICSEARCH_URL = CLOSED_PORT_URL
    backend = get_backend()
    assert isinstance(backend, ElasticsearchBackend)  # the site really asks Elasticsearch first
    return backend


def timed_get(client, url, params=None):
    started = time.monotonic()
    response = client.get(url, params or {}, HTTP_HOST="localhost")
    return response, time.monotonic() - started


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_page_type_answers_while_elasticsearch_is_down(client, elasticsearch_down, language):
    for url in page_urls(language):
        response, seconds = timed_get(client, url)
        assert response.status_code == 200, url
        assert seconds < FAST, f"{url} took {seconds:.1f} s"


def test_the_search_page_answers_from_the_database(client, elasticsearch_down, caplog):
    params = {"q": "ひきこもり", "age": "youth", "kind": "participation"}
    with caplog.at_level(logging.WARNING, logger="search.backends.elastic"):
        response, seconds = timed_get(client, "/ja/search/", params)
    assert response.status_code == 200
    assert seconds < FAST
    assert "ひきこもりに関する支援" in response.content.decode()
    assert any(r.name == "search.backends.elastic" for r in caplog.records)  # Elasticsearch was tried


def test_the_search_page_with_facets_only_and_in_english(client, elasticsearch_down):
    for url, params in [
        ("/ja/search/", {"area": "chuo", "attribute": "dementia"}),
        ("/en/search/", {"q": "dementia", "area": "chuo"}),
        ("/ja/search/", {}),
    ]:
        response, seconds = timed_get(client, url, params)
        assert response.status_code == 200, (url, params)
        assert seconds < FAST


def test_the_api_answers_from_the_database_with_facets(client, elasticsearch_down, settings):
    params = {"q": "認知症", "age": "senior", "area": "chuo"}
    response, seconds = timed_get(client, "/api/search/", params)
    assert response.status_code == 200
    assert seconds < FAST
    down = response.json()
    settings.ELASTICSEARCH_URL = ""
    up = client.get("/api/search/", params, HTTP_HOST="localhost").json()
    assert down == up  # the same answer the database gives on its own
    assert down["count"] > 0
    assert [v["slug"] for v in down["facets"]["age"] if v["selected"]] == ["senior"]


def test_the_client_gives_up_at_once_rather_than_retrying():
    client = ElasticsearchBackend(CLOSED_PORT_URL).client
    assert SEARCH_TIMEOUT <= 2
    started = time.monotonic()
    with pytest.raises(ElasticsearchConnectionError):
        client.info()
    assert time.monotonic() - started < 1.0
