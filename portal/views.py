"""Site-wide views that sit outside the language prefixes."""

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe
from wagtail.models import Page, Site

from . import languages


def sitemap(request):
    """Every live page in every site language, each with its hreflang alternates and x-default."""
    site = Site.find_for_request(request)
    root = site.root_page if site else None
    pages = Page.objects.live().public().specific().order_by("path")
    if root:
        pages = pages.descendant_of(root, inclusive=True)
    base = request.build_absolute_uri("/").rstrip("/")
    entries = []

    def add(alternates, lastmod):
        if not alternates:
            return
        x_default = next(a["loc"] for a in alternates if a["code"] == languages.DEFAULT.code)
        for alternate in alternates:
            entries.append(
                {"loc": alternate["loc"], "lastmod": lastmod, "alternates": alternates, "x_default": x_default}
            )

    for page in pages:
        if getattr(page, "is_sample", False):
            continue  # sample places (make demo) carry noindex and are no part of the city's site
        alternates = []
        for language in languages.LANGUAGES:
            with translation.override(language.code):
                url = page.get_url(request=request, current_site=site)
            if url:
                alternates.append({"code": language.code, "hreflang": language.hreflang, "loc": base + url})
        add(alternates, page.last_published_at)
    # The household finder's empty form is a page residents should find; its answers are not (noindex).
    alternates = []
    for language in languages.LANGUAGES:
        with translation.override(language.code):
            alternates.append({"code": language.code, "hreflang": language.hreflang, "loc": base + reverse("navi")})
    add(alternates, None)
    xml = render_to_string("sitemap.xml", {"entries": entries})
    return HttpResponse(xml, content_type="application/xml; charset=utf-8")


@require_safe
def neutral(request):
    """Where quick exit goes: a blank page with nothing that tells what was being read."""
    response = render(request, "neutral.html")
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def healthz(request):
    """For load balancers and `make loadtest`: the process answers, without touching the database."""
    response = HttpResponse("ok", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response
