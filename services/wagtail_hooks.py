"""One "Directory" menu in the admin for the taxonomies and departments; the reports; the editors' dashboard."""

import datetime

from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import health
from .health_views import ContentHealthView, confirm_today
from .models import AgeGroup, Area, Attribute, Department, Kind, Reading, ServiceLanguage, ServicePage
from .opendata.admin_views import import_directory
from .views import missing_translations, next_dates_preview


class TaxonomyViewSet(SnippetViewSet):
    list_display = ["name", "slug", "sort_order"]
    ordering = ["sort_order"]
    search_fields = ["name", "slug"]


class AgeGroupViewSet(TaxonomyViewSet):
    model = AgeGroup
    icon = "group"


class AttributeViewSet(TaxonomyViewSet):
    model = Attribute
    icon = "tag"


class AreaViewSet(TaxonomyViewSet):
    model = Area
    icon = "site"


class KindViewSet(TaxonomyViewSet):
    model = Kind
    icon = "folder-open-inverse"


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "home"
    list_display = ["name", "division", "phone", "editors"]
    search_fields = ["name", "division"]


class ServiceLanguageViewSet(SnippetViewSet):
    model = ServiceLanguage
    icon = "globe"
    list_display = ["name", "code"]


class ReadingViewSet(SnippetViewSet):
    model = Reading
    icon = "edit"
    list_display = ["word", "reading"]
    search_fields = ["word", "reading"]


class DirectoryViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Directory")
    menu_icon = "list-ul"
    menu_order = 200
    items = (
        AgeGroupViewSet,
        AttributeViewSet,
        AreaViewSet,
        KindViewSet,
        DepartmentViewSet,
        ServiceLanguageViewSet,
        ReadingViewSet,
    )


register_snippet(DirectoryViewSetGroup)


@hooks.register("register_admin_urls")
def register_missing_translations_url():
    return [
        path("reports/missing-translations/", missing_translations, name="missing_translations"),
        path("reports/content-health/", ContentHealthView.as_view(), name="content_health"),
        path(
            "reports/content-health/results/",
            ContentHealthView.as_view(results_only=True),
            name="content_health_results",
        ),
        path("places/next-dates/", next_dates_preview, name="place_next_dates"),
        path("pages/<int:page_id>/confirmed-today/", confirm_today, name="confirm_today"),
    ]


@hooks.register("register_reports_menu_item")
def register_missing_translations_menu_item():
    return MenuItem(_("Missing translations"), reverse("missing_translations"), icon_name="globe", order=710)


@hooks.register("register_admin_urls")
def register_import_directory_url():
    return [path("directory/import/", import_directory, name="import_directory")]


@hooks.register("register_admin_menu_item")
def register_import_directory_menu_item():
    return MenuItem("事業一覧の取り込み", reverse("import_directory"), icon_name="upload", order=210)


@hooks.register("register_reports_menu_item")
def register_content_health_menu_item():
    return MenuItem(_("Content health"), reverse("content_health"), icon_name="warning", order=700)


REVIEW_QUEUE_PANEL = "workflow_objects_to_moderate"
"""Wagtail's panel of the changes waiting for this user's approval: a moderator's first job, so first on the page."""


class ContentHealthPanel(Component):
    """Dashboard: how many of the user's own pages need attention (their departments'; every page for moderators),
    the first few of them, and the way to the report."""

    name = "content_health"
    order = 200
    template_name = "services/admin/content_health_panel.html"
    shown_pages = 5

    def __init__(self, user):
        self.user = user
        self.pages = health.pages_for(user)

    def render_html(self, parent_context=None):
        return super().render_html(parent_context) if self.pages.exists() else ""

    def get_context_data(self, parent_context):
        due = sorted(health.due_pages(self.pages), key=lambda row: row[0].last_reviewed or datetime.date.min)
        report = reverse("content_health")
        departments = [
            {
                "department": department,
                "url": f"{report}?department={department.pk}",
                "count": sum(1 for page, _problems in due if department in page.departments.all()),
            }
            for department in health.departments_edited_by(self.user)
        ]
        return {
            "count": len(due),
            "total": self.pages.count(),
            "rows": due[: self.shown_pages],
            "departments": departments,
            "report_url": report,
        }


@hooks.register("construct_homepage_panels")
def dashboard_review_queue_first_then_own_pages(request, panels):
    for panel in panels:
        if getattr(panel, "name", "") == REVIEW_QUEUE_PANEL:
            panel.order = 100
    panels.append(ContentHealthPanel(request.user))


@hooks.register("register_page_header_buttons")
def confirmed_today_button(page, user, view_name, next_url=None):
    """「今日確認した」 in a program's header menu: it opens a page that says what will happen, then POSTs."""
    if page.specific_class is ServicePage and page.live and page.permissions_for_user(user).can_edit():
        url = reverse("confirm_today", args=[page.pk])
        if next_url:
            url += "?" + urlencode({"next": next_url})
        yield Button(_("Confirmed today"), url, icon_name="tick", priority=25)
