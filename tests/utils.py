"""Small helpers shared by the tests."""

import re

from bs4 import BeautifulSoup
from django.utils import translation

WRITTEN_READING = re.compile(r"（[ぁ-ゖァ-ヺー・]+）")


def as_shown(text, language):
    """`text` as its page shows it: Easy Japanese has furigana on by default, and then a reading written in
    brackets, 窓口（まどぐち）, is in the ruby (which get_text leaves out) instead of the brackets."""
    return WRITTEN_READING.sub("", text) if language == "ja-easy" else text


def fetch(client, url, status=200):
    """GET `url` as a browser on localhost would, check the status, and return (soup, response)."""
    response = client.get(url, HTTP_HOST="localhost")
    assert response.status_code == status, f"{url}: {response.status_code}"
    return BeautifulSoup(response.content, "html.parser"), response


def soup_of(client, url, status=200):
    return fetch(client, url, status)[0]


def page_of_each_type():
    """One shipped page of every type a resident sees (places come only from `make demo`: tests add their own)."""
    from home.models import HomePage, PlanPage
    from services.models import AreaIndexPage, AreaPage, ExplainerPage, ServiceIndexPage, ServicePage

    return [
        HomePage.objects.get(),
        ServiceIndexPage.objects.get(),
        ServicePage.objects.get(plan_name="福祉総合相談窓口"),
        AreaIndexPage.objects.get(),
        AreaPage.objects.get(area__slug="chuo"),
        ExplainerPage.objects.get(slug="where-to-ask"),
        PlanPage.objects.get(),
    ]


def page_urls(language="ja"):
    """The address of each page of `page_of_each_type()` in `language`."""
    pages = page_of_each_type()
    with translation.override(language):
        return [page.url for page in pages]
