"""The search backends: the database by default, Elasticsearch when ELASTICSEARCH_URL is set."""

import logging

from django.conf import settings

log = logging.getLogger(__name__)


def get_backend():
    from .database import DatabaseBackend

    if settings.ELASTICSEARCH_URL:
        from .elastic import ElasticsearchBackend

        return ElasticsearchBackend(settings.ELASTICSEARCH_URL, fallback=DatabaseBackend())
    return DatabaseBackend()
