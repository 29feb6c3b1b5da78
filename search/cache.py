"""What the search page and the API keep per process, and when it stops being true.

Three version tokens in `IndexState` say when: "directory" (the index), "synonyms" (the editors' synonyms) and
"site" (anything else a search response shows: taxonomy labels, the general window's page; bumped by
search.signals on every publish, unpublish, move, delete and taxonomy edit). Each process reads them once per
search request, so a change made in any process is seen by every other at its next request.

Whole responses of the search page and the API are kept in the "search" cache (settings.CACHES), keyed by
everything that shapes them and by the three tokens, so a publish or an editor's synonym applies at once.
"""

import contextlib
import hashlib
import re
import threading
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse

from portal import languages
from portal.middleware import furigana_wanted

from .models import IndexState
from .querylog import count_search

VERSION_NAMES = ("directory", "synonyms", "site")

SITE_MEMO_SIZE = 5000
"""Values `site_memo` keeps per process: facet labels and slugs, the general window, each result's door (a few
hundred bytes each), the search page's unchanging pieces of HTML (a few KB each); about 10 MB at most."""

_scope = threading.local()


def versions():
    """The current tokens: the ones read at the start of this search request, else fresh from the database."""
    scoped = getattr(_scope, "versions", None)
    if scoped is not None:
        return scoped
    return IndexState.read(VERSION_NAMES)


def version(name):
    return versions()[name]


@contextlib.contextmanager
def request_scope():
    """Read the tokens once for one request (one query instead of one per cached thing)."""
    _scope.versions = None
    _scope.versions = versions()
    try:
        yield _scope.versions
    finally:
        _scope.versions = None


class SiteMemo:
    """Values read from the database that stay the same for every visitor until the "site" token changes.

    At most `limit` values, the least recently used dropped first, so the memo stays bounded however many
    pages, languages or facet selections the visitors go through."""

    def __init__(self, limit=SITE_MEMO_SIZE):
        self.token = None
        self.limit = limit
        self.values = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key, build):
        token = version("site")
        with self.lock:
            if token != self.token:
                self.values, self.token = OrderedDict(), token
            if key in self.values:
                self.values.move_to_end(key)
                return self.values[key]
        value = build()
        self.put(token, key, value)
        return value

    def get_many(self, keys, build):
        """{key: value} for `keys`; `build(missing keys)` gives {key: value} for those not kept, in one go."""
        token = version("site")
        found = {}
        with self.lock:
            if token != self.token:
                self.values, self.token = OrderedDict(), token
            for key in keys:
                if key in self.values:
                    self.values.move_to_end(key)
                    found[key] = self.values[key]
        missing = [key for key in keys if key not in found]
        if missing:
            built = build(missing)
            for key in missing:
                found[key] = built[key]
                self.put(token, key, built[key])
        return found

    def put(self, token, key, value):
        with self.lock:
            if token == self.token:
                self.values[key] = value
                self.values.move_to_end(key)
                while len(self.values) > self.limit:
                    self.values.popitem(last=False)


site_memo = SiteMemo()

FRAGMENT_MEMO_SIZE = 2000
"""Pieces of the search page's HTML each process keeps ({% kept %}, search.templatetags.search_tags): a result's
card per language, the facet lists for one set of counts, the general window's box; at most a few KB each."""

fragment_memo = SiteMemo(limit=FRAGMENT_MEMO_SIZE)


# -- whole responses ----------------------------------------------------------------------------------------


def _search_paths():
    prefixes = "|".join(re.escape(code) for code in languages.CODES)
    return re.compile(rf"^/(?:{prefixes})/search/$|^/api/search/$")


class CachedResponse:
    """What is kept of a response: status, headers, body, and the searches to count again when it is served."""

    def __init__(self, response, searches):
        self.status = response.status_code
        self.headers = list(response.items())
        self.content = response.content
        self.searches = searches

    def response(self):
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        return response


class SearchResponseCacheMiddleware:
    """Serves a search page or API answer that was made before for the same request and the same tokens.

    Only GET from visitors without a session (never an editor who has signed in), only the responses the
    search views mark as theirs, 200 or 400, and none that sets a cookie. What a search counts (the query
    log, searches that found nothing) is counted for every request, served from here or not. Sits after
    LocaleMiddleware (the key holds the language) and before LanguageMarkupMiddleware (kept with furigana).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.paths = _search_paths()

    def __call__(self, request):
        if self.paths.match(request.path_info) is None:
            return self.get_response(request)
        with request_scope() as tokens:
            if not self.applies(request):
                return self.get_response(request)
            return self.cached(request, tokens)

    def cached(self, request, tokens):
        cache = caches[settings.SEARCH_RESPONSE_CACHE]
        key = self.key(request, tokens)
        kept = cache.get(key)
        if kept is not None:
            for search in kept.searches:
                count_search(request, *search)
            return self.marked(kept.response(), "hit")
        response = self.get_response(request)
        searches = getattr(request, "search_counted", None)
        if (
            searches is not None
            and response.status_code in (200, 400)
            and not response.streaming
            and not response.cookies
        ):
            cache.set(key, CachedResponse(response, searches), settings.SEARCH_RESPONSE_CACHE_SECONDS)
        return self.marked(response, "miss")

    @staticmethod
    def marked(response, state):
        """Says whether the answer was kept (settings.SEARCH_CACHE_HEADER, for the load test); never stored."""
        if settings.SEARCH_CACHE_HEADER:
            response["X-Search-Cache"] = state
        return response

    def applies(self, request):
        return (
            settings.SEARCH_RESPONSE_CACHE_SECONDS > 0
            and not settings.ELASTICSEARCH_URL  # its answers change when it falls back to the database
            and request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )

    @staticmethod
    def key(request, tokens):
        """The raw query string, not a normalised one: the page repeats it (language links, furigana link)."""
        language = getattr(request, "LANGUAGE_CODE", "")
        furigana = language in languages.JAPANESE_CODES and furigana_wanted(request)
        parts = [
            request.scheme,
            request.META.get("HTTP_HOST", ""),
            request.path_info,
            request.META.get("QUERY_STRING", ""),
            language,
            "furigana" if furigana else "",
            *(str(tokens[name]) for name in VERSION_NAMES),
        ]
        return "search-response:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()
