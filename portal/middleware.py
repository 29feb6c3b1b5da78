"""Japanese pages get furigana on request (`?furigana=on` or `off`; only then a cookie remembers the choice);
pages in other languages get lang="ja" on the Japanese inside them."""

from django.middleware import locale
from django.utils.cache import patch_vary_headers

from . import languages, page_markup


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's, except that a 404 from the API stays a 404: an unknown id under /api/ is the answer, not a page to
    redirect to under /ja/."""

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith("/api/"):
            return response
        return super().process_response(request, response)


COOKIE = "furigana"
COOKIE_AGE = 60 * 60 * 24 * 365


def furigana_wanted(request):
    """On when asked for, or remembered; Easy Japanese shows readings unless the visitor turned them off."""
    choice = request.GET.get(COOKIE)
    if choice in ("on", "off"):
        return choice == "on"
    remembered = request.COOKIES.get(COOKIE)
    if remembered in ("on", "off"):
        return remembered == "on"
    return languages.get(getattr(request, "LANGUAGE_CODE", "")).furigana_by_default


class LanguageMarkupMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = getattr(request, "LANGUAGE_CODE", "")
        request.furigana = language in languages.JAPANESE_CODES and furigana_wanted(request)
        request.page_markup = page_markup.for_request(request)
        response = self.get_response(request)
        if request.page_markup is not None:
            if self.is_page(response):
                html = response.content.decode(response.charset)
                self.replace(response, self.mark_page(html, request.page_markup, keep=self.keep(request)))
            else:
                self.unfence(response)
        if language not in languages.JAPANESE_CODES:
            return response
        choice = request.GET.get(COOKIE)
        if choice in ("on", "off"):
            response.set_cookie(
                COOKIE, choice, max_age=COOKIE_AGE, samesite="Lax", secure=request.is_secure(), httponly=True
            )
        patch_vary_headers(response, ("Cookie",))
        return response

    @staticmethod
    def replace(response, html):
        """New content, and a Content-Length that says so (CommonMiddleware has already set the old one)."""
        response.content = html
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))

    @classmethod
    def unfence(cls, response):
        """A response rendered for markup that does not get it (an error page): pieces marked while rendering keep
        their markup, and lose their fences."""
        if not response.streaming and response.get("Content-Type", "").startswith("text/html"):
            html = response.content.decode(response.charset)
            if page_markup.OPEN in html:
                cls.replace(response, page_markup.unfenced(html))

    @staticmethod
    def is_page(response):
        return (
            not response.streaming
            and response.status_code in (200, 400, 404)
            and response.get("Content-Type", "").startswith("text/html")
        )

    @staticmethod
    def keep(request):
        """Whether the finished page is worth keeping in this process: not a search (most are asked for once, and
        search.cache keeps whole search responses), which the search views mark by `request.search_counted`."""
        return getattr(request, "search_counted", None) is None

    @staticmethod
    def mark_page(html, markup, keep=True):
        """The page with `markup` (page_markup.for_request) given to its body's text; fences go from the whole page."""
        start = html.find("<body")
        end = html.rfind("</body>")
        if start < 0 or end < 0:
            return page_markup.unfenced(html)
        head, tail = page_markup.unfenced(html[:start]), page_markup.unfenced(html[end:])
        return head + page_markup.rewritten(html[start:end], markup, keep) + tail
