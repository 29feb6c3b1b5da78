"""Rewriting the text of an HTML page while leaving its tags, attributes and scripts as they are."""

from html.parser import HTMLParser

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
