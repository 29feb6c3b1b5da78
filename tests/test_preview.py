"""Editors preview a page in each of the six site languages before it goes live (Wagtail's preview modes)."""

import pytest
from bs4 import BeautifulSoup

from portal import languages
from services.models import ServicePage

pytestmark = pytest.mark.django_db


def test_the_preview_offers_every_site_language():
    page = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    assert [code for code, _label in page.preview_modes] == list(languages.CODES)
    assert page.default_preview_mode == "ja"


@pytest.mark.parametrize("code", ["ja", "ja-easy", "en", "zh-hans", "ko", "vi"])
def test_each_language_preview_shows_the_page_in_that_language(code):
    page = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    column = languages.get(code).column
    title = getattr(page, f"title_{column}")
    assert title  # the general window is written in every language
    response = page.make_preview_request(preview_mode=code)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == languages.get(code).html_lang
    assert title in soup.select_one("h1").get_text()
