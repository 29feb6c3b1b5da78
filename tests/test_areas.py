"""The 11 welfare areas: each page leads to the coordinator, the 文化センター, places and the citywide windows."""

import tomllib
from pathlib import Path

import pytest
from django.core.management import call_command

from services.models import AreaPage, ServicePage

from .contract import AREAS, CITY_MAIN_PHONE, CITY_MAIN_TEL
from .utils import soup_of

pytestmark = pytest.mark.django_db

CENTRES = {
    row["slug"]: row
    for row in tomllib.loads((Path(__file__).resolve().parents[1] / "services/content/areas.toml").read_text())["area"]
}


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("slug", AREAS)
def test_every_area_page_leads_to_its_coordinator_centre_and_the_citywide_windows(client, slug, language):
    soup = soup_of(client, f"/{language}/areas/{slug}/")
    article = soup.select_one("article.area")
    page = AreaPage.objects.get(area__slug=slug)
    assert article.select_one("h1").get_text(strip=True) == getattr(page, f"title_{language}")

    assert article.select_one("section.coordinator #coordinator-heading")
    coordinator = article.select_one(".area-doors .door--coordinator")
    assert coordinator.select_one("a.tel")["href"] == CITY_MAIN_TEL
    assert CITY_MAIN_PHONE in coordinator.get_text()

    centre = article.select_one(".area-doors .door--culture_centre h3").get_text(strip=True)
    assert centre == CENTRES[slug][f"centre_{language}"]

    citywide = article.select_one("#citywide-heading").find_parent("section")
    links = [a["href"] for a in citywide.select("a[href]")]
    window = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    assert window.get_url().replace("/ja/", f"/{language}/") in links
    assert len(links) >= 10  # the plan's consultation windows serve the whole city

    places = article.select_one("section.area-places")
    assert places.select_one("#places-heading")
    assert not places.select(".place-card")  # no invented places


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_list_of_areas_names_every_area_with_its_centre(client, language):
    soup = soup_of(client, f"/{language}/areas/")
    items = soup.select(".area-list__item")
    assert len(items) == len(AREAS)
    hrefs = [item.select_one("a")["href"] for item in items]
    assert hrefs == [f"/{language}/areas/{slug}/" for slug in AREAS]
    centres = [item.select_one(".area-list__centre").get_text(strip=True) for item in items]
    assert centres == [CENTRES[slug][f"centre_{language}"] for slug in AREAS]
    assert [item.select_one(".area-list__places")["data-count"] for item in items] == ["0"] * len(AREAS)


def test_the_list_of_areas_counts_places_with_upcoming_dates(client):
    call_command("load_demo_places", stdout=open("/dev/null", "w"))
    soup = soup_of(client, "/en/areas/")
    counts = {
        item.select_one("a")["href"].split("/")[-2]: item.select_one(".area-list__places")["data-count"]
        for item in soup.select(".area-list__item")
    }
    assert counts["chuo"] == "1"
    assert counts["musashidai"] == "0"
    assert "1 place to belong" in soup.select_one(".area-list__places[data-count='1']").get_text()


def test_an_area_page_lists_its_places_with_the_next_date(client):
    call_command("load_demo_places", stdout=open("/dev/null", "w"))
    soup = soup_of(client, "/en/areas/koremasa/")
    cards = soup.select(".area-places .place-card")
    assert len(cards) == 1
    assert cards[0].select_one("a")["href"] == "/en/areas/koremasa/sample-tasedai-cafe/"
    assert cards[0].select_one("time[datetime]")
