"""Marks Japanese inside pages in other languages (an office name in brackets) with lang="ja", so that a
screen reader says it in Japanese and a browser picks a Japanese font."""

import re
from html import escape
from html.parser import HTMLParser

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ"
_KANA = r"\u3041-\u309f\u30a0-\u30ff\uff66-\uff9f"
_JAPANESE_RUN = re.compile(rf"[{_HAN}{_KANA}ー・〒0-9０-９]*[{_HAN}{_KANA}][{_HAN}{_KANA}ー・0-9０-９]*")
_HAS_KANA = re.compile(f"[{_KANA}]")
SKIPPED = {"script", "style", "title", "textarea", "option"}


def mark(text, language):
    """`text` as HTML with its Japanese runs in <span lang="ja">. In Chinese only runs with kana are
    Japanese for certain (kanji alone are Chinese too)."""

    def wrap(match):
        run = match.group(0)
        if language == "zh-hans" and not _HAS_KANA.search(run):
            return escape(run)
        return f'<span lang="ja">{escape(run)}</span>'

    out, position = [], 0
    for match in _JAPANESE_RUN.finditer(text):
        out.append(escape(text[position : match.start()]))
        out.append(wrap(match))
        position = match.end()
    out.append(escape(text[position:]))
    return "".join(out)


class _Marker(HTMLParser):
    def __init__(self, language):
        super().__init__(convert_charrefs=False)
        self.language = language
        self.out = []
        self.stack = []  # (tag, skips text)

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        lang = dict(attrs).get("lang")
        inherited = bool(self.stack and self.stack[-1][1])
        skip = tag in SKIPPED or inherited or (lang is not None and lang.startswith("ja"))
        if tag not in ("br", "img", "input", "meta", "link", "hr", "source", "wbr"):
            self.stack.append((tag, skip))

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        skipping = bool(self.stack and self.stack[-1][1])
        self.out.append(data if skipping else mark(data, self.language))

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")


def mark_html(markup, language):
    marker = _Marker(language)
    marker.feed(markup)
    marker.close()
    return "".join(marker.out)
