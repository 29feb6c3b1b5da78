"""The search page and the search API share one code path: the form checks, DirectorySearch answers."""

from urllib.parse import urlencode

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from portal import reach
from portal.text import normalize
from services.models import QUICK_EXIT_ATTRIBUTE, Attribute, DirectorySettings, ServicePage
from services.templatetags.directory_tags import listing

from .backends import get_backend
from .cache import site_memo
from .forms import DEFAULT_PAGE_SIZE, FACETS, SearchForm
from .queries import DirectorySearch
from .querylog import count_search
from .synonyms import synonym_table


def directory_search(form, *, leave_out=None, backend=None):
    """The one way from a valid SearchForm into DirectorySearch, for the page and the API alike; `leave_out` drops
    one facet's filter (the page's "without this filter" suggestions)."""
    data = form.cleaned_data
    search = DirectorySearch(language=data["lang"], backend=backend).search(data["q"])
    for facet, slugs in form.filters().items():
        if facet != leave_out:
            search.filter(facet, slugs)
    return search


def run_search(form):
    data = form.cleaned_data
    search = directory_search(form)
    return search, search.run(page=data["page"], page_size=data["page_size"])


def general_window():
    """The general window's page (shown beside every search), the same for every visitor until a page changes."""
    return site_memo.get("general_window", DirectorySettings.general_window_page)


def counted(request, query, language, found, metric_language=None):
    """Count this search (SearchResponseCacheMiddleware counts it again whenever it serves the same answer)."""
    search = (query, language, found, metric_language or reach.current_language())
    request.search_counted = [search]
    count_search(request, *search)


@require_safe
def search_api(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        request.search_counted = []
        return JsonResponse({"error": form.error_text()}, status=400, json_dumps_params={"ensure_ascii": False})
    _search, result = run_search(form)
    counted(request, result.query, result.language, result.count > 0, result.language)
    return JsonResponse(
        {
            "query": result.query,
            "lang": result.language,
            "count": result.count,
            "page": result.page,
            "results": [
                {
                    "title": e.title,
                    "plan_name": e.plan_name,
                    "url": e.url,
                    "summary": e.summary,
                    "kinds": e.kinds,
                    "ages": e.ages,
                    "attributes": e.attributes,
                    "areas": e.areas,
                    "citywide": e.citywide,
                    "guide": e.guide,
                }
                for e in result.results
            ],
            "facets": {
                facet: [{"slug": v.slug, "label": v.label, "count": v.count, "selected": v.selected} for v in values]
                for facet, values in result.facets.items()
            },
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _query_without(params, facet, slug):
    kept = [(k, v) for k, v in params if not (k == facet and v == slug) and k != "page"]
    return "?" + urlencode(kept)


def _search_description(term=""):
    if term:
        return _(
            "Where to ask in Fuchu City about “%(term)s”: consultation windows, services and places to belong."
        ) % {"term": term}
    return _(
        "Search Fuchu City's welfare consultation windows, services and places to belong in your own words, "
        "or by situation, age or area."
    )


def _indexing(request, form, result):
    """Search engines index the plain search page and a search by one query or one facet value (its words then
    describe the page, and its address is the canonical one). Several filters or values together, a later page,
    a changed page size and an empty result are noindex: endless near-duplicates (STYLE §12)."""
    data = form.cleaned_data
    terms = [("q", data["q"])] if data["q"] else []
    terms += [(facet, slug) for facet, slugs in form.filters().items() for slug in slugs]
    indexable = (
        len(terms) <= 1
        and result.page == 1
        and data["page_size"] == DEFAULT_PAGE_SIZE
        and (result.count > 0 or not terms)
    )
    label = data["q"]
    for values in result.facets.values():
        for value in values:
            if value.selected:
                label = value.label
    context = {"noindex": not indexable, "meta_description": _search_description(label if len(terms) == 1 else "")}
    if indexable:
        context["canonical_url"] = request.build_absolute_uri(request.path + ("?" + urlencode(terms) if terms else ""))
    return context


def _quick_exit_words():
    """The words of the quick-exit attribute's label in every language (女性・DV → 女性, DV): a query that holds
    one, or that the synonyms map to one (殴られる → DV), is a visit about violence."""
    attribute = Attribute.objects.filter(slug=QUICK_EXIT_ATTRIBUTE).first()
    if attribute is None:
        return set()
    labels = [getattr(attribute, f"name_{code.replace('-', '_')}", "") or "" for code, _n in settings.LANGUAGES]
    words = set()
    for label in labels + [attribute.name]:
        for word in normalize(label).replace("・", " ").replace("/", " ").split():
            words.add(word)
    return words


def needs_quick_exit(form, result):
    """A search about violence carries the quick exit: the attribute chosen, words that are (or map to) its
    label, or a first result about it. Shown too often is harmless; missed once is not."""
    if QUICK_EXIT_ATTRIBUTE in form.filters().get("attribute", []):
        return True
    if result.results and QUICK_EXIT_ATTRIBUTE in result.results[0].attributes:
        return True
    text = normalize(form.cleaned_data.get("q") or "")
    if not text:
        return False
    words = site_memo.get("quick_exit_words", _quick_exit_words)
    if any(word in text for word in words):
        return True
    return any(words & set(means) for _phrase, _positions, means in synonym_table().find(text))


def doors_of(hits):
    """{page id: door} for the programs among the results: each card shows the number and the phrase to say."""
    ids = list(dict.fromkeys(hit.page_id for hit in hits))
    kept = site_memo.get_many([("door", pk) for pk in ids], _doors)
    return {pk: kept[("door", pk)] for pk in ids if kept[("door", pk)] is not None}


def _doors(keys):
    """The doors of the pages in `keys` (("door", page id)), None for a page that is not a program (a guide)."""
    pages = ServicePage.objects.filter(pk__in=[pk for _name, pk in keys]).prefetch_related("contacts", "departments")
    doors = {("door", page.pk): page.door() for page in pages}
    return {key: doors.get(key) for key in keys}


@require_safe
def search(request):
    language = translation.get_language()
    form = SearchForm(request.GET, language=language)
    context = {"form": form, "facet_names": FACETS, "hide_header_search": True}
    context["general_window"] = general_window()
    if not form.is_valid():
        context["error"] = form.error_text()
        context["noindex"] = True
        context["meta_description"] = _search_description()
        request.search_counted = []
        return render(request, "search/search.html", context, status=400)
    search_obj, result = run_search(form)
    counted(request, result.query, result.language, result.count > 0)
    params = [(k, v) for k in ["q", *FACETS] for v in request.GET.getlist(k) if v]
    chips = []
    for facet, values in result.facets.items():
        for value in values:
            if value.selected:
                chips.append(
                    {"facet": facet, "label": value.label, "remove_url": _query_without(params, facet, value.slug)}
                )
    suggestions = []
    if result.count == 0:
        # The filter whose removal would give results, with how many.
        for facet, values in result.facets.items():
            selected = [v for v in values if v.selected]
            if selected:
                without = directory_search(form, leave_out=facet, backend=search_obj.backend)
                count = without.run(page=1, page_size=1).count
                if count:
                    suggestions.append(
                        {
                            "labels": listing(v.label for v in selected),
                            "count": count,
                            "url": "?" + urlencode([(k, v) for k, v in params if k != facet]),
                        }
                    )
    if result.count == 0:
        # Everyday situations to start again from, each a filter that always finds someone to talk to.
        context["suggested"] = result.facets["attribute"]
    page_params = [(k, v) for k, v in params]
    context["doors"] = doors_of(result.results)
    context.update(
        {
            "result": result,
            "chips": chips,
            "suggestions": suggestions,
            "search_query": form.cleaned_data["q"],
            **_indexing(request, form, result),
            "previous_url": "?" + urlencode(page_params + [("page", result.page - 1)]) if result.page > 1 else "",
            "next_url": "?" + urlencode(page_params + [("page", result.page + 1)])
            if result.page < result.page_count
            else "",
            "title": _("Search"),
            "quick_exit": needs_quick_exit(form, result),
        }
    )
    return render(request, "search/search.html", context)


@require_safe
def readyz(request):
    """For load balancers and monitoring: can this process reach its database, and what answers searches.
    200 when the database answers, 503 when it does not; always JSON, never an error page."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except DatabaseError:
        database = "unreachable"
    search = get_backend().state()
    if database != "ok" and search == "database":
        search = "unreachable"
    response = JsonResponse({"database": database, "search": search}, status=200 if database == "ok" else 503)
    response["Cache-Control"] = "no-store"
    return response
