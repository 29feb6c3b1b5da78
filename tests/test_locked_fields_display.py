"""計画書の事業名, 所管課 and the sample flag: a department's editor sees them, read-only, in the edit form; a moderator
edits them."""

import pytest
from bs4 import BeautifulSoup

from services.models import AreaPage, Department, ServicePage

from .factories import PlacePageFactory

pytestmark = pytest.mark.django_db


def edit_view(client, user, page):
    client.force_login(user)
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def shown(soup, field):
    """The read-only text of `field` (Wagtail's text output, labelled by the field's label)."""
    output = soup.select_one(f'[role=textbox][aria-labelledby$="{field}-label"]')
    assert output is not None, field
    return output.get_text(strip=True)


def test_a_department_editor_sees_the_plan_name_and_departments_without_inputs(client, department_editor):
    page = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    soup = edit_view(client, department_editor, page)
    assert not soup.select('[name="plan_name"], [name="departments"]')
    assert shown(soup, "plan_name") == "福祉総合相談窓口"
    assert "地域福祉推進課" in shown(soup, "departments")
    assert "承認者だけが変更できます" in soup.get_text()


def test_a_moderator_gets_the_inputs_once(client, moderator):
    page = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    soup = edit_view(client, moderator, page)
    assert len(soup.select('input[name="plan_name"]')) == 1
    assert soup.select('input[name="departments"]')
    assert "承認者だけが変更できます" not in soup.get_text()


def test_an_area_department_editor_sees_the_sample_flag_as_a_word(client, department_editor):
    chuo = AreaPage.objects.get(area__slug="chuo")
    chuo.department = Department.objects.get(slug="chiiki-fukushi-suishin")
    chuo.save()
    place = PlacePageFactory(parent=chuo, is_sample=True)
    editor = type(department_editor).objects.get(pk=department_editor.pk)
    soup = edit_view(client, editor, place)
    assert not soup.select('[name="is_sample"]')
    assert shown(soup, "is_sample") == "はい"
