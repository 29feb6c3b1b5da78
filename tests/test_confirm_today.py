"""「今日確認した」 (services.confirmation): one click makes a revision of the live page with only 最終確認日 set to
today, published for a moderator and submitted for approval for a department editor; refused while a draft or a
change in moderation is pending, so nothing unreviewed goes live with it."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision

from services import confirmation
from services.models import ServicePage

from .test_admin import edit_form_data

pytestmark = pytest.mark.django_db

OWN = "福祉総合相談窓口"  # 地域福祉推進課
OTHER = "地域包括支援センターの運営"  # 高齢者支援課
REPORT = "/admin/reports/content-health/"
BOOKKEEPING = {
    "latest_revision",
    "latest_revision_created_at",
    "has_unpublished_changes",
    "draft_title",
    "live_revision",
    "last_published_at",
    "first_published_at",
    "locked",
    "locked_at",
    "locked_by",
}


def program(plan_name):
    return ServicePage.objects.get(plan_name=plan_name)


def url(page):
    return reverse("confirm_today", args=[page.pk])


def changed_fields(before, after):
    """The content fields of two ServicePage objects that differ (Wagtail's bookkeeping left out)."""
    names = [f.name for f in ServicePage._meta.concrete_fields if f.name not in BOOKKEEPING]
    changed = {name for name in names if getattr(before, name) != getattr(after, name)}
    for relation in ("departments", "kinds", "ages", "attributes", "areas", "languages"):
        if {o.pk for o in getattr(before, relation).all()} != {o.pk for o in getattr(after, relation).all()}:
            changed.add(relation)
    contacts = [[(c.phone, c.hours, c.address) for c in page.contacts.all()] for page in (before, after)]
    if contacts[0] != contacts[1]:
        changed.add("contacts")
    return changed


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def set_last_reviewed(page, day):
    page.last_reviewed = day
    page.save()


def test_a_department_editor_confirms_and_it_waits_for_approval_with_only_the_date_changed(
    client, department_editor, moderator
):
    page = program(OWN)
    set_last_reviewed(page, datetime.date(2025, 4, 1))
    live = program(OWN)
    client.force_login(department_editor)
    response = client.post(url(page), {"next": REPORT}, follow=True)
    assert response.redirect_chain[-1][0] == REPORT
    assert any("承認" in m for m in messages_of(response)), messages_of(response)
    page = program(OWN)
    assert page.workflow_in_progress
    assert page.last_reviewed == datetime.date(2025, 4, 1), "the live page waits for the moderator"
    draft = page.get_latest_revision_as_object()
    assert draft.last_reviewed == timezone.localdate()
    assert changed_fields(live, draft) == {"last_reviewed"}
    assert page.latest_revision.user == department_editor

    state = page.current_workflow_state
    state.current_task_state.task.specific.on_action(state.current_task_state, moderator, "approve")
    assert program(OWN).last_reviewed == timezone.localdate()


def test_a_moderator_confirms_and_it_is_published_at_once(client, moderator):
    page = program(OTHER)
    set_last_reviewed(page, None)
    live = program(OTHER)
    client.force_login(moderator)
    response = client.post(url(page), follow=True)
    assert any("公開" in m for m in messages_of(response)), messages_of(response)
    page = program(OTHER)
    assert page.last_reviewed == timezone.localdate()
    assert not page.workflow_in_progress and not page.has_unpublished_changes
    assert page.live_revision.user == moderator
    assert changed_fields(live, page) == {"last_reviewed"}


def test_a_pending_draft_is_not_published_with_it(client, moderator):
    page = program(OWN)
    client.force_login(moderator)
    data = edit_form_data(client, page)
    data["summary_ja"] = "まだ確認していない下書きです。"
    assert client.post(f"/admin/pages/{page.pk}/edit/", data).status_code == 302
    revisions = Revision.page_revisions.filter(object_id=str(page.pk)).count()
    response = client.post(url(page), follow=True)
    assert any("下書き" in m for m in messages_of(response)), messages_of(response)
    page = program(OWN)
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == revisions
    assert page.summary_ja != "まだ確認していない下書きです。"
    assert page.last_reviewed != timezone.localdate()


def test_a_change_in_moderation_refuses_it_with_a_clear_message(client, department_editor):
    page = program(OWN)
    client.force_login(department_editor)
    data = edit_form_data(client, page)
    data["summary_en"] = "Waiting for the moderators."
    data["action-submit"] = "1"
    assert client.post(f"/admin/pages/{page.pk}/edit/", data).status_code == 302
    assert program(OWN).workflow_in_progress
    with pytest.raises(confirmation.Refused, match="承認待ち"):
        confirmation.confirm_today(program(OWN), department_editor)
    ask = BeautifulSoup(client.get(url(page)).content, "html.parser").select_one("[data-confirm-today]")
    assert "承認待ち" in ask.get_text() and ask.select_one("form") is None


def test_only_a_post_with_the_csrf_token_by_someone_who_may_edit_the_page_confirms(department_editor):
    own, other = program(OWN), program(OTHER)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(department_editor)
    ask = browser.get(url(own))
    assert ask.status_code == 200 and not program(OWN).workflow_in_progress, "GET only asks"
    form = BeautifulSoup(ask.content, "html.parser").select_one("[data-confirm-today] form[method=post]")
    assert form["action"] == url(own)
    assert browser.post(url(own)).status_code == 403, "no CSRF token"
    assert not program(OWN).workflow_in_progress
    token = form.select_one("[name=csrfmiddlewaretoken]")["value"]
    assert browser.post(url(other), {"csrfmiddlewaretoken": token}).status_code in (302, 403)
    assert not program(OTHER).has_unpublished_changes and not program(OTHER).workflow_in_progress
    assert browser.post(url(own), {"csrfmiddlewaretoken": token}).status_code == 302
    assert program(OWN).workflow_in_progress


def test_the_report_row_and_the_page_header_offer_it(client, department_editor):
    client.force_login(department_editor)
    page = program(OWN)
    soup = BeautifulSoup(client.get(REPORT).content, "html.parser")
    row = soup.select_one(f'tr[data-page-id="{page.pk}"]')
    form = row.select_one("form[data-confirm-today-form]")
    assert form["method"] == "post" and form["action"] == url(page)
    assert form.select_one("[name=csrfmiddlewaretoken]")
    assert "今日確認した" in form.get_text()
    edit = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert url(page) in edit
    client.post(url(page))
    soup = BeautifulSoup(client.get(REPORT).content, "html.parser")
    row = soup.select_one(f'tr[data-page-id="{page.pk}"]')
    assert row.select_one("form[data-confirm-today-form]") is None, "in moderation: no second click"
