"""The fast reader of portal.html_text gives what Python's HTMLParser gives, on our pages and on odd markup."""

import pytest

from portal.html_text import TextRewriter, _fast_apply
from portal.inline_language import SKIPPED, _marked_japanese


def bracketed(text):
    """Shows where each piece of text begins and ends, so a difference in how the text is cut shows too."""
    return f"[{text}]"


def skips(tag, attrs):
    return tag in SKIPPED or _marked_japanese(attrs)


ODD_MARKUP = [
    '<p class="a">One &amp; two &#x27;three&#39;</p><br/><img src="x.png" alt="">',
    "<DIV Class=x>Upper <B>case</B></DIV>",
    '<span lang="ja">窓口<p>unclosed</span> after',
    '<span lang="ja-JP">日本</span><span lang=\'JA\'>語</span><span lang="jax">not</span>',
    "<script>if (a < b && c) { x = '</p>'; }</script>text",
    "<style>p > a { color: red }</style><svg><title>t</title><text>svg</text></svg>after",
    "<!-- a comment --><p>x</p><!-- -- odd -- -->",
    "bare & ampersand and a < sign",
    "&unknown entity without semicolon and &#12a;",
    "<a href=\"?q=1&amp;age=x\" data-x='y'>link</a><input disabled/><input checked >",
    "<p>text at the end",
    "<!DOCTYPE html><html><?pi?></html>",
    "<a href = \"spaced\">spaced attribute</a><a b='1'c='2'>joined</a>",
    "</p>stray end</nope >tail",
    '<span title="a > b">quoted greater-than</span>',
    "<textarea>不要<b>bold</b></textarea><option>選択</option>",
]


@pytest.mark.parametrize("markup", ODD_MARKUP)
def test_same_as_htmlparser_on_odd_markup(markup):
    assert TextRewriter.apply(markup, bracketed, skips) == TextRewriter.parse(markup, bracketed, skips)


def test_fast_reader_gives_way_on_what_it_does_not_know():
    assert _fast_apply("bare & ampersand", bracketed, skips) is None
    assert _fast_apply("<!DOCTYPE html><p>x</p>", bracketed, skips) is None
    assert _fast_apply('<p class="a">x &amp; y</p>', bracketed, skips) == '<p class="a">[x ]&amp;[ y]</p>'


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ja", "ja-easy", "en", "zh-hans", "ko", "vi"])
def test_our_pages_are_read_by_the_fast_reader_alike(client, indexed, language):
    """Every kind of page residents see: the fast reader takes all of it (no fallback) and cuts it alike."""
    from services.models import ServicePage

    service = ServicePage.objects.live().first()
    paths = [
        f"/{language}/",
        f"/{language}/search/?q=%E7%9B%B8%E8%AB%87&age=senior",
        f"/{language}/search/?q=zzzz",
        f"/{language}/search/?page=0",
        service.get_url().replace("/ja/", f"/{language}/", 1),
    ]
    for path in paths:
        response = client.get(path, follow=True)
        html = response.content.decode()
        body = html[html.find("<body") : html.rfind("</body>")]
        fast = _fast_apply(body, bracketed, skips)
        assert fast is not None, path
        assert fast == TextRewriter.parse(body, bracketed, skips), path
