"""Translation drift: which languages of a page were written before its Japanese text last changed.

Every full save of a page (admin publish, content loader, imports, shell) passes through the signals below, so
whichever way the Japanese changes, the translations written earlier are marked out of date; saving a language's
own text again (changed) clears the mark for that language. Drafts saved as revisions only do not count: what is
compared is what residents read. 11a's content-health report calls `out_of_date_languages(page)`.
"""

import hashlib
import json

from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname
from wagtail.blocks import StreamValue
from wagtail.models import Page

from portal import languages

from .content_loader import stream_value, without_ids
from .models import TranslationState
from .models.drift import SOURCE, japanese_changed_at, out_of_date_languages, out_of_date_pages

__all__ = ["japanese_changed_at", "out_of_date_languages", "out_of_date_pages", "record", "texts"]

SKIPPED_FIELDS = {"slug", "url_path"}


def _fields(model):
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return []
    return sorted(set(options.get_field_names()) - SKIPPED_FIELDS)


def _plain(value):
    """The text as a reader sees it: block ids, list-item wrappers and the rich-text editor's block keys (which
    differ between a loaded value and the same value saved through the form) do not count."""
    if isinstance(value, StreamValue):
        return stream_value(value)
    if value is None:
        return ""
    return without_ids(str(value).strip())


def _values(obj, fields, code):
    return [_plain(getattr(obj, build_localized_fieldname(name, code), None)) for name in fields]


def _child_relations(page):
    return [(r.get_accessor_name(), _fields(r.related_model)) for r in get_all_child_relations(type(page))]


def texts(page, children=None):
    """{language: text of the page in it, or None when nothing is written in it}. `children` maps a child
    relation's name to its objects (the in-memory ones while saving a ClusterableModel)."""
    fields = _fields(type(page))
    relations = [(name, f) for name, f in _child_relations(page) if f]
    result = {}
    for code in languages.CODES:
        column = code.replace("-", "_")
        parts = {"page": _values(page, fields, column)}
        for name, child_fields in relations:
            objects = children[name] if children is not None else list(getattr(page, name).all())
            parts[name] = [_values(obj, child_fields, column) for obj in objects]
        written = any(v not in ("", [], {}) for v in parts["page"]) or any(
            any(v not in ("", [], {}) for v in row) for name, _f in relations for row in parts[name]
        )
        result[code] = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str) if written else None
    return result


def _digest(text):
    return hashlib.sha256(text.encode()).hexdigest()


def record(page, now=None, before=None):
    """Bring the page's translation states up to date with its current text. `before` is the text as it was
    before this save, used when the page has no states yet (so the very first Japanese change is noticed)."""
    now = now or timezone.now()
    states = {s.language: s for s in TranslationState.objects.filter(page_id=page.pk)}
    if not states and before:
        _apply(page.pk, before, states, now)
    _apply(page.pk, texts(page, _in_memory_children(page)), states, now)


def _apply(page_id, current, states, now):
    source = current.get(SOURCE)
    if source is None:
        return
    source_digest = _digest(source)
    ja = states.get(SOURCE)
    if ja is None or ja.text_digest != source_digest:
        ja = _save(states, page_id, SOURCE, source_digest, source_digest, now)
    for code, text in current.items():
        if code == SOURCE or text is None:
            continue
        state = states.get(code)
        digest = _digest(text)
        if state is None or state.text_digest != digest:
            _save(states, page_id, code, digest, ja.text_digest, now)


def _save(states, page_id, code, text_digest, source_digest, now):
    state = states.get(code) or TranslationState(page_id=page_id, language=code)
    state.text_digest, state.source_digest, state.changed_at = text_digest, source_digest, now
    state.save()
    states[code] = state
    return state


def _in_memory_children(page):
    return {name: list(getattr(page, name).all()) for name, f in _child_relations(page) if f}


def _counts(instance, kwargs):
    if kwargs.get("raw") or not isinstance(instance, Page) or not _fields(type(instance)):
        return False
    update_fields = kwargs.get("update_fields")
    if update_fields is None:
        return True
    fields = _fields(type(instance))
    translated = {build_localized_fieldname(f, c.replace("-", "_")) for f in fields for c in languages.CODES}
    return bool(set(update_fields) & (translated | set(fields)))


def _before_save(sender, instance, **kwargs):
    instance._drift_before = None
    if not _counts(instance, kwargs) or not instance.pk:
        return
    if TranslationState.objects.filter(page_id=instance.pk).exists():
        return
    old = type(instance).objects.filter(pk=instance.pk).first()
    if old is not None:
        instance._drift_before = texts(old)


def _after_save(sender, instance, **kwargs):
    if not _counts(instance, kwargs):
        return
    record(instance, before=getattr(instance, "_drift_before", None))


pre_save.connect(_before_save, dispatch_uid="services.drift.before")
post_save.connect(_after_save, dispatch_uid="services.drift.after")
