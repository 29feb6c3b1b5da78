"""What the index holds for a page: display text and tokens in each language, and its facet slugs.

Like cfgov's documents: one function builds the document from a live page (from what the page says of itself,
its `directory_entry()`); both backends index it.
"""

from dataclasses import dataclass, field

from django.utils import translation
from wagtail.models import Page

from portal import languages
from portal.text import analyze
from services.models import directory_entry_models


def indexed_models():
    """Page types that are entries of the directory (services.models.directory_entry_models)."""
    return directory_entry_models()


@dataclass
class IndexDocument:
    page_id: int
    path: str
    entry_type: str
    plan_name: str
    citywide: bool
    facets: dict
    display: dict = field(default_factory=dict)
    texts: dict = field(default_factory=dict)
    """{language: (title text, other text)}, as written; `tokens()` analyses them."""

    analysed: dict = field(default=None, repr=False, compare=False)

    def stored_fields(self):
        """What every index keeps of the document as it is, by field name (the facets and texts each index writes
        its own way)."""
        return {
            "page_id": self.page_id,
            "path": self.path,
            "entry_type": self.entry_type,
            "plan_name": self.plan_name,
            "citywide": self.citywide,
            "display": self.display,
        }

    def tokens(self):
        """{language: (title tokens, text tokens)} for each language the page is written in (analysed once:
        both the database and Elasticsearch ask)."""
        if self.analysed is None:
            self.analysed = {
                code: (" ".join(analyze(title, code)), " ".join(analyze(text, code)))
                for code, (title, text) in self.texts.items()
            }
        return self.analysed


def build_document(page):
    """The index document of a live page, or None when the page is not an entry of the directory."""
    page = page.specific
    if not isinstance(page, indexed_models()) or not page.live:
        return None
    entry = page.directory_entry()
    document = IndexDocument(
        page_id=page.pk,
        path=page.path,
        entry_type=entry.entry_type,
        plan_name=entry.plan_name or "",
        citywide=entry.citywide,
        facets=entry.facets,
    )
    for code in languages.CODES:
        with translation.override(code):
            document.display[code] = {"title": page.title, "summary": entry.summary(code), "url": page.get_url()}
        if page.is_translated(code):
            document.texts[code] = entry.texts(code)
    return document


def live_entries():
    """Every page that belongs in the index: live, public, of an indexed type."""
    pages = Page.objects.live().public().type(*indexed_models()).specific().order_by("path")
    return pages
