"""Being found and staying safe: schema.org data, link previews, and quick exit on pages about violence."""

import json

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from services.models import ServicePage

from .utils import soup_of

pytestmark = pytest.mark.django_db


def test_a_program_describes_itself_as_a_government_service(client):
    soup = soup_of(client, "/en/services/community-general-support-centers/")
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "GovernmentService"
    assert data["url"] == "http://localhost/en/services/community-general-support-centers/"
    assert data["alternateName"] == "地域包括支援センターの運営"
    assert data["provider"]["telephone"] == "+81-42-364-4111"
    assert "Support for Older People Division" in data["provider"]["name"]
    assert data["areaServed"]["@type"] == "City"
    assert "availableLanguage" not in data  # no language is claimed until the department confirms it


def test_languages_a_window_serves_are_announced_once_an_editor_enters_them(client):
    from services.models import ServiceLanguage

    page = ServicePage.objects.get(plan_name="外国人相談事業")
    page.languages.add(ServiceLanguage.objects.create(name="English", code="en"))
    page.save_revision().publish()
    soup = soup_of(client, page.url)
    assert json.loads(soup.select_one('script[type="application/ld+json"]').string)["availableLanguage"] == ["en"]


def test_link_previews_read_well(client):
    soup = soup_of(client, "/ja/services/welfare-consultation-window/")
    meta = {m["property"]: m["content"] for m in soup.select("meta[property]")}
    page = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    assert meta["og:title"] == page.title_ja
    assert meta["og:description"] == page.summary_ja
    assert meta["og:url"] == "http://localhost/ja/services/welfare-consultation-window/"
    assert meta["og:locale"] == "ja_JP"


def test_pages_about_violence_have_a_quick_exit_and_others_do_not(client):
    soup = soup_of(client, "/ja/services/women-support/")
    button = soup.select_one("[data-quick-exit]")
    assert button["href"] == settings.QUICK_EXIT_URL
    assert soup.select_one('script[src$="js/quick-exit.js"]')
    assert soup.select_one(".quick-exit__clear").get_text(strip=True)
    assert not soup_of(client, "/ja/services/team-orange/").select("[data-quick-exit]")


def test_quick_exit_leads_to_a_blank_page_that_is_not_kept(client):
    response = client.get("/exit/", HTTP_HOST="localhost")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    soup = BeautifulSoup(response.content, "html.parser")
    assert not soup.body.get_text(strip=True)
    assert "府中" not in response.content.decode()


def test_quick_exit_script_replaces_the_page_without_a_history_entry():
    from pathlib import Path

    script = (Path(__file__).resolve().parent.parent / "static" / "js" / "quick-exit.js").read_text()
    assert "location.replace" in script and "Escape" in script
