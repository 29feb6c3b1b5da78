"""The editor's journey in a real browser: a department's editor signs in, finds their own pages from the dashboard,
edits one and submits it; a moderator signs in, approves it from the top of the dashboard; the change is live."""

import pytest

from services.models import ServicePage

from .factories import PASSWORD, ModeratorFactory, japanese_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

OWN = "福祉総合相談窓口"  # 地域福祉推進課
NEW_COST = "無料（相談は何度でも無料です）"


def sign_in(browse, user):
    page = browse.page()
    page.goto("/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    return page


def test_an_editor_submits_a_change_and_a_moderator_approves_it_from_the_top_of_the_dashboard(
    browse, department_editor
):
    program = ServicePage.objects.get(plan_name=OWN)
    assert program.cost_ja != NEW_COST
    moderator = japanese_admin(ModeratorFactory(username="journey-moderator"))

    editor = sign_in(browse, department_editor)
    panel = editor.locator("#content-health-section")
    assert "担当ページで確認が必要なもの" in panel.inner_text()
    panel.locator("[data-own-pages-report]").click()
    editor.wait_for_url("**/admin/reports/content-health/**")
    rows = editor.locator("table[data-content-health] tbody tr")
    titles = [rows.nth(n).locator("td a").first.inner_text() for n in range(rows.count())]
    assert program.title in titles
    assert all(
        ServicePage.objects.get(title=title).departments.filter(slug="chiiki-fukushi-suishin").exists()
        for title in titles
    ), "only the department's own pages"
    editor.locator(f'tr[data-page-id="{program.pk}"] td a').first.click()
    editor.wait_for_url(f"**/admin/pages/{program.pk}/edit/")
    editor.fill("#id_cost_ja", NEW_COST)
    footer = editor.locator("footer .footer__container, footer").first
    footer.locator("[data-w-dropdown-target='toggle']").first.click()
    editor.locator("button[name='action-submit']").click()
    editor.wait_for_url("**/admin/**")
    program.refresh_from_db()
    assert program.workflow_in_progress
    assert program.cost_ja != NEW_COST, "not live before the moderator approves"

    reviewer = sign_in(browse, moderator)
    first = reviewer.locator(".w-dashboard section.w-panel").first
    assert first.get_attribute("id") == "awaiting-review-section"
    row = first.locator("tbody tr", has_text=program.title)
    row.locator("[data-w-dropdown-target='toggle']").click()
    row.locator("button[data-workflow-action-url*='/approve/']:not([data-launch-modal])").click()
    reviewer.wait_for_load_state("networkidle")
    program.refresh_from_db()
    assert program.cost_ja == NEW_COST and not program.workflow_in_progress
    resident = browse.page()
    resident.goto(program.get_url())
    assert NEW_COST in resident.locator("main").inner_text()
