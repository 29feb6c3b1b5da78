"""Rewriting the text of an HTML page while leaving its tags, attributes and scripts as they are.

Two readers give the same events: a fast one for the markup our templates write (well-formed tags, quoted
attributes, whole character references), and Python's `HTMLParser` for anything else, which the fast one hands
over as soon as it meets something it does not know (a stray `&` or `<`, a declaration, an unusual comment).
Every page a resident sees is read on each request that marks its language or adds furigana, so the fast reader
is what keeps that cheap (tests/test_html_text.py compares the two).
"""

import re
from html import unescape
from html.parser import HTMLParser, attrfind_tolerant, tagfind_tolerant

PREMARKED_OPEN = "<!--premarked-->"
PREMARKED_CLOSE = "<!--/premarked-->"
"""The fences around a piece marked when it was rendered (portal.page_markup, which uses these)."""

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class TextRewriter(HTMLParser):
    """Passes markup through unchanged, except text, which goes through `rewrite` unless `skips` says to keep it.

    `skips(tag, attrs)` decides for an element; what it skips, its descendants keep too.
    """

    def __init__(self, rewrite, skips):
        super().__init__(convert_charrefs=False)
        self.rewrite = rewrite
        self.skips = skips
        self.out = []
        self.stack = []  # (tag, text inside is kept as it is)

    @classmethod
    def apply(cls, markup, rewrite, skips):
        """The markup rewritten, except pieces fenced as rewritten already (portal.page_markup), which are copied
        as they are, without their fences."""
        if PREMARKED_OPEN not in markup:
            return cls._apply(markup, rewrite, skips)
        out, position = [], 0
        while True:
            start = markup.find(PREMARKED_OPEN, position)
            end = markup.find(PREMARKED_CLOSE, start) if start >= 0 else -1
            if end < 0:
                out.append(cls._apply(markup[position:], rewrite, skips))
                return "".join(out)
            out.append(cls._apply(markup[position:start], rewrite, skips))
            out.append(markup[start + len(PREMARKED_OPEN) : end])
            position = end + len(PREMARKED_CLOSE)

    @classmethod
    def _apply(cls, markup, rewrite, skips):
        fast = _fast_apply(markup, rewrite, skips)
        return fast if fast is not None else cls.parse(markup, rewrite, skips)

    @classmethod
    def parse(cls, markup, rewrite, skips):
        """The same, always with Python's HTMLParser."""
        rewriter = cls(rewrite, skips)
        rewriter.feed(markup)
        rewriter.close()
        return "".join(rewriter.out)

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        if tag not in VOID_ELEMENTS:
            inherited = bool(self.stack and self.stack[-1][1])
            self.stack.append((tag, inherited or self.skips(tag, dict(attrs))))

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        kept = bool(self.stack and self.stack[-1][1])
        self.out.append(data if kept else self.rewrite(data))

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.out.append(f"<![{data}]>")


_TOKEN = re.compile(
    r"""([^&<]*)"""  # text, then one of:
    r"""(?:(<([a-zA-Z][^\t\n\r\f />\x00]*)"""  # a start tag: name,
    r"""(?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:=(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*(/?)>)"""  # attributes, "/"?
    r"""|</([a-zA-Z][-a-zA-Z0-9]*)>"""  # an end tag
    r"""|(&[a-zA-Z][-.a-zA-Z0-9]*;|&\#(?:[0-9]+|[xX][0-9a-fA-F]+);|<!--(?:(?!--)[^>])*?-->))"""  # reference, comment
)
"""What the fast reader knows; anything else (at the position where it stops matching) goes to HTMLParser."""

_RAW_TEXT_END = {tag: re.compile(rf"</\s*{tag}\s*>", re.I) for tag in HTMLParser.CDATA_CONTENT_ELEMENTS}


def _attrs(tag_text):
    """A start tag's attributes as HTMLParser gives them (names lowercased, values unquoted and unescaped)."""
    attrs = []
    k = tagfind_tolerant.match(tag_text, 1).end()
    while k < len(tag_text):
        m = attrfind_tolerant.match(tag_text, k)
        if not m:
            break
        name, rest, value = m.group(1, 2, 3)
        if not rest:
            value = None
        elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
            value = value[1:-1]
        if value:
            value = unescape(value)
        attrs.append((name.lower(), value))
        k = m.end()
    return dict(attrs)


def _fast_apply(markup, rewrite, skips):
    """TextRewriter.apply for markup the fast reader knows throughout, else None. The events and what each
    writes are TextRewriter's: text between tags and references is rewritten unless an element skips it, every
    start tag as written, end tags in lower case, references and comments as written."""
    out = []
    append = out.append
    stack = []  # (tag, text inside is kept as it is)
    kept = False
    position, size = 0, len(markup)
    match_token = _TOKEN.match
    while position < size:
        match = match_token(markup, position)
        if match is None:
            rest = markup[position:]
            if "<" in rest or "&" in rest:
                return None
            append(rest if kept else rewrite(rest))
            break
        position = match.end()
        text, start, name, close, end, other = match.groups()
        if text:
            append(text if kept else rewrite(text))
        if start:
            append(start)
            if close:
                continue
            tag = name.lower()
            if tag not in VOID_ELEMENTS:
                kept = kept or bool(skips(tag, _attrs(start) if "lang" in start.lower() else {}))
                stack.append((tag, kept))
            if tag in _RAW_TEXT_END:
                found = _RAW_TEXT_END[tag].search(markup, position)
                if found is None or found.group(0) != f"</{tag}>":
                    return None
                if found.start() > position:
                    raw = markup[position : found.start()]
                    append(raw if kept else rewrite(raw))
                position = found.start()
        elif end:
            tag = end.lower()
            for index in range(len(stack) - 1, -1, -1):
                if stack[index][0] == tag:
                    del stack[index:]
                    break
            kept = bool(stack and stack[-1][1])
            append(f"</{tag}>")
        else:
            append(other)
    return "".join(out)
