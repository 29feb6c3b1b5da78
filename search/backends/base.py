"""What every backend answers: the same request, the same result, the same facet semantics (CONTRACT §4)."""

from dataclasses import dataclass, field

from services import facets
from services.models import GUIDE

FACETS = facets.NAMES


@dataclass
class SearchRequest:
    text: str = ""
    language: str = "ja"
    filters: dict = field(default_factory=dict)
    page: int = 1
    page_size: int = 20

    def selected(self, facet):
        return list(self.filters.get(facet) or [])


@dataclass
class Hit:
    page_id: int
    title: str
    summary: str
    url: str
    plan_name: str
    kinds: list
    ages: list
    attributes: list
    areas: list
    citywide: bool
    entry_type: str = "service"

    @property
    def guide(self):
        """A page that explains (where to ask, the plan) rather than a program or place: its card says so."""
        return self.entry_type == GUIDE


@dataclass
class FacetCount:
    slug: str
    count: int
    selected: bool


@dataclass
class SearchResult:
    request: SearchRequest
    count: int
    hits: list
    facets: dict
    """{facet: {slug: FacetCount}}. DirectorySearch adds the taxonomy's labels, order and zero counts."""

    @property
    def page_count(self):
        return max(1, -(-self.count // self.request.page_size))


class SearchBackend:
    name = "base"

    def search(self, request: SearchRequest) -> SearchResult:
        raise NotImplementedError

    def index(self, documents):
        """Adds or replaces the documents."""
        raise NotImplementedError

    def remove(self, page_ids):
        raise NotImplementedError

    def rebuild(self, documents):
        """Replaces the whole index with `documents`."""
        raise NotImplementedError

    def send_pending(self, limit=None):
        """Sends the changes a remote index missed (the outbox): (sent, still pending). The database has none."""
        return 0, 0

    def state(self) -> str:
        """What answers searches now, in a few words for /readyz."""
        return self.name
