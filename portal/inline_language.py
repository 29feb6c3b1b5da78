"""Marks Japanese inside pages in other languages (an office name in brackets) with lang="ja", so that a
screen reader says it in Japanese and a browser picks a Japanese font."""

import hashlib
import re
import threading
from collections import OrderedDict
from html import escape

from . import languages
from .html_text import TextRewriter

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ"
_KANA = r"\u3041-\u309f\u30a0-\u30ff\uff66-\uff9f"
_JAPANESE_RUN = re.compile(rf"[{_HAN}{_KANA}ー・〒0-9０-９]*[{_HAN}{_KANA}][{_HAN}{_KANA}ー・0-9０-９]*")
_HAS_KANA = re.compile(f"[{_KANA}]")
SKIPPED = {"script", "style", "title", "textarea", "option", "svg"}

PAGE_CACHE_SIZE = 500
"""Marked pages each process keeps: most pages are the same for every visitor."""

TEXT_CACHE_SIZE = 20_000
"""Marked texts each process keeps per language (most texts of a page are on every page); emptied when full."""

_pages = OrderedDict()
_texts = {}
_lock = threading.Lock()


def mark(text, language):
    """`text` as HTML with its Japanese runs in <span lang="ja">. In Chinese only runs with kana are
    Japanese for certain (kanji alone are Chinese too)."""

    han_is_native = languages.get(language).han_is_native

    def wrap(match):
        run = match.group(0)
        if han_is_native and not _HAS_KANA.search(run):
            return escape(run)
        return f'<span lang="ja">{escape(run)}</span>'

    out, position = [], 0
    for match in _JAPANESE_RUN.finditer(text):
        out.append(escape(text[position : match.start()]))
        out.append(wrap(match))
        position = match.end()
    out.append(escape(text[position:]))
    return "".join(out)


def _marked_japanese(attrs):
    """lang="ja", "ja-JP", "ja-x-easy": the primary subtag says Japanese (BCP 47)."""
    return (attrs.get("lang") or "").split("-")[0].lower() == "ja"


def mark_html(markup, language, keep=True):
    """`markup` with its Japanese runs marked. `keep=False` for a page that is seldom asked for twice and is kept
    elsewhere if at all (a search: the response cache keeps it), so that it does not push the pages everyone
    sees out of this process's page cache, nor hold memory for nothing."""
    key = (language, hashlib.blake2b(markup.encode(), digest_size=16).digest())
    with _lock:
        cached = _pages.get(key)
        if cached is not None:
            _pages.move_to_end(key)
            return cached
    texts = _texts.setdefault(language, {})
    if len(texts) > TEXT_CACHE_SIZE:
        texts.clear()

    def marked(text):
        found = texts.get(text)
        if found is None:
            found = texts[text] = mark(text, language)
        return found

    html = TextRewriter.apply(markup, marked, lambda tag, attrs: tag in SKIPPED or _marked_japanese(attrs))
    if not keep:
        return html
    with _lock:
        _pages[key] = html
        if len(_pages) > PAGE_CACHE_SIZE:
            _pages.popitem(last=False)
    return html
