"""Content health: what each page of the directory lacks, for the report, the dashboard and the reminders.

A program is *due* when anything residents need is not confirmed: a contact fact left empty (missing_information),
a 最終確認日 never set or older than the review interval (Settings → DirectorySettings, 365 days by default), or a
site language it is not written in. Other apps add checks with `register_check` (e.g. translations older than the
Japanese text): a function taking (page, today) and returning a list of short Japanese-ready strings.
"""

import datetime

from django.utils.translation import gettext as _
from wagtail.permission_policies.pages import PagePermissionPolicy

from portal import languages
from services.models import Department, DirectorySettings, ServicePage

CHECKS = []
"""Extra checks other modules register (see `register_check`)."""


def register_check(function):
    """Adds `function(page, today) -> [str]` to every page's health; usable as a decorator."""
    CHECKS.append(function)
    return function


def review_state(page, today=None, interval=None):
    """None when the confirmation is recent; else the reason the page is due for review."""
    today = today or datetime.date.today()
    interval = interval or DirectorySettings.review_interval()
    if not page.last_reviewed:
        return _("the confirmation date (最終確認日) has never been set")
    if page.last_reviewed < today - datetime.timedelta(days=interval):
        return _("the confirmation date (最終確認日) is more than %(days)s days ago") % {"days": interval}
    return None


def problems(page, today=None, interval=None):
    """Everything the page lacks, in the order an editor would fix it."""
    today = today or datetime.date.today()
    found = [str(item) for item in page.missing_information() if str(item) != str(page.LAST_REVIEWED_MISSING)]
    state = review_state(page, today, interval)
    if state:
        found.append(state)
    missing = page.missing_languages()
    if missing:
        found.append(
            _("not written in: %(languages)s")
            % {"languages": "、".join(str(languages.get(code).name) for code in missing)}
        )
    for check in CHECKS:
        found.extend(str(item) for item in check(page, today))
    return found


def pages_for(user):
    """The programs `user` may edit: a department's editor sees their own, moderators every one."""
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return ServicePage.objects.filter(pk__in=editable.values("pk"))


def departments_edited_by(user):
    """The departments whose editor group `user` belongs to (none for a moderator who is in no such group)."""
    return Department.objects.filter(editors__in=user.groups.all()).order_by("name")


def due_pages(queryset=None, today=None):
    """[(page, problems)] for every page of `queryset` (all programs by default) that lacks something."""
    interval = DirectorySettings.review_interval()
    queryset = ServicePage.objects.all() if queryset is None else queryset
    queryset = queryset.prefetch_related("contacts", "departments").order_by("path")
    result = []
    for page in queryset:
        found = problems(page, today, interval)
        if found:
            result.append((page, found))
    return result


def due_by_department(today=None):
    """{Department: [(page, problems)]}: each department's own due pages (a page of two departments is in both)."""
    by_department = {department: [] for department in Department.objects.all()}
    for page, found in due_pages(today=today):
        for department in page.departments.all():
            by_department.setdefault(department, []).append((page, found))
    return {department: rows for department, rows in by_department.items() if rows}
