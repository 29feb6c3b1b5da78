"""Each department edits its own pages (services.rights): rights follow Department.editors, whichever way it is
saved; the locked fields stay with the moderators; nobody but the moderators edits the home, plan or explainer
pages."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page

from home.models import HomePage, PlanPage
from services.models import AreaPage, Department, ExplainerPage, PlacePage, ServicePage
from tests.factories import department_editor as make_department_editor
from tests.test_admin import edit_form_data

pytestmark = pytest.mark.django_db

OWN = "chiiki-fukushi-suishin"


def editable(user):
    return {page.pk for page in Page.objects.all() if page.permissions_for_user(user).can_edit()}


def department_pages(slug):
    return set(ServicePage.objects.filter(departments__slug=slug).values_list("pk", flat=True))


def test_a_department_editor_edits_exactly_the_departments_pages(department_editor):
    own = department_pages(OWN)
    assert len(own) >= 5
    assert editable(department_editor) == own
    for page in [HomePage.objects.get(), PlanPage.objects.get(), *ExplainerPage.objects.all(), *AreaPage.objects.all()]:
        assert not page.permissions_for_user(department_editor).can_edit(), page
    for page in ServicePage.objects.filter(pk__in=own):
        permissions = page.permissions_for_user(department_editor)
        assert permissions.can_submit_for_moderation() and not permissions.can_publish()


def test_the_edit_view_opens_for_the_departments_page_and_no_other(client, department_editor):
    client.force_login(department_editor)
    own = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    other = ServicePage.objects.get(plan_name="地域包括支援センターの運営")  # 高齢者支援課
    assert client.get(f"/admin/pages/{own.pk}/edit/").status_code == 200
    for page in (other, HomePage.objects.get(), PlanPage.objects.get(), ExplainerPage.objects.first()):
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code in (302, 403), page
    dashboard = client.get("/admin/pages/")
    assert dashboard.status_code in (200, 302)


def test_the_explorer_starts_under_the_home_page_not_at_root(department_editor):
    from wagtail.permission_policies.pages import PagePermissionPolicy

    root = PagePermissionPolicy().explorable_root_instance(department_editor)
    assert root is not None and root.depth >= HomePage.objects.get().depth
    assert not GroupPagePermission.objects.filter(group__name="Editors", page__depth=1).exists()


def test_a_moderator_edits_every_page(moderator):
    assert editable(moderator) == set(Page.objects.filter(depth__gt=1).values_list("pk", flat=True))
    assert moderator.has_perm("services.change_locked_fields")


def test_locked_fields_are_not_in_the_editors_form_and_a_post_cannot_change_them(client, department_editor):
    client.force_login(department_editor)
    page = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    url = f"/admin/pages/{page.pk}/edit/"
    html = client.get(url).content.decode()
    assert 'name="plan_name"' not in html and 'name="departments"' not in html
    data = edit_form_data(client, page)
    data["summary_en"] = "Edited by the department."
    data["plan_name"] = "別の事業名"
    data["departments"] = [str(Department.objects.get(slug="koreisha-shien").pk)]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = ServicePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert draft.summary_en == "Edited by the department."
    assert draft.plan_name == "福祉総合相談窓口"
    assert [d.slug for d in draft.departments.all()] == [OWN]
    assert not department_editor.has_perm("services.change_locked_fields")


def test_the_moderator_sees_the_locked_fields(client, moderator):
    client.force_login(moderator)
    page = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'name="plan_name"' in html and 'name="departments"' in html


def test_rights_follow_a_department_saved_in_the_shell():
    group = Group.objects.create(name="高齢者支援課 編集者")
    department = Department.objects.get(slug="koreisha-shien")
    department.editors = group
    department.save()
    rows = set(GroupPagePermission.objects.filter(group=group).values_list("page_id", "permission__codename"))
    assert rows == {(pk, "change_page") for pk in department_pages("koreisha-shien")}
    assert group.permissions.filter(codename="access_admin").exists()

    other = Group.objects.create(name="新しい編集者")
    department.editors = other
    department.save()
    assert not GroupPagePermission.objects.filter(group=group).exists(), "the old group loses the pages"
    assert GroupPagePermission.objects.filter(group=other).count() == len(department_pages("koreisha-shien"))


def test_rights_follow_a_pages_departments_when_a_moderator_changes_them(department_editor):
    page = ServicePage.objects.get(plan_name="地域包括支援センターの運営")
    assert not page.permissions_for_user(department_editor).can_edit()
    page.departments.add(Department.objects.get(slug=OWN))
    page.save_revision().publish()
    user = type(department_editor).objects.get(pk=department_editor.pk)  # Wagtail caches rights on the user
    assert Page.objects.get(pk=page.pk).permissions_for_user(user).can_edit()


def test_rights_follow_a_department_the_content_loader_saves(tmp_path):
    """The loader saves a department when its shipped text changes: the rights follow that save too."""
    import shutil

    from services.content_loader import CONTENT_DIR, Loader

    group = Group.objects.create(name="地域福祉推進課 編集者")
    Department.objects.filter(slug=OWN).update(editors=group)  # a bulk update: no save, no rights yet
    assert not GroupPagePermission.objects.filter(group=group).exists()
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    taxonomy = content / "taxonomy.toml"
    text = taxonomy.read_text()
    assert 'en = "Community Welfare Promotion Division"' in text
    shipped = 'en = "Community Welfare Promotion Division"'
    taxonomy.write_text(text.replace(shipped, 'en = "Community Welfare Division"'))
    report = Loader(content_dir=content).load()
    assert f"department:{OWN}" in report.updated
    rows = set(GroupPagePermission.objects.filter(group=group).values_list("page_id", flat=True))
    assert rows == department_pages(OWN)


def test_an_area_department_edits_its_area_and_adds_places_there(department_editor):
    chuo = AreaPage.objects.get(area__slug="chuo")
    other = AreaPage.objects.exclude(pk=chuo.pk).first()
    assert not chuo.permissions_for_user(department_editor).can_add_subpage()
    chuo.department = Department.objects.get(slug=OWN)
    chuo.save()
    chuo = AreaPage.objects.get(pk=chuo.pk)
    department_editor = type(department_editor).objects.get(pk=department_editor.pk)
    assert chuo.permissions_for_user(department_editor).can_edit()
    assert chuo.permissions_for_user(department_editor).can_add_subpage()
    assert not other.permissions_for_user(department_editor).can_add_subpage()
    place = PlacePage(title="テストの居場所", slug="test-place", summary="テスト")
    chuo.add_child(instance=place)
    assert place.permissions_for_user(department_editor).can_edit()
    assert not place.permissions_for_user(department_editor).can_publish()


def test_the_editors_group_alone_edits_nothing(editor):
    assert editable(editor) == set()


def test_only_moderators_hold_the_locked_fields_permission():
    permission = Permission.objects.get(codename="change_locked_fields")
    assert list(permission.group_set.values_list("name", flat=True)) == ["Moderators"]


def test_a_second_department_gets_only_its_own_pages():
    user = make_department_editor(username="koreisha", department="koreisha-shien")
    assert editable(user) == department_pages("koreisha-shien")
