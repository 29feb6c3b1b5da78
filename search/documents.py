"""What the index holds for a page: display text and tokens in each language, and its facet slugs.

Like cfgov's documents: one function builds the document from a live page; both backends index it.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.html import strip_tags
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page

from portal import languages
from portal.text import analyze
from services.models import AgeGroup, AreaPage, Kind, PlacePage, ServicePage

INDEXED_MODELS = (ServicePage, AreaPage, PlacePage)
"""Page types that are entries of the directory."""


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

    def tokens(self):
        """{language: (title tokens, text tokens)} for each language the page is written in."""
        return {
            code: (" ".join(analyze(title, code)), " ".join(analyze(text, code)))
            for code, (title, text) in self.texts.items()
        }


def stream_text(stream):
    parts = []
    for block in stream or []:
        value = block.value
        if block.block_type == "text":
            parts.append(strip_tags(value.source))
        elif block.block_type == "steps":
            parts.extend(str(step) for step in value)
        elif block.block_type == "faq":
            parts.extend(f"{item['question']} {item['answer']}" for item in value)
    return "\n".join(parts)


def _localized(obj, name, code):
    return getattr(obj, build_localized_fieldname(name, code), "") or ""


def _labels(values, code):
    return " ".join(_localized(v, "name", code) for v in values)


def build_document(page):
    """The index document of a live page, or None when the page is not an entry of the directory."""
    page = page.specific
    if not isinstance(page, INDEXED_MODELS) or not page.live:
        return None
    if isinstance(page, ServicePage):
        kinds, ages, attributes = list(page.kinds.all()), list(page.ages.all()), list(page.attributes.all())
        areas = list(page.areas.all())
        facets = {
            "kind": [k.slug for k in kinds],
            "age": [a.slug for a in ages],
            "attribute": [a.slug for a in attributes],
            "area": [a.slug for a in areas],
        }
        citywide, plan_name, entry_type = page.citywide, page.plan_name, "service"
        departments = list(page.departments.all())

        def texts(code):
            title = _localized(page, "title", code)
            other = "\n".join(
                [
                    _localized(page, "summary", code),
                    stream_text(getattr(page, build_localized_fieldname("body", code))),
                    _labels(kinds + ages + attributes + areas, code),
                    _labels(departments, code),
                    _localized(page, "legal_basis", code),
                    page.plan_name if code == settings.LANGUAGE_CODE else "",
                ]
            )
            return title, other

        def summary(code):
            return page.summary
    elif isinstance(page, PlacePage):
        ages, attributes, area = list(page.ages.all()), list(page.attributes.all()), page.area
        kinds = list(Kind.objects.filter(slug="place"))
        facets = {
            "kind": ["place"],
            # A place that ticks no age is open to all ages, and carries every age slug (CONTRACT §1).
            "age": [a.slug for a in ages] or list(AgeGroup.objects.values_list("slug", flat=True)),
            "attribute": [a.slug for a in attributes],
            "area": [area.slug] if area else [],
        }
        citywide, plan_name, entry_type = False, "", "place"

        def texts(code):
            title = _localized(page, "title", code)
            other = "\n".join(
                [
                    _localized(page, "summary", code),
                    _localized(page, "venue", code),
                    _localized(page, "audience", code),
                    _localized(page, "organiser", code),
                    stream_text(getattr(page, build_localized_fieldname("body", code))),
                    _labels(kinds + ages + attributes + ([area] if area else []), code),
                ]
            )
            return title, other

        def summary(code):
            return page.summary
    else:
        facets = {"kind": [], "age": [], "attribute": [], "area": [page.area.slug]}
        citywide, plan_name, entry_type = False, "", "area"

        def texts(code):
            title = _localized(page, "title", code)
            other = "\n".join(
                [
                    _localized(page, "centre_name", code),
                    _localized(page, "coordinator_intro", code),
                    stream_text(getattr(page, build_localized_fieldname("body", code))),
                    _localized(page.area, "name", code),
                ]
            )
            return title, other

        def summary(code):
            return page.centre_name

    document = IndexDocument(
        page_id=page.pk,
        path=page.path,
        entry_type=entry_type,
        plan_name=plan_name or "",
        citywide=citywide,
        facets=facets,
    )
    for code in languages.CODES:
        with translation.override(code):
            document.display[code] = {"title": page.title, "summary": summary(code), "url": page.get_url()}
        if page.is_translated(code):
            document.texts[code] = texts(code)
    return document


def live_entries():
    """Every page that belongs in the index: live, public, of an indexed type."""
    pages = Page.objects.live().public().type(*INDEXED_MODELS).specific().order_by("path")
    return pages
