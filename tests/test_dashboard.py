"""The admin dashboard: a moderator's review queue first, then each user's own pages that need attention, and the
reach counts as a short summary with a link to the full table."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from portal import reach
from services import health
from services.models import Department, ServicePage

from .test_admin import edit_form_data

pytestmark = pytest.mark.django_db

OWN = "chiiki-fukushi-suishin"


def dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def panel_ids(soup):
    return [section["id"] for section in soup.select(".w-dashboard section.w-panel[id]")]


def test_a_department_editor_sees_the_count_of_their_own_pages_and_the_way_to_them(client, department_editor):
    soup = dashboard(client, department_editor)
    panel = soup.select_one("#content-health-section")
    assert panel is not None
    own = ServicePage.objects.filter(departments__slug=OWN)
    due_own = [page for page, _problems in health.due_pages(own)]
    assert int(panel.select_one("[data-own-due-count]")["data-own-due-count"]) == len(due_own) > 0
    linked = {int(row["data-page-id"]) for row in panel.select("tr[data-page-id]")}
    assert linked and linked <= {page.pk for page in due_own}
    department = Department.objects.get(slug=OWN)
    hrefs = [a["href"] for a in panel.select("a")]
    assert f"{reverse('content_health')}?department={department.pk}" in hrefs
    assert reverse("content_health") in hrefs
    assert "のページ" in panel.get_text() or "確認" in panel.get_text()  # Japanese labels


def test_a_moderator_counts_every_page_and_a_user_with_no_pages_gets_no_panel(client, moderator, editor):
    panel = dashboard(client, moderator).select_one("#content-health-section")
    assert int(panel.select_one("[data-own-due-count]")["data-own-due-count"]) == len(health.due_pages())
    assert not health.pages_for(editor).exists()  # the Editors group holds no department's pages
    assert dashboard(client, editor).select_one("#content-health-section") is None


def test_the_review_queue_comes_first_for_a_moderator(client, department_editor, moderator):
    client.force_login(department_editor)
    page = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    data = edit_form_data(client, page)
    data["summary_en"] = "Checked again by the department."
    data["action-submit"] = "1"
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302
    assert ServicePage.objects.get(pk=page.pk).workflow_in_progress
    reach.record("phone_tap", language="ja")
    ids = panel_ids(dashboard(client, moderator))
    assert ids[0] == "awaiting-review-section", ids
    assert ids.index("content-health-section") < ids.index("reach-section")


def test_the_reach_panel_is_a_short_summary_linking_the_full_table(client, moderator):
    reach.record("phone_tap", language="ja")
    reach.record("phone_tap", language="en")
    reach.record("general_window_view", language="ja")
    panel = dashboard(client, moderator).select_one("#reach-section")
    rows = panel.select("tbody tr")
    assert len(rows) <= len(reach.METRICS)
    assert rows[0]["data-metric"] == "phone_tap"
    assert [td.get_text(strip=True) for td in rows[0].select("td")] == ["2", "0"]
    assert panel.select_one(f'a[href="{reverse("reach_report")}"]')
    full = BeautifulSoup(client.get(reverse("reach_report")).content, "html.parser")
    assert len(full.select("#reach-report tbody tr")) == 30
    assert full.select_one("#reach-report .w-overflow-x-auto table")
