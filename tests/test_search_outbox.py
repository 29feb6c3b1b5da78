"""The Elasticsearch outbox: an index write the cluster does not take waits in the database, and is sent by the
next write that succeeds or by `rebuild_search_index --pending`, so a page unpublished during an outage never
comes back. The database answers searches meanwhile.

Without a cluster: a closed port (down) and a small HTTP server answering as a node does (tests/fake_elasticsearch);
with one at ELASTICSEARCH_URL, the live tests at the end."""

import io
import logging
import os

import pytest
from django.core.management import call_command

from search.backends import get_backend
from search.backends.base import SearchRequest
from search.backends.database import DatabaseBackend
from search.backends.elastic import ElasticsearchBackend
from search.documents import build_document, live_entries
from search.models import PendingIndexWrite
from services.models import ServicePage

from .fake_elasticsearch import FakeElasticsearch

pytestmark = pytest.mark.django_db

CLOSED_PORT_URL = "http://127.0.0.1:9"
"""Nothing listens here: as when the cluster is down."""


@pytest.fixture
def publishing(settings):
    """Publishing keeps the index in step (the tests' settings turn it off), with the cluster down."""
    settings.SEARCH_INDEX_ON_PUBLISH = True
    settings.ELASTICSEARCH_URL = CLOSED_PORT_URL
    return settings


def program(plan_name="ひきこもりに関する支援"):
    return ServicePage.objects.get(plan_name=plan_name)


def pending():
    return {row.page_id: (row.action, row.attempts) for row in PendingIndexWrite.objects.all()}


def pending_command():
    out = io.StringIO()
    call_command("rebuild_search_index", "--pending", stdout=out)
    return out.getvalue()


def test_a_page_unpublished_while_the_cluster_is_down_waits_in_the_outbox(publishing, client, caplog):
    page = program()
    with caplog.at_level(logging.WARNING, logger="search.backends.elastic"):
        page.unpublish()
    assert pending() == {page.pk: (PendingIndexWrite.DELETE, 1)}
    assert "ConnectionError" in PendingIndexWrite.objects.get().last_error
    assert any("outbox" in r.getMessage() for r in caplog.records)

    # The database answers meanwhile, without the page: the backend on its own and the site asking Elasticsearch.
    assert page.pk not in [h.page_id for h in DatabaseBackend().search(SearchRequest(text="ひきこもり")).hits]
    body = client.get("/api/search/", {"q": "ひきこもり"}, HTTP_HOST="localhost").json()
    assert "ひきこもりに関する支援" not in [r["plan_name"] for r in body["results"]]
    assert body["count"] > 0


def test_pending_with_the_cluster_still_down_keeps_the_row_and_exits_cleanly(publishing):
    page = program()
    page.unpublish()
    out = pending_command()
    assert "0 pending changes sent; 1 still pending" in out
    assert pending() == {page.pk: (PendingIndexWrite.DELETE, 2)}


def test_pending_sends_the_removal_once_the_cluster_is_back(publishing):
    page = program()
    page.unpublish()
    with FakeElasticsearch() as cluster:
        publishing.ELASTICSEARCH_URL = cluster.url
        out = pending_command()
    assert cluster.bulk_actions == [("delete", str(page.pk), None)]
    assert "1 pending changes sent; none left" in out
    assert pending() == {}


def test_the_next_write_that_succeeds_sends_the_outbox_after_it(publishing):
    gone, edited = program(), program("チームオレンジの推進")
    gone.unpublish()
    with FakeElasticsearch() as cluster:
        publishing.ELASTICSEARCH_URL = cluster.url
        edited.save_revision().publish()
    assert [(op, _id) for op, _id, _source in cluster.bulk_actions] == [
        ("index", str(edited.pk)),
        ("delete", str(gone.pk)),
    ]
    assert pending() == {}


def test_a_page_published_again_during_the_outage_is_sent_as_it_stands(publishing):
    page = program()
    page.unpublish()
    page.save_revision().publish()
    assert pending() == {page.pk: (PendingIndexWrite.UPSERT, 2)}
    with FakeElasticsearch() as cluster:
        publishing.ELASTICSEARCH_URL = cluster.url
        pending_command()
    [(op, _id, source)] = cluster.bulk_actions
    assert (op, _id) == ("index", str(page.pk))
    assert source["plan_name"] == "ひきこもりに関する支援"


def test_a_change_the_cluster_refuses_stays_with_its_reason_and_the_others_go(publishing):
    refused, removed = program(), program("チームオレンジの推進")
    refused.save_revision().publish()
    removed.unpublish()
    with FakeElasticsearch() as cluster:
        cluster.refuse_ids = {str(refused.pk)}
        publishing.ELASTICSEARCH_URL = cluster.url
        out = pending_command()
    assert "1 pending changes sent; 1 still pending" in out
    assert pending() == {refused.pk: (PendingIndexWrite.UPSERT, 2)}
    assert "document_parsing_exception" in PendingIndexWrite.objects.get().last_error


def test_with_the_database_backend_nothing_is_pending(settings):
    settings.ELASTICSEARCH_URL = ""
    assert "0 pending changes sent; none left" in pending_command()


# -- against a cluster --------------------------------------------------------------------------------------

LIVE_URL = os.environ.get("ELASTICSEARCH_URL", "")
needs_cluster = pytest.mark.skipif(not LIVE_URL, reason="needs an Elasticsearch cluster at ELASTICSEARCH_URL")


@pytest.fixture
def cluster(indexed, settings):
    settings.SEARCH_INDEX_ON_PUBLISH = True
    backend = ElasticsearchBackend(LIVE_URL)
    backend.rebuild([d for d in (build_document(p) for p in live_entries()) if d is not None])
    yield backend
    indices = backend.client.indices
    if indices.exists_alias(name=backend.index_name):
        for name in indices.get_alias(name=backend.index_name).body:
            indices.delete(index=name)


@pytest.mark.elasticsearch
@needs_cluster
def test_live_the_outbox_drains_and_the_unpublished_page_is_gone_from_the_cluster(cluster, settings):
    page = program()
    assert cluster.client.exists(index=cluster.index_name, id=page.pk)
    settings.ELASTICSEARCH_URL = CLOSED_PORT_URL  # the outage
    page.unpublish()
    assert pending() == {page.pk: (PendingIndexWrite.DELETE, 1)}
    assert cluster.client.exists(index=cluster.index_name, id=page.pk)  # the cluster missed it

    settings.ELASTICSEARCH_URL = LIVE_URL  # back
    assert isinstance(get_backend(), ElasticsearchBackend)
    assert "none left" in pending_command()
    assert pending() == {}
    assert not cluster.client.exists(index=cluster.index_name, id=page.pk)
    hits = cluster.search(SearchRequest(text="ひきこもり", page_size=50)).hits
    assert page.pk not in [h.page_id for h in hits]


@pytest.mark.elasticsearch
@needs_cluster
def test_live_the_next_write_drains_the_outbox(cluster, settings):
    gone, edited = program(), program("チームオレンジの推進")
    settings.ELASTICSEARCH_URL = CLOSED_PORT_URL
    gone.unpublish()
    settings.ELASTICSEARCH_URL = LIVE_URL
    edited.save_revision().publish()
    assert pending() == {}
    assert not cluster.client.exists(index=cluster.index_name, id=gone.pk)
