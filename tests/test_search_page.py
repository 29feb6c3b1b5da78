"""The search page: facets with counts, chips, pagination, no dead end, and what residents searched for."""

import pytest

from search.models import QueryLog

from .contract import CITY_MAIN_PHONE
from .utils import soup_of

pytestmark = pytest.mark.django_db

MAIN_TEL = "tel:" + CITY_MAIN_PHONE.replace("-", "")


def test_checkboxes_show_counts_and_chips_remove_a_filter(client, indexed):
    soup = soup_of(client, "/ja/search/?attribute=dementia&age=senior")
    checked = soup.select("input[type=checkbox][checked]")
    assert {(i["name"], i["value"]) for i in checked} == {("attribute", "dementia"), ("age", "senior")}
    label = soup.select_one('input[value="dementia"]').find_parent("label").get_text()
    assert "(" in label and ")" in label
    chips = soup.select(".chips--active a")
    assert len(chips) == 2
    remove_dementia = next(a["href"] for a in chips if "dementia" not in a["href"])
    assert "age=senior" in remove_dementia


def robots_of(soup):
    tag = soup.select_one('meta[name="robots"]')
    return tag["content"] if tag else "index"


@pytest.mark.parametrize(
    "query",
    ["", "?q=認知症", "?attribute=dementia", "?age=senior", "?area=chuo", "?kind=consultation"],
)
def test_the_plain_page_and_a_search_by_one_term_are_indexed_under_their_own_address(client, indexed, query):
    soup = soup_of(client, "/ja/search/" + query)
    assert robots_of(soup) == "index"
    assert soup.select_one('link[rel="canonical"]')["href"] == "http://localhost/ja/search/" + query.replace(
        "認知症", "%E8%AA%8D%E7%9F%A5%E7%97%87"
    )


@pytest.mark.parametrize(
    "query,status",
    [
        ("?attribute=dementia&age=senior", 200),  # two facets
        ("?q=認知症&age=senior", 200),  # words and a facet
        ("?attribute=dementia&attribute=child-rearing", 200),  # two values of one facet
        ("?age=senior&page=2", 200),  # a later page
        ("?age=senior&page_size=5", 200),  # another page size
        ("?q=zzqqxx", 200),  # no result
        ("?page=-3", 400),  # bad input
        ("?area=atlantis", 400),
    ],
)
def test_combined_later_empty_or_invalid_searches_are_not_indexed(client, indexed, query, status):
    soup = soup_of(client, "/ja/search/" + query, status=status)
    assert robots_of(soup) == "noindex"
    assert soup.select_one('link[rel="canonical"]') is None


def test_a_search_by_one_term_is_described_by_that_term(client, indexed):
    soup = soup_of(client, "/en/search/?attribute=dementia")
    label = soup.select_one('input[value="dementia"]').find_parent("label").contents[1].strip()
    assert label and label in soup.select_one('meta[name="description"]')["content"]
    assert "dementia" in soup_of(client, "/en/search/?q=dementia").select_one('meta[name="description"]')["content"]


def test_the_count_is_announced_by_a_status_region_and_headings_descend_by_one(client, indexed):
    soup = soup_of(client, "/ja/search/?age=senior")
    heading = soup.select_one("#results-heading")
    assert heading.name == "h2" and not heading.has_attr("role")
    assert heading.find_parent(attrs={"role": "status"}), "the count is announced when it changes"
    assert not soup.select("h1[role], h2[role], h3[role], h4[role]")
    levels = [int(h.name[1]) for h in soup.select("main h1, main h2, main h3, main h4, main h5, main h6")]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    assert soup.select("#search-results .card__title")


def test_an_empty_result_leads_to_a_person_a_filter_to_drop_and_words_to_try(client, indexed):
    soup = soup_of(client, "/ja/search/?q=認知症&area=chuo&kind=place")
    assert soup.select_one(".no-results")
    assert soup.select_one(f'a[href="{MAIN_TEL}"]')
    suggestions = [a["href"] for a in soup.select(".suggestion a")]
    assert any("kind" not in href and "q=" in href for href in suggestions)
    assert soup.select(".no-results .chips a")


def test_pagination_keeps_the_filters(client, indexed):
    soup = soup_of(client, "/ja/search/?age=senior")
    next_link = soup.select_one('a[rel="next"]')
    assert next_link and "age=senior" in next_link["href"] and "page=2" in next_link["href"]
    second = soup_of(client, "/ja/search/" + next_link["href"])
    assert second.select_one('a[rel="prev"]')


def test_bad_input_gets_a_helpful_page_not_an_error(client, indexed):
    soup = soup_of(client, "/ja/search/?page=-3", status=400)
    assert soup.select_one('[role="alert"]')
    assert soup.select_one(f'a[href="{MAIN_TEL}"]')
    soup_of(client, "/ja/search/?area=atlantis", status=400)
    for huge in ("page=" + "9" * 5000, "page_size=" + "9" * 5000, "page=10001"):
        soup = soup_of(client, "/ja/search/?" + huge, status=400)
        assert soup.select_one('[role="alert"]') and soup.select_one(f'a[href="{MAIN_TEL}"]')
    soup_of(client, "/ja/search/?q=" + "あ" * 201, status=400)


def test_the_page_works_without_javascript_and_enhances_with_it(client, indexed):
    soup = soup_of(client, "/en/search/?q=dementia")
    form = soup.select_one("form[data-live-search]")
    assert form["method"] == "get" and form.select_one('button[type="submit"]')
    assert soup.select_one('script[src$="js/search.js"]')


def test_searches_are_counted_per_day_without_identity(client, indexed):
    client.get("/ja/search/?q=認知症", HTTP_HOST="localhost", REMOTE_ADDR="203.0.113.9")
    client.get("/api/search/?q=%E8%AA%8D%E7%9F%A5%E7%97%87", HTTP_HOST="localhost")
    client.get("/ja/search/?q=zzqqxx", HTTP_HOST="localhost")
    row = QueryLog.objects.get(query="認知症")
    assert (row.searches, row.empty, row.language) == (2, 0, "ja")
    assert QueryLog.objects.get(query="zzqqxx").empty == 1
    fields = {f.name for f in QueryLog._meta.get_fields()}
    assert fields == {"id", "day", "query", "language", "searches", "empty"}
    assert "203.0.113.9" not in str(list(QueryLog.objects.values()))
    assert not client.cookies


def test_editors_see_what_residents_search_for(admin_client, client, indexed):
    client.get("/ja/search/?q=zzqqxx", HTTP_HOST="localhost")
    response = admin_client.get("/admin/reports/searches/")
    assert response.status_code == 200
    assert "zzqqxx" in response.content.decode()
