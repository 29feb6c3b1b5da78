"""/admin/reports/content-health/ (CONTRACT §6): every program with what it lacks, sortable, filterable by
department, with Wagtail's spreadsheet export (?export=csv / xlsx). A department's editor sees their own pages."""

import datetime

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import ReportView

from services import confirmation, health
from services.models import Department, ServicePage

ORDERINGS = {
    "title": ("title",),
    "-title": ("-title",),
    "last_reviewed": ("last_reviewed", "title"),
    "-last_reviewed": ("-last_reviewed", "title"),
}


class ContentHealthFilterSet(WagtailFilterSet):
    department = django_filters.ModelChoiceFilter(
        label=_("departments (所管課)"),
        field_name="departments",
        queryset=Department.objects.all(),
        empty_label=_("All departments"),
    )

    class Meta:
        model = ServicePage
        fields = ["department"]


class ContentHealthView(ReportView):
    page_title = _("Content health")
    header_icon = "warning"
    results_template_name = "services/admin/content_health_results.html"
    filterset_class = ContentHealthFilterSet
    index_url_name = "content_health"
    index_results_url_name = "content_health_results"
    paginate_by = 100
    list_export = ["title", "departments", "last_reviewed", "problems", "admin_url"]
    export_headings = {
        "title": _("title"),
        "departments": _("departments (所管課)"),
        "last_reviewed": _("last confirmed"),
        "problems": _("What it lacks"),
        "admin_url": _("Edit"),
    }

    def get_filename(self):
        return f"content-health-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        ordering = ORDERINGS.get(self.request.GET.get("ordering"), ("last_reviewed", "title"))
        self.ordering_key = self.request.GET.get("ordering") if self.request.GET.get("ordering") in ORDERINGS else ""
        pages = health.pages_for(self.request.user).prefetch_related("contacts", "departments")
        due = [page.pk for page, _problems in health.due_pages(pages)]
        return pages.filter(pk__in=due).order_by(*ordering).distinct()

    def decorate_paginated_queryset(self, object_list):
        interval = health.DirectorySettings.review_interval()
        for page in object_list:
            page.health_problems = health.problems(page, interval=interval)
            page.confirm_refusal = confirmation.refusal(page, self.request.user)
        return object_list

    def to_row_dict(self, item):
        return {
            "title": item.title,
            "departments": "、".join(d.name for d in item.departments.all()),
            "last_reviewed": item.last_reviewed.isoformat() if item.last_reviewed else "",
            "problems": "／".join(health.problems(item)),
            "admin_url": self.request.build_absolute_uri(f"/admin/pages/{item.pk}/edit/"),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["ordering"] = getattr(self, "ordering_key", "")
        context["department"] = self.request.GET.get("department", "")
        context["here"] = self.request.get_full_path().replace("/results/", "/", 1)
        context["no_results_message"] = _("Nothing is missing or due on your pages.")
        return context


@require_http_methods(["GET", "POST"])
def confirm_today(request, page_id):
    """「今日確認した」 (services.confirmation): GET asks, POST (with the CSRF token) confirms and goes back."""
    page = get_object_or_404(ServicePage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    back = next_url or reverse("wagtailadmin_pages:edit", args=[page.pk])
    today = timezone.localdate()
    if request.method == "POST":
        title = page.get_admin_display_title()
        try:
            outcome = confirmation.confirm_today(page, request.user, today)
        except confirmation.Refused as refused:
            messages.error(request, str(refused))
        else:
            done = {
                confirmation.PUBLISHED: gettext("最終確認日 of “%(title)s” is now %(date)s, and it is published."),
                confirmation.SUBMITTED: gettext(
                    "最終確認日 of “%(title)s” set to %(date)s and sent for approval. It goes live once approved."
                ),
            }[outcome]
            messages.success(request, done % {"title": title, "date": today.isoformat()})
        return redirect(back)
    permissions = page.permissions_for_user(request.user)
    return render(
        request,
        "services/admin/confirm_today.html",
        {
            "page": page,
            "today": today,
            "refusal": confirmation.refusal(page, request.user, today),
            "publishes": permissions.can_publish(),
            "next": back,
        },
    )
