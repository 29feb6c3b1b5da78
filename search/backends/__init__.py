"""The search backends: the database by default, Elasticsearch when ELASTICSEARCH_URL is set."""

import logging

from django.conf import settings

from .database import DatabaseBackend
from .elastic import ElasticsearchBackend

log = logging.getLogger(__name__)


def get_backend():
    if settings.ELASTICSEARCH_URL:
        return ElasticsearchBackend(settings.ELASTICSEARCH_URL, fallback=DatabaseBackend())
    return DatabaseBackend()
