"""The reach counts in the admin: the dashboard panel, the CSV download, and counting page views."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from . import reach
from .reach_views import reach_export, reach_report


@hooks.register("register_admin_urls")
def register_reach_export_url():
    return [
        path("reports/reach.csv", reach_export, name="reach_export"),
        path("reports/reach/", reach_report, name="reach_report"),
    ]


class ReachExportMenuItem(MenuItem):
    def is_shown(self, request):
        return reach.can_export(request.user)


@hooks.register("register_reports_menu_item")
def register_reach_export_menu_item():
    return ReachExportMenuItem(_("Reach counts (CSV)"), reverse("reach_export"), icon_name="download", order=710)


@hooks.register("register_reports_menu_item")
def register_reach_report_menu_item():
    return MenuItem(_("Reach: the last 30 days"), reverse("reach_report"), icon_name="view", order=705)


class ReachPanel(Component):
    """Dashboard: a short summary of the last 7 days, below the review queue; the table of 30 days is a report."""

    name = "reach"
    order = 400
    template_name = "portal/admin/reach_panel.html"

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        return {
            "rows": reach.week_summary(),
            "report_url": reverse("reach_report"),
            "export_url": reverse("reach_export") if reach.can_export(user) else "",
        }


@hooks.register("construct_homepage_panels")
def add_reach_panel(request, panels):
    panels.append(ReachPanel())


@hooks.register("on_serve_page")
def count_page_views(next_serve_page):
    """Counts views of the general window, the coordinators and the area pages (portal.reach)."""

    def serve_and_count(page, request, args, kwargs):
        response = next_serve_page(page, request, args, kwargs)
        if response.status_code == 200:
            reach.count_page_view(page, request)
        return response

    return serve_and_count
