"""What a page of the directory tells search: its facets, its texts in each language, its summary.

Each page type that is an entry of the directory answers `directory_entry()`; search builds its index document
from that (search.documents) without knowing the page types.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import strip_tags
from modeltranslation.utils import build_localized_fieldname


@dataclass
class DirectoryEntry:
    entry_type: str
    """"service", "place" or "area" (CONTRACT §4)."""
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
