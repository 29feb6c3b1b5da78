"""A4 posters of program and area pages for 文化センター notice boards and 回覧板.

`/<lang>/<page path>/poster/` shows the live page's title, summary (or the area's coordinator), who it is for, the
phone number to call and a QR code that opens the page in the same language.
"""

import segno
from django.http import Http404
from django.shortcuts import render
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_safe
from wagtail.models import Page

QR_ERROR = "m"
"""Error correction level M (segno may raise it when that costs no extra size): survives a crease or a pin."""


def qr_code(url):
    """The QR code of `url`. Tests regenerate it with the same call to check what the poster encodes."""
    return segno.make_qr(url, error=QR_ERROR)


def qr_svg(url):
    """Inline SVG of the QR code of `url`, with an accessible name that says where it leads."""
    label = gettext("QR code that opens %(url)s") % {"url": url}
    svg = qr_code(url).svg_inline(
        scale=1, border=4, dark="#000", light="#fff", omitsize=True, title=label, svgclass="poster__qr-code"
    )
    if not svg.startswith("<svg "):  # pragma: no cover - segno's documented output
        raise ValueError("unexpected SVG from segno")
    attributes = format_html(' role="img" aria-label="{}" data-url="{}"', label, url)
    return mark_safe("<svg" + attributes + svg[len("<svg") :])


def find_poster_page(request, page_path):
    """The live, public page at `page_path` under the request's site that has a poster (poster_contact()), else
    404."""
    route = Page.route_for_request(request, page_path)
    if route is None:
        raise Http404
    page, args, kwargs = route
    page = page.specific
    if args or kwargs or not hasattr(page, "poster_contact"):
        raise Http404
    if not page.live or page.get_view_restrictions().exists():
        raise Http404
    return page


def text_size(text):
    """How large the summary can be printed and still leave the phone number and the QR code on the same A4 page."""
    if len(text) <= 250:
        return "large"
    if len(text) <= 600:
        return "medium"
    return "small"


@require_safe
def poster(request, page_path):
    page = find_poster_page(request, page_path)
    page_url = page.get_url(request=request)
    absolute_url = request.build_absolute_uri(page_url)
    context = {
        "page": page,
        "self": page,
        "long_title": len(page.title) > 30,
        "page_url": page_url,
        "absolute_url": absolute_url,
        "qr_svg": qr_svg(absolute_url),
        "contact": page.poster_contact(),
        **page.poster_context(),
    }
    context["summary_size"] = text_size(context.pop("poster_text"))
    return render(request, page.poster_template, context)
