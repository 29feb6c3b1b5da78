"""The admin's page search and page listing, in Japanese: the same analysis residents get (words, readings,
variants, synonyms), the department (所管課) a page belongs to, and a department filter on the page listing.

Wagtail's own search backend splits text on spaces, so a Japanese query (介護, 地域福祉推進課) found nothing. Here
a query finds, best first: the entries the portal's search finds for it (search.queries, in Japanese, and in English
too when the query has Latin letters), then the pages of a department whose name holds a word of the query, then the
pages whose title, 事業名 or slug holds every word (so drafts and pages the public search does not index are found).
The views are Wagtail's, with only the search step replaced (PageViewSet, registered over Wagtail's base one)."""

import re

import django_filters
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.forms import CheckboxSelectMultiple
from wagtail.admin.views.pages.listing import ExplorableIndexView, GenericPageFilterSet
from wagtail.admin.views.pages.search import SearchView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from services.models import Department, ServicePage
from services.rights import page_ids_of

from .queries import DirectorySearch

MOST = 1000
"""More than the directory will ever hold: the admin lists every match, paginated by Wagtail."""

TITLE_FIELDS = [f"title_{code}" for code in ("ja", "ja_easy", "en", "zh_hans", "ko", "vi")]


def words(query):
    return [word for word in re.split(r"[\s\u3000]+", query or "") if word]


def matching_page_ids(query):
    """Page ids for `query`, best first; None for an empty query (no search: everything)."""
    found = words(query)
    if not found:
        return None
    text = " ".join(found)
    ranked = []
    for language in ["ja", "en"] if re.search("[A-Za-z]", text) else ["ja"]:
        ranked += [hit.page_id for hit in DirectorySearch(language).search(text).run(page=1, page_size=MOST).results]

    named = Q()
    for word in found:
        named |= Q(name_ja__icontains=word) | Q(name_en__icontains=word) | Q(division_ja__icontains=word)
    departments = Department.objects.filter(named)
    ranked += sorted(page_ids_of(departments)) if departments else []

    written = Q()
    for word in found:
        in_any = Q(slug__icontains=word)
        for field in TITLE_FIELDS:
            in_any |= Q(**{f"{field}__icontains": word})
        programs = ServicePage.objects.filter(plan_name__icontains=word).values("pk")
        written &= in_any | Q(pk__in=programs)
    ranked += list(Page.objects.filter(written, depth__gt=1).order_by("path").values_list("pk", flat=True))
    return list(dict.fromkeys(ranked))


def best_first(queryset, ranked):
    """`queryset` in the order of `ranked` (a list of ids)."""
    if not ranked:
        return queryset.none()
    order = Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(ranked)), output_field=IntegerField())
    return queryset.filter(pk__in=ranked).order_by(order)


class DepartmentPageFilterSet(GenericPageFilterSet):
    department = django_filters.ModelMultipleChoiceFilter(
        label=ServicePage._meta.get_field("departments").verbose_name,
        queryset=Department.objects.all(),
        method="filter_department",
        widget=CheckboxSelectMultiple,
    )

    def filter_department(self, queryset, name, value):
        return queryset.filter(pk__in=page_ids_of(value)) if value else queryset


class PageListingView(ExplorableIndexView):
    """The page listing (「ページ」): its search box finds Japanese, and it filters by department."""

    base_filterset_class = DepartmentPageFilterSet

    def search_queryset(self, queryset):
        if not self.is_searching:
            return super().search_queryset(queryset)
        ranked = matching_page_ids(self.search_query)
        if ranked is None:
            return queryset
        if self.is_explicitly_ordered:
            return queryset.filter(pk__in=ranked)
        return best_first(queryset, ranked)


class PageSearchView(SearchView):
    """The admin's 「すべてのページを検索」."""

    def get_queryset(self):
        pages = Page.objects.filter(depth__gt=1)
        if getattr(settings, "WAGTAILADMIN_PAGE_SEARCH_FILTER_BY_PERMISSIONS", True):
            explorable = self.permission_policy.explorable_instances(self.request.user)
            pages = pages.filter(pk__in=explorable.values_list("pk", flat=True))
        ranked = matching_page_ids(self.search_query)
        if ranked is not None:
            pages = pages.filter(pk__in=ranked)
        self.all_pages = pages
        counts = pages.order_by().values("content_type").annotate(count=Count("pk"))
        self.content_types = [(ContentType.objects.get_for_id(row["content_type"]), row["count"]) for row in counts]
        if self.selected_content_type:
            pages = pages.filter(content_type=self.selected_content_type)
        if self.ordering:
            pages = pages.order_by(self.ordering)
        elif ranked is not None:
            pages = best_first(pages, ranked)
        return self.annotate_queryset(pages)


class JapanesePageViewSet(PageViewSet):
    model = Page
    filterset_class = DepartmentPageFilterSet
    index_view_class = PageListingView
    search_view_class = PageSearchView


page_viewset = JapanesePageViewSet()
