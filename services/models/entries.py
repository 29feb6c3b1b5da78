"""What a page of the directory tells search: its facets, its texts in each language, its summary.

Each page type that is an entry of the directory answers `directory_entry()`; search builds its index document
from that (search.documents) without knowing the page types: `directory_entry_models()` finds them in every app,
home's plan page included, so search never imports the apps that depend on it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.utils.html import strip_tags
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page

GUIDE = "guide"
"""The entry type of a page that explains rather than offers help (where to ask, for neighbours, the plan): found
by its words, with no facet values and no plan_name, so the facets of CONTRACT §1 count only the directory."""

NO_FACETS = {"kind": [], "age": [], "attribute": [], "area": []}


@dataclass
class DirectoryEntry:
    entry_type: str
    """"service", "place", "area" or GUIDE."""
    facets: dict
    """{facet name: [slugs]} (services.facets)."""
    texts: Callable
    """texts(code) → (title, other text) as written in that language, for the index to analyse."""
    summary: Callable
    """summary(code) → what a result shows under the title, in the active language."""
    plan_name: str = ""
    citywide: bool = False


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


def localized(obj, name, code):
    return getattr(obj, build_localized_fieldname(name, code), "") or ""


def labels(values, code):
    return " ".join(localized(v, "name", code) for v in values)


def body_text(page, code):
    return stream_text(getattr(page, build_localized_fieldname("body", code)))


def directory_entry_models():
    """Every page type that is an entry of the directory: the page models, of any app, that answer directory_entry()."""
    return tuple(
        model
        for model in apps.get_models()
        if issubclass(model, Page) and callable(getattr(model, "directory_entry", None))
    )


def guide_entry(page, *text_fields, more=None):
    """The entry of a guide page: its title, then its summary, body, `text_fields` (translated fields) and what
    `more(code)` adds as text."""

    def texts(code):
        other = [localized(page, "summary", code), body_text(page, code)]
        other += [localized(page, name, code) for name in text_fields]
        other += [more(code)] if more else []
        return localized(page, "title", code), "\n".join(part for part in other if part)

    return DirectoryEntry(
        entry_type=GUIDE, facets=dict(NO_FACETS), texts=texts, summary=lambda code: page.summary, plan_name=""
    )
