"""The frame around every page (head, header, footer), rendered with as little per-request work as it needs.

Most of the frame is the same for every visitor in a language: {% frame %} renders such a piece once per process
and language and keeps it. The parts that follow the request (the other languages' addresses, which keep the
query) are written here in Python, one string per link, rather than by a template loop: every page, and most of
all every search, has a dozen of them.

    {% frame "footer" %}{% include "includes/footer.html" %}{% endframe %}

A kept piece may show only what the language and the settings decide (translated text, the city's main number,
the official site's address): nothing of the request, the page or the editors' content.

    {% frame "footer" marked %}…{% endframe %}

A piece in the <body> says `marked`: it is kept with the language markup its page gets (the Japanese inside other
languages marked, or furigana), made once instead of on every request (portal.page_markup, whose rules it must
follow). A piece in the <head>, or inside an attribute, never says it: the markup is for the body's text only.

The links are escaped with the standard library's html.escape, which gives what Django's escape gives for a
string (the same five characters) without the lazy-string wrapper around each call.
"""

import threading
from html import escape

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from django.utils.safestring import mark_safe

from portal import page_markup

register = template.Library()

KEPT_LIMIT = 1000
"""Pieces kept at most: one per piece, language and markup (furigana's by the version of the editors' readings)."""

_kept = {}
_lock = threading.Lock()


class FrameNode(template.Node):
    child_nodelists = ()
    """Not searched for {% block %} (Django looks through every node of the base template at each render): a kept
    piece cannot hold one."""

    def __init__(self, name, nodelist, marked):
        self.name = name
        self.nodelist = nodelist
        self.marked = marked

    def render(self, context):
        markup = page_markup.current(context) if self.marked else None
        key = (self.name, translation.get_language(), markup)
        html = _kept.get(key)
        if html is None:
            html = mark_safe(page_markup.marked(self.nodelist.render(context), markup))
            with _lock:
                if len(_kept) >= KEPT_LIMIT:  # only after many changes of the editors' readings
                    _kept.clear()
                _kept[key] = html
        return html


@receiver(setting_changed)
def _forget(**kwargs):
    """A changed setting (the city's number, the static files' storage; in tests) may change a kept piece."""
    with _lock:
        _kept.clear()


@register.tag
def frame(parser, token):
    bits = token.split_contents()
    if (
        len(bits) not in (2, 3)
        or bits[1][0] not in "\"'"
        or bits[1][0] != bits[1][-1]
        or bits[2:] not in ([], ["marked"])
    ):
        raise template.TemplateSyntaxError(
            '{% frame %} takes a quoted name, then "marked" in the body: {% frame "footer" marked %}.'
        )
    nodelist = parser.parse(("endframe",))
    parser.delete_first_token()
    return FrameNode(bits[1][1:-1], nodelist, marked=len(bits) == 3)


@register.simple_tag(takes_context=True)
def alternate_links(context):
    """<link rel="alternate" hreflang> for each language of the site and x-default (Japanese), with the address
    of this page in each (portal.context_processors.site_languages)."""
    request = context["request"]
    origin = escape(f"{request.scheme}://{request.get_host()}")
    links = [
        f'<link rel="alternate" hreflang="{escape(lang["hreflang"])}" href="{origin}{escape(lang["alternate_url"])}">'
        for lang in context["site_languages"]
    ]
    links += [
        f'<link rel="alternate" hreflang="x-default" href="{origin}{escape(lang["alternate_url"])}">'
        for lang in context["site_languages"]
        if lang["code"] == "ja"
    ]
    return mark_safe("\n  ".join(links))


@register.simple_tag(takes_context=True)
def language_links(context):
    """The language menu's list: each language's name in itself, linking to this page (and search) in it."""
    current = ' aria-current="true"'
    items = [
        f'<li><a href="{escape(lang["url"])}" lang="{escape(lang["html_lang"])}" hreflang="{escape(lang["hreflang"])}"'
        f"{current if lang['current'] else ''}>{escape(lang['name'])}</a></li>"
        for lang in context["site_languages"]
    ]
    return mark_safe("\n      ".join(items))
