"""One search interface for the directory, used by the search page and the API alike.

    DirectorySearch("en").search("dementia").filter("area", ["chuo"]).run(page=1, page_size=20)

The backend (database, or Elasticsearch when configured) finds the entries and counts the facets; this
class adds the taxonomies' labels and order, so that every facet lists every value (CONTRACT §4).
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from services import facets

from .backends import get_backend
from .backends.base import FACETS, SearchRequest
from .cache import site_memo

TAXONOMIES = facets.MODELS


@dataclass
class FacetValue:
    slug: str
    label: str
    count: int
    selected: bool


@dataclass
class DirectoryResult:
    query: str
    language: str
    count: int
    page: int
    page_size: int
    results: list
    facets: dict

    @property
    def page_count(self):
        return max(1, -(-self.count // self.page_size))


def facet_labels(language):
    """{facet: [(slug, label in `language`)]} in the taxonomies' order, kept per process until a taxonomy
    changes (search.cache). The label falls back through the active language, so that is part of the key."""
    return site_memo.get(("labels", language, translation.get_language()), lambda: _facet_labels(language))


def _facet_labels(language):
    labels = {}
    for facet, model in TAXONOMIES.items():
        rows = model.objects.order_by("sort_order", "pk").values(
            "slug", "name", build_localized_fieldname("name", language)
        )
        labels[facet] = [(r["slug"], r[build_localized_fieldname("name", language)] or r["name"]) for r in rows]
    return labels


class DirectorySearch:
    def __init__(self, language=None, backend=None):
        self.language = language or settings.LANGUAGE_CODE
        self.backend = backend or get_backend()
        self.query = ""
        self.selected = {facet: [] for facet in FACETS}

    def search(self, query):
        self.query = query or ""
        return self

    def filter(self, facet, slugs):
        self.selected[facet] = list(slugs or [])
        return self

    def run(self, page=1, page_size=20):
        request = SearchRequest(
            text=self.query, language=self.language, filters=dict(self.selected), page=page, page_size=page_size
        )
        result = self.backend.search(request)
        facets = {}
        for facet, values in facet_labels(self.language).items():
            counted = result.facets.get(facet, {})
            facets[facet] = [
                FacetValue(
                    slug=slug,
                    label=label,
                    count=counted[slug].count if slug in counted else 0,
                    selected=slug in self.selected[facet],
                )
                for slug, label in values
            ]
        return DirectoryResult(
            query=self.query,
            language=self.language,
            count=result.count,
            page=page,
            page_size=page_size,
            results=result.hits,
            facets=facets,
        )
