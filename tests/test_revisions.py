"""Comparing revisions shows what an editor changed, and only that: the loaded revisions are saved once the way the
edit form saves them (services.content_loader), so the first edit of a loaded page does not list every field."""

import pytest
from bs4 import BeautifulSoup

from services.models import ServicePage

from .factories import japanese_admin
from .test_admin import edit_form_data

pytestmark = pytest.mark.django_db


def compared_fields(client, page, old, new):
    response = client.get(f"/admin/pages/{page.pk}/revisions/compare/{old.pk}...{new.pk}/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [td.get_text(strip=True).rstrip(":：") for td in soup.select("table.listing > tbody > tr > td.title")]


@pytest.mark.parametrize("plan_name", ["福祉総合相談窓口", "地域包括支援センターの運営", "外国人相談事業"])
def test_a_compare_after_a_one_field_edit_lists_that_one_field(client, moderator, plan_name):
    page = ServicePage.objects.get(plan_name=plan_name)
    before = page.get_latest_revision()
    client.force_login(japanese_admin(moderator))
    data = edit_form_data(client, page)
    data["summary_ja"] = data["summary_ja"] + "（受付時間が変わりました）"
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(".error-message")
    page.refresh_from_db()
    after = page.get_latest_revision()
    assert after.pk != before.pk
    assert compared_fields(client, page, before, after) == ["概要 [ja]"]
