"""`manage.py check` says when the Elasticsearch cluster cannot hold the index: a node without an analysis
plugin the mapping names (the index could not be created, or searches would fail and the database answer
them), or no answer at all. Silent when ELASTICSEARCH_URL is not set."""

from django.conf import settings
from django.core.checks import Warning as CheckWarning
from django.core.checks import register

from .backends.elastic import plugin_problems, required_plugins

MISSING_PLUGIN = "search.W001"
UNREACHABLE = "search.W002"


def connect():
    register(elasticsearch_plugins, "search")


def elasticsearch_plugins(app_configs=None, **kwargs):
    if not settings.ELASTICSEARCH_URL:
        return []
    missing, error = plugin_problems(settings.ELASTICSEARCH_URL)
    if error is not None:
        return [
            CheckWarning(
                f"Elasticsearch at ELASTICSEARCH_URL does not answer ({error}): its analysis plugins could not be "
                "checked, and the database answers searches until it does.",
                hint=f"Start the cluster, or check the URL. The index needs: {', '.join(required_plugins())}.",
                id=UNREACHABLE,
            )
        ]
    return [
        CheckWarning(
            f"Elasticsearch lacks the analysis plugin {plugin} on {', '.join(nodes)}: the search index cannot "
            "be built there, and the database answers searches.",
            hint=f"On every node: bin/elasticsearch-plugin install {plugin}, restart the node, then "
            "manage.py rebuild_search_index.",
            id=MISSING_PLUGIN,
        )
        for plugin, nodes in missing
    ]
