"""Every admin screen speaks Japanese: the screens editors and moderators use most, rendered for a user whose admin
language is Japanese, carry none of the English or half-translated strings the city's staff met (Wagtail's own
catalogue leaves them in English; portal/admin_locale/ja translates them)."""

import re

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Task, Workflow

from services.models import ServicePage

from .factories import ModeratorFactory, department_editor, japanese_admin

pytestmark = pytest.mark.django_db

KNOWN_ENGLISH = [
    "View / edit fields for",
    "Saved",
    "live + in moderation",
    "in moderation",
    "Moderators approval",
    "調整のために提出",
    "Autosave is paused",
    "Bulk actions",
    "Filter by",
    "Show filters",
    "Sort menu order",
    "Exploring",
    "Date updated",
    "Edited by",
    "Page type",
    "Has child pages",
    "Search…",
    "Search all pages",
    "Visible to all",
    "Not visible to the public",
    "Once live anyone can view",
    "No publishing schedule set",
    "Set schedule",
    "First published",
    "View history",
    "Change privacy",
    "Toggle breadcrumbs",
    "Toggle side panel",
    "Side panel width",
    "Sidebar",
    "Content metrics",
    "Reading time",
    "Issues found",
    "Checks",
    "Preview is out of date",
    "Select all",
    "Select row",
    "More options for",
    "Unpublish selected pages",
    "Is commenting action",
    "Date / Time",
    "Task submitted by",
    "Your pages and snippets in a workflow",
    "In Moderation",
    "Sorry, no pages match",
    "JavaScript is required",
    "Title タグ",
    "title タグ",
    "Meta description",
    "meta description",
    "Sort by",
    "Pages",
    "Documents",
    "Images",
    "Wagtail",
]

# Strings an editor reads: the text of the page and what assistive technology reads out.
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "data-w-tooltip-content-value", "value")


def read_text(html):
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "template", "noscript"]):
        tag.decompose()
    strings = [soup.title.get_text()] if soup.title else []
    strings += list(soup.stripped_strings)
    for tag in soup.find_all(True):
        if tag.name == "input" and tag.get("type") not in ("submit", "button"):
            continue  # an input's value is the content being edited, not the interface
        strings += [tag[name] for name in READ_ATTRIBUTES if isinstance(tag.get(name), str)]
    return "\n".join(strings)


def english_in(text):
    found = []
    for known in KNOWN_ENGLISH:
        # a whole word or phrase, so "Checks" is not found inside a page's own English content word by chance
        pattern = re.escape(known) if not known[0].isascii() else r"(?<![A-Za-z])" + re.escape(known) + r"(?![A-Za-z])"
        if re.search(pattern, text, flags=re.IGNORECASE if known.islower() else 0):
            found.append(known)
    return found


@pytest.fixture
def in_moderation():
    """The general window with a department editor's change waiting for a moderator."""
    editor = department_editor()
    page = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    page.summary_ja = "受付時間が変わりました。"
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    return page


def screens(page):
    first, latest = page.revisions.order_by("created_at", "pk")[0], page.get_latest_revision()
    return [
        "/admin/",
        f"/admin/pages/{page.pk}/edit/",
        f"/admin/pages/{page.get_parent().pk}/",
        "/admin/pages/search/?q=窓口",
        f"/admin/pages/{page.pk}/history/",
        f"/admin/pages/{page.pk}/revisions/compare/{first.pk}...{latest.pk}/",
        "/admin/reports/content-health/",
        "/admin/reports/missing-translations/",
        "/admin/reports/searches/",
        "/admin/reports/workflow/",
        "/admin/reports/site-history/",
    ]


def test_the_moderators_screens_have_no_english_left(client, in_moderation):
    client.force_login(japanese_admin(ModeratorFactory()))
    for url in screens(in_moderation):
        response = client.get(url)
        assert response.status_code == 200, url
        assert english_in(read_text(response.content)) == [], url


def test_the_department_editors_screens_have_no_english_left(client, in_moderation):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="editor"))
    for url in ["/admin/", f"/admin/pages/{in_moderation.pk}/edit/", f"/admin/pages/{in_moderation.get_parent().pk}/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert english_in(read_text(response.content)) == [], url


def test_the_language_switch_of_the_edit_form_is_japanese(client, in_moderation):
    """wagtail-modeltranslation's language buttons read their label from a script on the edit view."""
    client.force_login(japanese_admin(ModeratorFactory()))
    html = client.get(f"/admin/pages/{in_moderation.pk}/edit/").content.decode()
    assert "viewEditString: '表示・編集する言語:'" in html


def test_the_workflow_and_its_step_have_japanese_names():
    page = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    workflow = page.get_workflow()
    assert workflow.name == "公開前の確認"
    assert [task.name for task in workflow.tasks.all()] == ["管理者の承認"]
    assert not Workflow.objects.filter(name__contains="Moderators").exists()
    assert not Task.objects.filter(name__contains="Moderators").exists()


def test_the_check_finds_english_when_it_is_there():
    """The check itself: an English label left in a screen is found (so an empty result means something)."""
    html = '<html><head><title>ダッシュボード - Wagtail</title></head><body><button aria-label="Toggle side panel">'
    html += '</button><span class="status">live + in moderation</span><p>公開前の確認</p></body></html>'
    assert english_in(read_text(html)) == ["live + in moderation", "in moderation", "Toggle side panel", "Wagtail"]
