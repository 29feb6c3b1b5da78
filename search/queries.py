"""One search interface for the directory: text, facets with disjunctive counts, relevance or editors' order.

The facet semantics are CONTRACT §1 and §4: OR within a facet, AND across facets; a facet's counts apply
the text and every other facet's selection but not its own; a citywide entry matches every area; with an
area selected, that area's own entries come before citywide ones.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from services.models import ServicePage

from .forms import FACETS
from .text import normalize, terms

TEXT_WEIGHTS = {"title": 5, "plan_name": 4, "summary": 2, "body": 1}
"""How much a word found in each part of an entry counts towards its relevance."""


@dataclass
class Entry:
    page_id: int
    path: str
    url: str
    title: str
    summary: str
    plan_name: str
    citywide: bool
    slugs: dict
    texts: dict = field(default_factory=dict)

    def matches(self, facet, selected):
        if not selected:
            return True
        if facet == "area" and self.citywide:
            return True
        return bool(set(self.slugs[facet]) & set(selected))

    def score(self, words):
        total = 0
        for word in words:
            found = [weight for part, weight in TEXT_WEIGHTS.items() if word in self.texts.get(part, "")]
            if not found:
                return 0
            total += sum(found)
        return total


def _stream_text(stream):
    from django.utils.html import strip_tags

    parts = []
    for block in stream:
        value = block.value
        if block.block_type == "text":
            parts.append(strip_tags(value.source))
        elif block.block_type == "steps":
            parts.extend(str(step) for step in value)
        elif block.block_type == "faq":
            parts.extend(f"{item['question']} {item['answer']}" for item in value)
    return " ".join(parts)


def load_entries(language):
    """Every live, public directory entry with its text in `language` and in Japanese."""
    pages = (
        ServicePage.objects.live().public().order_by("path").prefetch_related("ages", "attributes", "areas", "kinds")
    )
    entries = []
    for page in pages:
        with translation.override(language):
            url = page.get_url()
            title, summary = page.title, page.summary
        texts = {"title": "", "plan_name": normalize(page.plan_name), "summary": "", "body": ""}
        for code in dict.fromkeys([language, settings.LANGUAGE_CODE]):
            texts["title"] += " " + normalize(getattr(page, build_localized_fieldname("title", code)) or "")
            texts["summary"] += " " + normalize(getattr(page, build_localized_fieldname("summary", code)) or "")
            texts["body"] += " " + normalize(_stream_text(getattr(page, build_localized_fieldname("body", code)) or []))
        entries.append(
            Entry(
                page_id=page.pk,
                path=page.path,
                url=url,
                title=title,
                summary=summary,
                plan_name=page.plan_name or "",
                citywide=page.citywide,
                slugs={
                    "age": [a.slug for a in page.ages.all()],
                    "attribute": [a.slug for a in page.attributes.all()],
                    "area": [a.slug for a in page.areas.all()],
                    "kind": [k.slug for k in page.kinds.all()],
                },
                texts=texts,
            )
        )
    return entries


@dataclass
class FacetValue:
    slug: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResult:
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


class DirectorySearch:
    """`search(q)` and `filter(facet, slugs)` narrow the directory; `run(page, size)` answers."""

    def __init__(self, language=None, entries=None):
        self.language = language or settings.LANGUAGE_CODE
        self.entries = entries if entries is not None else load_entries(self.language)
        self.query = ""
        self.selected = {facet: [] for facet in FACETS}

    def search(self, query):
        self.query = query or ""
        return self

    def filter(self, facet, slugs):
        self.selected[facet] = list(slugs or [])
        return self

    def _matching(self, words, skip_facet=None):
        matched = []
        for entry in self.entries:
            score = entry.score(words) if words else 0
            if words and not score:
                continue
            if all(entry.matches(f, sel) for f, sel in self.selected.items() if f != skip_facet):
                matched.append((score, entry))
        return matched

    def facet_counts(self, words):
        counts = {}
        for facet, model in FACETS.items():
            pool = self._matching(words, skip_facet=facet)
            with translation.override(self.language):
                values = list(model.objects.all())
            counts[facet] = [
                FacetValue(
                    slug=value.slug,
                    label=getattr(value, build_localized_fieldname("name", self.language)) or value.name,
                    count=sum(1 for _s, entry in pool if entry.matches(facet, [value.slug])),
                    selected=value.slug in self.selected[facet],
                )
                for value in values
            ]
        return counts

    def run(self, page=1, page_size=20):
        words = terms(self.query)
        matched = self._matching(words)
        areas = set(self.selected["area"])

        def order(item):
            score, entry = item
            local_first = 0 if (areas and set(entry.slugs["area"]) & areas) else 1
            return (-score, local_first, entry.path) if words else (local_first, entry.path)

        matched.sort(key=order)
        start = (page - 1) * page_size
        return SearchResult(
            query=self.query,
            language=self.language,
            count=len(matched),
            page=page,
            page_size=page_size,
            results=[entry for _score, entry in matched[start : start + page_size]],
            facets=self.facet_counts(words),
        )
