"""A new page gets a short ASCII web address: from its English title if it has one, otherwise from the reading of
its Japanese title; the editor may still change it. Percent-encoded Japanese made posters' QR codes dense."""

import re

import pytest
from bs4 import BeautifulSoup

from home.models import HomePage
from portal.text import short_slug
from services.models import ExplainerPage

from .factories import ModeratorFactory, japanese_admin
from .test_admin import form_values

pytestmark = pytest.mark.django_db


def new_explainer(**fields):
    home = HomePage.objects.get()
    page = ExplainerPage(summary_ja="テストのための説明です。", **fields)
    home.add_child(instance=page)
    return ExplainerPage.objects.get(pk=page.pk)


def test_a_japanese_title_gives_its_reading_in_a_few_words():
    page = new_explainer(title_ja="子ども食堂の相談")
    assert page.slug == "kodomo-shokudo-sodan"
    assert page.url.endswith("/kodomo-shokudo-sodan/")


def test_an_english_title_comes_first_and_stays_short():
    page = new_explainer(
        title_ja="どこに相談すればいいかわからないときの窓口", title_en="Where to ask when you don't know"
    )
    assert page.slug == "where-ask-when-dont"


def test_the_same_words_twice_get_a_number():
    first = new_explainer(title_ja="子ども食堂の相談")
    second = new_explainer(title_ja="子ども食堂の相談")
    assert (first.slug, second.slug) == ("kodomo-shokudo-sodan", "kodomo-shokudo-sodan-2")


def test_a_slug_the_editor_wrote_is_kept():
    assert new_explainer(title_ja="子ども食堂の相談", slug="kodomo-shokudo").slug == "kodomo-shokudo"


def test_a_name_in_latin_letters_is_kept_as_written():
    assert short_slug(japanese="DIVEの相談") == "dive-sodan"


def test_a_page_added_in_the_admin_with_a_japanese_title_gets_an_ascii_slug(client):
    """The admin's form leaves the slug empty for a Japanese title (WAGTAIL_ALLOW_UNICODE_SLUGS off); the server
    then makes the ASCII one."""
    client.force_login(japanese_admin(ModeratorFactory()))
    home = HomePage.objects.get()
    url = f"/admin/pages/add/services/explainerpage/{home.pk}/"
    data = form_values(client.get(url).content)
    data.update({"title_ja": "ひとり親家庭の相談", "summary_ja": "テストのための説明です。", "slug": ""})
    for code in ("ja", "ja_easy", "en", "zh_hans", "ko", "vi"):
        data[f"body_{code}-count"] = "0"
    response = client.post(url, data)
    errors = BeautifulSoup(response.content, "html.parser").select(".error-message, .help-critical")
    assert response.status_code == 302, errors
    page = ExplainerPage.objects.get(title_ja="ひとり親家庭の相談")
    assert page.slug == "hitorioya-katei-sodan"
    assert re.fullmatch(r"[a-z0-9-]+", page.slug)


def test_every_loaded_page_has_an_ascii_slug():
    from wagtail.models import Page

    assert [p.slug for p in Page.objects.filter(depth__gt=1) if not re.fullmatch(r"[a-z0-9-]+", p.slug)] == []
