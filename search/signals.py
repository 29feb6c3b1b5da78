"""The index follows Wagtail's own events (publish, unpublish, move, delete), so drafts never reach residents."""

import logging

from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from services.models import AgeGroup, Area, Attribute, Department, DirectorySettings, Kind, PlacePage, Reading

from .backends import get_backend
from .documents import build_document, live_entries
from .models import IndexState, Synonym

log = logging.getLogger(__name__)


def enabled():
    return getattr(settings, "SEARCH_INDEX_ON_PUBLISH", True)


def reindex_pages(pages):
    if not enabled():
        return
    backend = get_backend()
    documents, gone = [], []
    for page in pages:
        document = build_document(page)
        if document is None:
            gone.append(page.pk)
        else:
            documents.append(document)
    if documents:
        backend.index(documents)
    if gone:
        backend.remove(gone)


def on_publish(sender, instance, **kwargs):
    reindex_pages([instance])


def on_unpublish(sender, instance, **kwargs):
    if enabled():
        get_backend().remove([instance.pk])


def on_move(sender, instance, **kwargs):
    if enabled():
        reindex_pages(live_entries().descendant_of(instance, inclusive=True))


def on_page_delete(sender, instance, **kwargs):
    if enabled():
        get_backend().remove([instance.pk])


def on_taxonomy_change(sender, instance, **kwargs):
    """A label is part of an entry's text: re-index the entries that carry it."""
    pages = []
    for name in ("services", "places"):
        related = getattr(instance, name, None)
        pages += list(related.all()) if related is not None else []
    if sender is Area and hasattr(instance, "page"):
        pages.append(instance.page)
        pages += list(PlacePage.objects.child_of(instance.page))
    reindex_pages([p for p in pages if p.live])


def on_view_restriction_change(sender, instance, **kwargs):
    """A restriction added or lifted decides which pages under it residents may find: the public ones are
    (re)indexed, the others leave the index, and every kept response goes (they may list them)."""
    if enabled():
        try:
            top = instance.page
        except Page.DoesNotExist:
            top = None
        if top is not None:
            public = {page.pk: page for page in live_entries().descendant_of(top, inclusive=True)}
            hidden = Page.objects.descendant_of(top, inclusive=True).exclude(pk__in=public).values_list("pk", flat=True)
            reindex_pages(public.values())
            if hidden:
                get_backend().remove(list(hidden))
    IndexState.bump("site")


def on_synonym_change(sender, instance, **kwargs):
    IndexState.bump("synonyms")


def on_site_change(sender, **kwargs):
    """Pages and taxonomies are shown beside the results (labels, the general window): every process's cached
    copies and search responses (search.cache) go, whether or not the index follows publishing."""
    IndexState.bump("site")


def connect():
    page_published.connect(on_publish, dispatch_uid="search-publish")
    page_unpublished.connect(on_unpublish, dispatch_uid="search-unpublish")
    post_page_move.connect(on_move, dispatch_uid="search-move")
    pre_delete.connect(on_page_delete, sender=Page, dispatch_uid="search-delete")
    for model in (AgeGroup, Attribute, Area, Kind, Department):
        post_save.connect(on_taxonomy_change, sender=model, dispatch_uid=f"search-taxonomy-{model.__name__}")
    page_published.connect(on_site_change, dispatch_uid="search-site-publish")
    page_unpublished.connect(on_site_change, dispatch_uid="search-site-unpublish")
    post_page_move.connect(on_site_change, dispatch_uid="search-site-move")
    post_delete.connect(on_site_change, sender=Page, dispatch_uid="search-site-delete")
    for model in (AgeGroup, Attribute, Area, Kind, Department):
        post_save.connect(on_site_change, sender=model, dispatch_uid=f"search-site-save-{model.__name__}")
        post_delete.connect(on_site_change, sender=model, dispatch_uid=f"search-site-delete-{model.__name__}")
    post_save.connect(on_site_change, sender=DirectorySettings, dispatch_uid="search-site-save-directory")
    # A reading an editor corrects shows as furigana in every kept search page.
    post_save.connect(on_site_change, sender=Reading, dispatch_uid="search-site-save-reading")
    post_delete.connect(on_site_change, sender=Reading, dispatch_uid="search-site-delete-reading")
    post_save.connect(on_view_restriction_change, sender=PageViewRestriction, dispatch_uid="search-restriction-save")
    post_delete.connect(
        on_view_restriction_change, sender=PageViewRestriction, dispatch_uid="search-restriction-delete"
    )
    post_save.connect(on_synonym_change, sender=Synonym, dispatch_uid="search-synonym-save")
    post_delete.connect(on_synonym_change, sender=Synonym, dispatch_uid="search-synonym-delete")
