"""Language markup made when a piece of a page is rendered, instead of on the finished page at every request.

LanguageMarkupMiddleware marks the Japanese inside pages in other languages (portal.inline_language) and adds
furigana to Japanese pages that ask for it (portal.furigana), by reading the whole finished page. Pieces that are
rendered once and kept ({% kept %} on the search page, {% frame ... marked %} around every page) and the pieces the
search page writes in Python (its facet lists) get that markup when they are made, and are fenced by two HTML
comments; the middleware leaves what is fenced as it is and removes the fences (html_text.TextRewriter.apply).

Fencing gives the same page as marking it whole when each fenced piece stands on its own: it does not leave open
an element the markup skips (an element with lang="ja", <script>, <title>, <svg> …), nor sit inside one, and it
starts and ends at a tag, not in the middle of a run of text. tests/test_page_markup.py compares the two.
"""

import threading

from . import languages
from .furigana import furigana, readings_version
from .html_text import PREMARKED_CLOSE as CLOSE
from .html_text import PREMARKED_OPEN as OPEN
from .inline_language import mark_html

PIECE_CACHE_SIZE = 20_000
"""Small pieces (a facet value's checkbox) marked per process, cleared when full."""

_pieces = {}
_lock = threading.Lock()


def for_request(request):
    """What the middleware will do to this request's page: ("lang", code) for the Japanese inside a page in
    another language, ("furigana", version) for readings, None for nothing (LanguageMarkupMiddleware sets it)."""
    language = getattr(request, "LANGUAGE_CODE", "")
    if language not in languages.JAPANESE_CODES:
        if language and request.path.startswith(f"/{language}/"):
            return ("lang", language)
        return None
    return ("furigana", readings_version()) if getattr(request, "furigana", False) else None


def current(context):
    """The markup the page being rendered will get (None outside a request, as in most tests)."""
    request = context.get("request")
    return getattr(request, "page_markup", None) if request is not None else None


def rewritten(html, markup, keep=True):
    """`html` with `markup` given to its text (what the middleware gives a page's body); `keep` as in
    inline_language.mark_html."""
    if markup[0] == "lang":
        return mark_html(html, markup[1], keep)
    return furigana().html(html, keep)


def marked(html, markup):
    """`html` with the markup the middleware would give it, fenced (unchanged for None)."""
    if markup is None:
        return html
    return OPEN + rewritten(html, markup, keep=False) + CLOSE


def marked_pieces(pieces, markup):
    """The pieces joined, each marked once per process (the same checkbox comes back in many searches)."""
    if markup is None:
        return "".join(pieces)
    out = [OPEN]
    for piece in pieces:
        key = (markup, piece)
        found = _pieces.get(key)
        if found is None:
            found = rewritten(piece, markup, keep=False)
            with _lock:
                if len(_pieces) >= PIECE_CACHE_SIZE:
                    _pieces.clear()
                _pieces[key] = found
        out.append(found)
    out.append(CLOSE)
    return "".join(out)


def unfenced(html):
    """`html` without fences, for a page the middleware does not mark after all (an error page)."""
    return html.replace(OPEN, "").replace(CLOSE, "") if OPEN in html else html
