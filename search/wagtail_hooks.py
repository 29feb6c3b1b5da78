"""For editors: what residents search for, and the synonyms that help them find it."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_search import page_viewset
from .models import Synonym
from .report import search_report


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("Search synonyms")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["__str__"]
    search_fields = ["words", "means"]


register_snippet(SynonymViewSet)


@hooks.register("register_admin_urls")
def register_report_url():
    return [
        path("reports/searches/", search_report, name="search_report"),
    ]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return MenuItem(_("What residents search for"), reverse("search_report"), icon_name="search", order=700)


@hooks.register("register_admin_viewset", order=1)
def register_page_viewset():
    """After Wagtail's own base page viewset (order -1), so the page listing and page search are these."""
    return page_viewset
