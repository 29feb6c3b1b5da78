"""Small template helpers that depend on the visitor's language."""

import json

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext
from wagtail.models import Site

from portal import languages, phone, reading

register = template.Library()


@register.filter
def listing(values):
    """Joins names the way the language lists them: 「、」 in Japanese, commas elsewhere."""
    separator = "、" if languages.is_japanese() else ", "
    return separator.join(str(v) for v in values)


@register.simple_tag(takes_context=True)
def og_locale(context):
    return languages.current().og_locale


def _international(phone):
    digits = "".join(ch for ch in phone if ch.isdigit())
    return "+81-" + phone[1:] if digits.startswith("0") else phone


@register.simple_tag(takes_context=True)
def service_jsonld(context, page):
    """schema.org GovernmentService: what search engines and LINE previews read. Only known facts."""
    request = context["request"]
    city = gettext("Fuchu City")
    contact = page.main_contact
    departments = list(page.departments.all())
    provider = {
        "@type": "GovernmentOrganization",
        "name": city + " " + listing(d.full_name for d in departments) if departments else city,
        "telephone": _international(contact.phone if contact else settings.CITY_MAIN_PHONE),
    }
    areas = list(page.areas.all())
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": page.title,
        "description": page.summary,
        "url": request.build_absolute_uri(page.url),
        "serviceType": [k.name for k in page.kinds.all()],
        "provider": provider,
        "areaServed": (
            {"@type": "City", "name": city}
            if page.citywide
            else [{"@type": "AdministrativeArea", "name": f"{city} {a.name}"} for a in areas]
        ),
    }
    if page.plan_name:
        data["alternateName"] = page.plan_name
    languages = [language.code for language in page.languages.all()]
    if languages:
        data["availableLanguage"] = languages
    payload = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')


DESCRIPTION_LENGTH = 160
"""Search engines show about this much; Japanese shows fewer characters but they carry more."""


def _view_descriptions():
    return {
        # The navi's own lead, already in every language.
        "navi": gettext(
            "Answer what you can; every question may be left out. You will see the windows to talk to first, "
            "ways to connect with others, and activities near you."
        ),
    }


def _site_description(request):
    """The home page's introduction (the site's root page): what the whole site is for, written by the city in
    every language."""
    site = Site.find_for_request(request) if request is not None else None
    site = site or Site.objects.filter(is_default_site=True).select_related("root_page").first()
    root = site.root_page.specific if site else None
    return root.meta_description() if root is not None and root.live and hasattr(root, "meta_description") else ""


@register.simple_tag(takes_context=True)
def meta_description(context):
    """The page's <meta name="description">, in the visitor's language: what a view sets, else the page's own
    (page.meta_description()), else a sentence for the view, else one for the whole site."""
    text = context.get("meta_description") or ""
    page = context.get("page")
    if not text and page is not None and hasattr(page, "meta_description"):
        text = page.meta_description()
    request = context.get("request")
    if not text:
        match = getattr(request, "resolver_match", None)
        text = _view_descriptions().get(getattr(match, "url_name", None), "")
    if not text:
        text = _site_description(request) or gettext("Fuchu City welfare consultation guide")
    return Truncator(" ".join(str(text).split())).chars(DESCRIPTION_LENGTH)


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)


@register.inclusion_tag("includes/public_lines.html")
def public_lines(keys, heading_id="urgent-heading"):
    """Tap-to-call buttons for the public numbers of CONTRACT §5 that a page names (its public_lines())."""
    return {
        "lines": [{"key": k, "number": phone.PUBLIC_LINES[k][0], "href": phone.PUBLIC_LINES[k][1]} for k in keys],
        "heading_id": heading_id,
    }


@register.inclusion_tag("includes/say.html")
def say(phrase, label=True):
    """A Japanese phrase to say on the phone or at a counter; on pages in other languages with its reading in kana
    and in romaji, since a resident who cannot read kanji cannot say it either."""
    shown = languages.current()
    return {"phrase": phrase, "label": label, "reading": None if shown.japanese else reading.reading(phrase)}


@register.inclusion_tag("includes/ask_for_language_help.html")
def ask_for_language_help():
    """On pages in other languages: how to ask, in Japanese, for an interpreter or for easy Japanese."""
    shown = languages.current()
    if shown.japanese:
        return {"phrases": []}
    return {"phrases": [reading.interpreter(shown), reading.EASY_JAPANESE]}


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(page):
    """Where an inner page sits: the home page, each section above it, then the page itself (aria-current)."""
    if not page or page.depth <= 2:
        return {"ancestors": None}
    return {"ancestors": list(page.get_ancestors().filter(depth__gt=1)), "page": page}


@register.inclusion_tag("includes/view_breadcrumbs.html", takes_context=True)
def view_breadcrumbs(context, title):
    """The same trail on a page that is not a Wagtail page (search, the finder, the memo, open data): the home page,
    then this page, linked without its query so no search words or answers sit in the trail."""
    return {"home": f"/{context.get('current_language', 'ja')}/", "here": context["request"].path, "title": title}
