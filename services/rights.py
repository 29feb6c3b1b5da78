"""Who edits which page: the rights follow the department (所管課).

A page belongs to the departments in its 所管課 (ServicePage.departments); an area page and the places under it
belong to the department responsible for the area (AreaPage.department, which only moderators set). The home,
plan and explainer pages, the directory and the list of areas belong to no department: only moderators edit them.

Setting a Department's editor group is all it takes. `sync()` derives Wagtail's GroupPagePermission rows for every
department's editor group from the live data, and runs whenever a Department, a program or an area page is saved,
whichever way (admin, shell, content loader): the model signals below call it (a page's 所管課 are committed after
the page row, so a program's rights follow the m2m_changed signal of its departments). The page permissions of a group
that is some department's editor group are therefore managed here: anything given to it by hand is replaced.

- a program of the department: change_page (edit and submit for moderation; never publish);
- an area page of the department: add_page and change_page (edit the area page, add places under it and edit them).

Moderators keep Wagtail's rights on the whole tree and alone may change the locked fields (LOCKED_FIELDS_PERMISSION:
計画書の事業名, 所管課, the area's department, the sample flag).
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.models import GroupPagePermission

from services.models import LOCKED_FIELDS_PERMISSION, AreaPage, Department, PlacePage, ServicePage

__all__ = [
    "LOCKED_FIELDS_PERMISSION",
    "can_change_locked_fields",
    "departments_of",
    "derived_rows",
    "page_ids_of",
    "sync",
]

PROGRAM_PERMISSIONS = ("change_page",)
AREA_PERMISSIONS = ("add_page", "change_page")


def derived_rows():
    """{(group id, page id, permission codename)} that the departments' editor groups should hold."""
    rows = set()
    programs = ServicePage.objects.filter(departments__editors__isnull=False).values_list("pk", "departments__editors")
    for page_id, group_id in programs:
        rows.update((group_id, page_id, codename) for codename in PROGRAM_PERMISSIONS)
    areas = AreaPage.objects.filter(department__editors__isnull=False).values_list("pk", "department__editors")
    for page_id, group_id in areas:
        rows.update((group_id, page_id, codename) for codename in AREA_PERMISSIONS)
    return rows


def sync(also_groups=()):
    """Make the page permissions of every department's editor group (and of `also_groups`, groups that were one
    until this save) exactly what the departments give them. Cheap: a few queries for the whole site."""
    with transaction.atomic():
        current = set(Department.objects.exclude(editors=None).values_list("editors", flat=True))
        managed = current | {getattr(group, "pk", group) for group in also_groups if group}
        if not managed:
            return
        wanted = derived_rows()
        codenames = {codename for _group, _page, codename in wanted}
        permissions = {
            p.codename: p
            for p in Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames)
        }
        existing = {
            (row.group_id, row.page_id, row.permission.codename): row.pk
            for row in GroupPagePermission.objects.filter(group_id__in=managed).select_related("permission")
        }
        stale = [pk for key, pk in existing.items() if key not in wanted]
        if stale:
            GroupPagePermission.objects.filter(pk__in=stale).delete()
        GroupPagePermission.objects.bulk_create(
            [
                GroupPagePermission(group_id=group_id, page_id=page_id, permission=permissions[codename])
                for group_id, page_id, codename in sorted(wanted - set(existing))
            ]
        )
        access_admin = Permission.objects.filter(
            content_type__app_label="wagtailadmin", codename="access_admin"
        ).first()
        if access_admin:
            for group in Group.objects.filter(pk__in=current):
                group.permissions.add(access_admin)


def departments_of(page):
    """The departments a page belongs to (empty for the pages only moderators edit)."""
    page = page.specific
    if isinstance(page, ServicePage):
        return list(page.departments.all())
    if isinstance(page, PlacePage):
        page = page.get_parent().specific
    if isinstance(page, AreaPage):
        return [page.department] if page.department_id else []
    return []


def page_ids_of(departments):
    """The ids of every page belonging to any of `departments` (the same rule as departments_of, for a whole set):
    their programs, the area pages they hold and the places under those areas."""
    ids = set(ServicePage.objects.filter(departments__in=departments).values_list("pk", flat=True))
    for area in AreaPage.objects.filter(department__in=departments):
        ids.add(area.pk)
        ids.update(PlacePage.objects.child_of(area).values_list("pk", flat=True))
    return ids


def can_change_locked_fields(user):
    return user.has_perm(LOCKED_FIELDS_PERMISSION)


# -- whichever way a department or a page's departments are saved ------------------------------------------------


@receiver(pre_save, sender=Department)
def remember_previous_editors(sender, instance, raw=False, **kwargs):
    instance._previous_editors_id = (
        Department.objects.filter(pk=instance.pk).values_list("editors", flat=True).first() if instance.pk else None
    )


@receiver(post_save, sender=Department)
def department_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        sync(also_groups=[getattr(instance, "_previous_editors_id", None)])


@receiver(post_delete, sender=Department)
def department_deleted(sender, instance, **kwargs):
    sync(also_groups=[instance.editors_id])


@receiver(m2m_changed, sender=ServicePage.departments.through)
def program_departments_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        sync()


@receiver(post_save, sender=AreaPage)
def area_page_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw and (update_fields is None or "department" in update_fields):
        sync()
