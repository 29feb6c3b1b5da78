"""A4 posters of program and area pages: title, phone and a QR code that opens the page in the same language."""

import re

import pytest
import segno
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.utils import translation
from wagtail.models import PageViewRestriction

from home.models import HomePage
from services.models import AreaPage, ExplainerPage, ServiceContact, ServicePage

from .contract import CITY_MAIN_PHONE
from .utils import as_shown

pytestmark = pytest.mark.django_db

MAIN_TEL = "tel:" + CITY_MAIN_PHONE.replace("-", "")
WINDOW = "/services/welfare-consultation-window/"
CHUO = "/areas/chuo/"


def get(client, url, status=200):
    response = client.get(url, HTTP_HOST="localhost")
    assert response.status_code == status, url
    return BeautifulSoup(response.content, "html.parser")


def page_at(path):
    if path == WINDOW:
        return ServicePage.objects.get(plan_name="福祉総合相談窓口")
    return AreaPage.objects.get(area__slug="chuo")


def dark_modules(svg):
    """Reads the dark modules back out of segno's SVG path (`M`/`m` moves, `h` runs one module high)."""
    path = svg.find("path", attrs={"stroke": True})
    x = y = 0.0
    dark = set()
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path["d"]):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            length = int(float(a))
            dark.update((int(x) + i, int(y)) for i in range(length))
            x += length
    return dark


def expected_modules(url, size):
    """The dark modules of the QR code segno makes for `url`, placed in a square of `size` modules."""
    qr = segno.make_qr(url, error="m")
    border = (size - qr.symbol_size(border=0)[0]) // 2
    return {
        (col, row)
        for row, cells in enumerate(qr.matrix_iter(border=border))
        for col, is_dark in enumerate(cells)
        if is_dark
    }


@pytest.mark.parametrize(
    "path,language",
    [(WINDOW, "ja"), (WINDOW, "en"), (WINDOW, "ja-easy"), (CHUO, "ja"), (CHUO, "en")],
)
def test_a_poster_shows_the_page_in_its_language_with_phone_and_qr_code(client, path, language):
    page = page_at(path)
    page_url = f"/{language}{path}"
    absolute = f"http://localhost{page_url}"
    soup = get(client, f"{page_url}poster/")

    assert soup.html["lang"] == ("ja" if language == "ja-easy" else language)
    with translation.override(language):
        assert soup.h1.get_text(strip=True) == as_shown(page.title, language)
        assert page.url == page_url
    assert not soup.select("main[lang]")

    tel = soup.select_one(".poster__contact a[href^='tel:']")
    assert tel["href"] == MAIN_TEL and tel.get_text(strip=True) == CITY_MAIN_PHONE

    svg = soup.select_one(".poster__qr svg")
    assert svg["role"] == "img"
    assert absolute in svg["aria-label"] and absolute in svg.title.get_text()
    assert svg["data-url"] == absolute
    size = int(svg["viewbox"].split()[2])
    assert dark_modules(svg) == expected_modules(absolute, size)
    assert soup.select_one(".poster__qr figcaption .poster__url").get_text(strip=True) == absolute


def test_the_qr_code_differs_by_language(client):
    ja = get(client, f"/ja{WINDOW}poster/").select_one(".poster__qr svg")
    en = get(client, f"/en{WINDOW}poster/").select_one(".poster__qr svg")
    assert dark_modules(ja) != dark_modules(en)


def test_a_program_poster_shows_its_summary_who_it_is_for_and_the_department(client):
    page = page_at(WINDOW)
    soup = get(client, f"/ja{WINDOW}poster/")
    assert soup.select_one(".poster__summary").get_text(strip=True) == page.summary_ja
    who = soup.select_one(".poster__who").get_text()
    assert "すべての年齢" in who and "市内全域" in who
    contact = soup.select_one(".poster__contact").get_text()
    assert "地域福祉推進課" in contact and "府中市役所" in contact


def test_a_phone_an_editor_entered_is_the_one_on_the_poster(client):
    page = ServicePage.objects.get(plan_name="保健相談室")
    ServiceContact.objects.create(page=page, label="保健相談室", phone="042-000-0000", hours="テスト用の時間")
    soup = get(client, f"{page.url}poster/")
    contact = soup.select_one(".poster__contact")
    assert [a["href"] for a in contact.select("a[href^='tel:']")] == ["tel:0420000000"]
    assert "042-000-0000" in contact.get_text() and "テスト用の時間" in contact.get_text()


def test_an_area_poster_shows_the_coordinator_and_its_own_phone_once_entered(client):
    page = page_at(CHUO)
    soup = get(client, f"/ja{CHUO}poster/")
    assert "地域福祉コーディネーター" in soup.select_one(".poster__subtitle").get_text()
    assert "中央エリア" in soup.select_one(".poster__who").get_text()
    assert "中央文化センター" in soup.select_one(".poster__who").get_text()
    page.coordinator_phone = "042-111-2222"
    page.save_revision().publish()
    soup = get(client, f"/en{CHUO}poster/")
    assert soup.select_one(".poster__contact a[href^='tel:']")["href"] == "tel:0421112222"
    assert "For people who live in the Chuo area" in soup.select_one(".poster__who").get_text()


@pytest.mark.parametrize("path", [WINDOW, CHUO])
@pytest.mark.parametrize("language,label", [("ja", "ポスターを印刷する"), ("en", "Print a poster")])
def test_service_and_area_pages_link_to_their_poster_in_their_language(client, path, language, label):
    soup = get(client, f"/{language}{path}")
    link = soup.select_one(".poster-link a")
    assert link.get_text(strip=True) == label
    assert link["href"] == f"/{language}{path}poster/"
    get(client, link["href"])


def test_the_language_switcher_of_a_poster_leads_to_the_poster_in_each_language(client):
    soup = get(client, f"/ja{WINDOW}poster/")
    links = {a["hreflang"]: a["href"] for a in soup.select(".language-switcher li a")}
    assert links["en"] == f"/en{WINDOW}poster/"
    assert links["ja-x-easy"] == f"/ja-easy{WINDOW}poster/"


@pytest.mark.parametrize(
    "url",
    [
        "/ja/no-such-page/poster/",
        f"/ja{WINDOW}no-such-page/poster/",
        "/ja/services/poster/",  # the directory itself has no poster
        "/en/areas/poster/",
        "/ja/poster/",
        f"/ja{WINDOW}poster/poster/",
    ],
)
def test_anything_but_a_program_or_area_page_has_no_poster(client, url):
    get(client, url, status=404)


def test_an_unpublished_page_has_no_poster(client):
    page = page_at(WINDOW)
    page.unpublish()
    get(client, f"/ja{WINDOW}poster/", status=404)


def test_a_poster_shows_the_published_page_never_a_draft(client):
    page = page_at(CHUO)
    page.title_ja = "下書きのタイトル"
    page.save_revision()
    soup = get(client, f"/ja{CHUO}poster/")
    assert soup.h1.get_text(strip=True) == "中央エリア"
    assert "下書き" not in soup.get_text()


def test_a_private_page_has_no_poster(client):
    page = page_at(WINDOW)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    get(client, f"/ja{WINDOW}poster/", status=404)


def test_a_poster_answers_get_and_head_only(client):
    url = f"/ja{WINDOW}poster/"
    assert client.head(url, HTTP_HOST="localhost").status_code == 200
    assert client.post(url, HTTP_HOST="localhost").status_code == 405
    assert client.put(url, HTTP_HOST="localhost").status_code == 405


def test_a_page_whose_slug_ends_in_poster_is_still_served_by_wagtail(client):
    home = HomePage.objects.get()
    home.add_child(instance=ExplainerPage(title="掲示用ポスター", slug="event-poster", summary="テストです。"))
    soup = get(client, "/ja/event-poster/")
    assert soup.h1.get_text(strip=True) == "掲示用ポスター"


def test_the_poster_prints_on_one_a4_page_without_the_site_around_it(client):
    soup = get(client, f"/ja{WINDOW}poster/")
    assert soup.select_one('meta[name="robots"]')["content"] == "noindex"
    hrefs = [link["href"] for link in soup.select('link[rel="stylesheet"]')]
    poster_css = [h for h in hrefs if h.endswith("/poster.css")]
    assert poster_css, hrefs
    css = open(finders.find(poster_css[0].removeprefix("/static/"))).read()
    assert re.search(r"@page\s*\{\s*size:\s*A4;\s*margin:\s*15mm;\s*\}", css)
    print_rules = css[css.index("@media print") :]
    hidden = re.search(r"([^{}]+)\{\s*display:\s*none", print_rules).group(1)
    for selector in (".site-header", ".site-footer", ".language-switcher"):
        assert selector in hidden


def test_every_page_has_print_styles():
    css = open(finders.find("css/site.css")).read()
    blocks = css.split("@media print")[1:]
    assert blocks
    printed = "".join(blocks)
    for selector in (".site-header", ".site-search", ".language-switcher", ".poster-link"):
        assert selector in printed
