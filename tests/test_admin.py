"""Editors in the admin: the edit view, language fields, flags for missing facts, clear validation."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from wagtail.models import Page

from services.models import Department, ServicePage

pytestmark = pytest.mark.django_db


def textarea_value(field):
    """As a browser reads it: the newline right after <textarea> is not part of the value."""
    text = field.get_text()
    return text[1:] if text.startswith("\n") else text


def form_values(html):
    """Every field of the edit form as the browser would submit it unchanged."""
    form = BeautifulSoup(html, "html.parser").select_one("form#page-edit-form")
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        name = field["name"]
        if field.name == "input" and field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        elif field.name == "select":
            chosen = [o.get("value", "") for o in field.select("option[selected]")]
            if field.has_attr("multiple"):
                data[name] = chosen
            else:
                data[name] = chosen[0] if chosen else ""
        elif field.name == "textarea":
            data[name] = textarea_value(field)
        elif field.get("type") not in ("submit", "button", "file"):
            data[name] = field.get("value", "")
    return data


def stream_form_data(name, stream):
    """A StreamField as the admin's editor posts it (the page renders it with JavaScript, not as inputs)."""
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    converter = ContentstateConverter(features=["h3", "bold", "link", "ol", "ul"])
    data = {f"{name}-count": str(len(stream.raw_data))}
    for i, block in enumerate(stream.raw_data):
        prefix = f"{name}-{i}"
        data.update({f"{prefix}-type": block["type"], f"{prefix}-deleted": "", f"{prefix}-order": str(i)})
        data[f"{prefix}-id"] = block["id"]
        if block["type"] == "text":
            data[f"{prefix}-value"] = converter.from_database_format(block["value"])
            continue
        items = block["value"]
        data[f"{prefix}-value-count"] = str(len(items))
        for j, item in enumerate(items):
            item_prefix = f"{prefix}-value-{j}"
            if not (isinstance(item, dict) and "id" in item):
                item = {"id": "", "value": item}  # the loader's compact list format
            data.update({f"{item_prefix}-deleted": "", f"{item_prefix}-order": str(j), f"{item_prefix}-id": item["id"]})
            if isinstance(item["value"], dict):
                for key, value in item["value"].items():
                    data[f"{item_prefix}-value-{key}"] = value
            else:
                data[f"{item_prefix}-value"] = item["value"]
    return data


def edit_form_data(client, page):
    data = form_values(client.get(f"/admin/pages/{page.pk}/edit/").content)
    for code in ("ja", "ja_easy", "en", "zh_hans", "ko", "vi"):
        data.update(stream_form_data(f"body_{code}", getattr(page, f"body_{code}") or page.body_ja.__class__([], [])))
    return data


def test_an_editor_opens_a_program_with_every_language_and_the_missing_facts_flagged(client, department_editor):
    client.force_login(department_editor)
    page = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    for code in ("ja", "ja_easy", "en", "zh_hans", "ko", "vi"):
        assert soup.select_one(f'[name="summary_{code}"]'), code
    warning = soup.select_one("[data-missing-information]")
    assert warning is not None
    assert len(warning.select("li")) == len(page.missing_information()) >= 3


def test_an_editor_saves_a_change_and_nothing_else_is_lost(client, department_editor):
    client.force_login(department_editor)
    page = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    url = f"/admin/pages/{page.pk}/edit/"
    data = edit_form_data(client, page)
    data["summary_en"] = "Edited by an editor."
    response = client.post(url, data)
    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(".error-message")
    draft = ServicePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert draft.summary_en == "Edited by an editor."
    assert draft.summary_ja == page.summary_ja
    from services.content_loader import stream_value

    assert stream_value(draft.body_ja) == stream_value(page.body_ja)
    assert sorted(a.slug for a in draft.ages.all()) == sorted(a.slug for a in page.ages.all())


def test_a_citywide_program_with_areas_gets_a_clear_message_and_keeps_the_editors_text(client, department_editor):
    client.force_login(department_editor)
    page = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    url = f"/admin/pages/{page.pk}/edit/"
    data = edit_form_data(client, page)
    data["summary_en"] = "Text the editor must not lose."
    data["areas"] = [str(pk) for pk in page.areas.model.objects.filter(slug="chuo").values_list("pk", flat=True)]
    response = client.post(url, data)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    from django.utils import translation

    from services.forms import CITYWIDE_WITH_AREAS

    with translation.override("ja"):
        assert str(CITYWIDE_WITH_AREAS) in soup.get_text()
    assert textarea_value(soup.select_one('[name="summary_en"]')) == "Text the editor must not lose."
    assert ServicePage.objects.get(pk=page.pk).summary_en != "Text the editor must not lose."


def test_the_directory_menu_holds_the_taxonomies_and_departments(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    for url in ("/admin/snippets/services/agegroup/", "/admin/snippets/services/department/"):
        listing = admin_client.get(url)
        assert listing.status_code == 200, url
    assert "地域福祉推進課" in admin_client.get("/admin/snippets/services/department/").content.decode()


def test_every_loaded_page_opens_in_the_editor(admin_client):
    """The city's content as loaded must be editable: Wagtail's rich-text editor cannot read every HTML (a bare
    <br> made the edit view of two programs fail), and an editor who cannot open a page cannot keep it true."""
    pages = Page.objects.filter(depth__gt=1)
    assert pages.count() > 40
    failed = []
    for page in pages:
        response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
        if response.status_code != 200:
            failed.append((page.pk, page.title, response.status_code))
    assert not failed


def test_every_program_names_a_department_a_permission_policy_can_use():
    for page in ServicePage.objects.all():
        assert page.departments.exists(), page.plan_name
    assert Department._meta.get_field("editors").related_model is Group


def test_japanese_is_required_to_publish(client, moderator):
    client.force_login(moderator)  # a department's editors submit; the moderators publish
    page = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    url = f"/admin/pages/{page.pk}/edit/"
    data = edit_form_data(client, page)
    data["summary_ja"] = ""
    data["summary_en"] = "English alone is not enough."
    data["action-publish"] = "action-publish"
    response = client.post(url, data)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one('[name="summary_ja"]').find_parent(class_="w-field").select(".error-message")
    assert ServicePage.objects.get(pk=page.pk).summary_ja == page.summary_ja
