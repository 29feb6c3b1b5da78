"""Area pages open with the area's three doors: its community welfare coordinator, its 地域包括支援センター and its
文化センター, each with the number to call and what to say. The plan names no centre, address or number per area,
so whatever no editor has entered sends the resident to the city's main number: nothing is invented."""

import re

import pytest

from services.models import AreaPage

from .contract import AREAS, CITY_MAIN_PHONE
from .utils import soup_of

pytestmark = pytest.mark.django_db

CITY_MAIN_TEL = "tel:" + CITY_MAIN_PHONE.replace("-", "")


@pytest.mark.parametrize("slug", AREAS)
def test_an_area_page_opens_with_its_three_doors(client, slug):
    page = AreaPage.objects.get(area__slug=slug)
    soup = soup_of(client, f"/ja/areas/{slug}/")
    first = soup.select_one("article.area > section")
    assert "area-doors" in first["class"], "the doors come first, before the coordinator's long introduction"
    doors = first.select(".door")
    assert [d["class"][1] for d in doors] == ["door--coordinator", "door--care_centre", "door--culture_centre"]
    coordinator, care, culture = doors
    assert (
        f"「地域福祉推進課に、{page.area.name_ja}エリアの地域福祉コーディネーターと話したいです」"
        in coordinator.get_text()
    )
    assert "地域包括支援センター" in care.h3.get_text()
    assert culture.h3.get_text(strip=True) == page.centre_name_ja
    # Every number on the doors is the city's main number: the plan gives no other.
    assert {a["href"] for a in first.select("a.tel")} == {CITY_MAIN_TEL}
    digits = set(re.findall(r"\d{2,4}-\d{3,4}-\d{4}", first.get_text()))
    assert digits == {CITY_MAIN_PHONE}


def test_what_an_editor_enters_replaces_the_main_number(client):
    page = AreaPage.objects.get(area__slug="nishifu")
    page.coordinator_phone = "042-000-0000"  # an editor's entry (a test value, not a real number)
    page.centre_address = "府中市西府町（テスト）"
    page.save_revision().publish()
    soup = soup_of(client, "/ja/areas/nishifu/")
    coordinator = soup.select_one(".door--coordinator")
    assert coordinator.select_one("a.tel")["href"] == "tel:0420000000"
    assert "「西府エリアの地域福祉コーディネーターと話したいです」" in coordinator.get_text()
    culture = soup.select_one(".door--culture_centre")
    assert "府中市西府町（テスト）" in culture.get_text() and not culture.select("a.tel")


@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_doors_give_the_reading_of_what_to_say_in_other_languages(client, language):
    soup = soup_of(client, f"/{language}/areas/nishifu/")
    doors = soup.select(".area-doors .door")
    romaji = [d.select_one(".say__romaji").get_text() for d in doors]
    assert romaji[0].startswith("chiiki fukushi suishinka ni, nishifu eria no")
    assert soup.select_one(".area-doors .language-help")
