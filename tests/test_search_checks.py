"""`manage.py check` warns when the Elasticsearch cluster lacks an analysis plugin the index's mapping names, or
does not answer; it says nothing without ELASTICSEARCH_URL. The cluster is a small HTTP server on the loopback
that answers `_nodes/plugins` as a node does (tests/fake_elasticsearch), asked by the real client."""

import io

import pytest
from django.core.checks import run_checks
from django.core.management import call_command

from search.backends.elastic import index_body, required_plugins
from search.checks import MISSING_PLUGIN, UNREACHABLE

from .fake_elasticsearch import FakeElasticsearch

CLOSED_PORT_URL = "http://127.0.0.1:9"
EVERY_PLUGIN = ["analysis-kuromoji", "analysis-icu", "analysis-nori", "analysis-smartcn"]


def search_warnings():
    return [message for message in run_checks(tags=["search"]) if message.id.startswith("search.")]


def test_the_plugins_needed_are_read_from_the_mapping():
    assert required_plugins() == sorted(EVERY_PLUGIN)
    body = index_body()
    body["mappings"]["properties"] = {"title_ko": {"type": "text", "analyzer": "nori"}}
    body["settings"]["analysis"] = {}
    assert required_plugins(body) == ["analysis-nori"]


def test_a_cluster_with_every_plugin_passes(settings):
    with FakeElasticsearch(plugins=[*EVERY_PLUGIN, "repository-s3"]) as cluster:
        settings.ELASTICSEARCH_URL = cluster.url
        assert search_warnings() == []
    assert ("GET", "/_nodes/plugins") in cluster.requests


@pytest.mark.parametrize("missing", EVERY_PLUGIN)
def test_a_cluster_without_a_plugin_gets_a_warning_naming_it(settings, missing):
    with FakeElasticsearch(plugins=[p for p in EVERY_PLUGIN if p != missing]) as cluster:
        settings.ELASTICSEARCH_URL = cluster.url
        [warning] = search_warnings()
    assert warning.id == MISSING_PLUGIN
    assert missing in warning.msg and "node-1" in warning.msg
    assert f"bin/elasticsearch-plugin install {missing}" in warning.hint


def test_manage_py_check_prints_the_warning_and_still_passes(settings):
    with FakeElasticsearch(plugins=["analysis-icu"]) as cluster:
        settings.ELASTICSEARCH_URL = cluster.url
        err = io.StringIO()
        call_command("check", stdout=io.StringIO(), stderr=err)
    printed = err.getvalue()
    for plugin in ("analysis-kuromoji", "analysis-nori", "analysis-smartcn"):
        assert f"(search.W001) Elasticsearch lacks the analysis plugin {plugin}" in printed
    assert "analysis-icu on" not in printed


def test_an_unreachable_cluster_gets_its_own_warning(settings):
    settings.ELASTICSEARCH_URL = CLOSED_PORT_URL
    [warning] = search_warnings()
    assert warning.id == UNREACHABLE
    assert "does not answer" in warning.msg and "127.0.0.1" not in warning.msg  # the URL may carry a password


def test_without_elasticsearch_the_check_is_silent(settings):
    settings.ELASTICSEARCH_URL = ""
    assert search_warnings() == []
