"""Admin reports for editors."""

from django.conf import settings
from django.shortcuts import render
from wagtail.models import Page

from .models.pages import TranslatedPageMixin


def missing_translations(request):
    """Per site language, the live pages not yet written in it."""
    pages = [p for p in Page.objects.live().specific().order_by("path") if isinstance(p, TranslatedPageMixin)]
    languages = []
    for code, _name in settings.LANGUAGES:
        missing = [p for p in pages if not p.is_translated(code)]
        languages.append({"code": code, "name": settings.LANGUAGE_NAMES_LOCAL[code], "missing": missing})
    return render(request, "services/admin/missing_translations.html", {"languages": languages, "total": len(pages)})
