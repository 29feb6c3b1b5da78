"""Admin reports for editors."""

from django.shortcuts import render
from wagtail.models import Page

from portal import languages

from .models.pages import TranslatedPageMixin


def missing_translations(request):
    """Per site language, the live pages not yet written in it."""
    pages = [p for p in Page.objects.live().specific().order_by("path") if isinstance(p, TranslatedPageMixin)]
    rows = []
    for code in languages.CODES:
        missing = [p for p in pages if not p.is_translated(code)]
        rows.append({"code": code, "name": languages.get(code).name_local, "missing": missing})
    return render(request, "services/admin/missing_translations.html", {"languages": rows, "total": len(pages)})
