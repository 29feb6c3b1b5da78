"""GET /api/search/ as CONTRACT §4: validation, facets in taxonomy order, disjunctive counts."""

import pytest
from django.http import QueryDict

from home.models import PlanPage
from search.forms import SearchForm
from services.models import ExplainerPage, ServicePage

from .contract import AGES, AREAS, ATTRIBUTES, KINDS

pytestmark = pytest.mark.django_db


def api(client, status=200, **params):
    response = client.get("/api/search/", params, HTTP_HOST="localhost")
    assert response.status_code == status, response.content
    return response.json()


@pytest.mark.parametrize(
    "params",
    [
        {"lang": "fr"},
        {"age": "toddler"},
        {"area": "tokyo"},
        {"q": "あ" * 201},
        {"page": "0"},
        {"page": "abc"},
        {"page": "-1"},
        {"page_size": "51"},
        {"page_size": "0"},
        {"page": "10001"},
        {"page": "9" * 5000},  # past Python's 4,300-digit limit on int(): checked before it
        {"page_size": "0" * 5000 + "51"},
    ],
)
def test_bad_input_gets_400_with_a_message_in_words(client, params):
    body = api(client, status=400, **params)
    assert set(body) == {"error"} and len(body["error"]) > 10


def test_the_last_allowed_page_and_page_size_are_accepted(client):
    assert api(client, page="10000")["page"] == 10000
    assert api(client, page="0001", page_size="050")["page"] == 1


def test_a_page_past_the_last_is_empty_not_an_error(client):
    body = api(client, page="99")
    guides = ExplainerPage.objects.live().count() + PlanPage.objects.live().count()  # in the search as guides
    assert body["results"] == [] and body["count"] == 32 + 11 + guides and body["page"] == 99


def test_every_facet_lists_every_value_in_taxonomy_order(client):
    body = api(client)
    assert [v["slug"] for v in body["facets"]["age"]] == AGES
    assert [v["slug"] for v in body["facets"]["attribute"]] == ATTRIBUTES
    assert [v["slug"] for v in body["facets"]["area"]] == AREAS
    assert [v["slug"] for v in body["facets"]["kind"]] == KINDS
    assert body["facets"]["kind"][0]["label"] == "相談窓口"


def test_results_carry_the_contract_fields_in_the_requested_language(client):
    body = api(client, lang="en", q="DIVE", page_size="50")
    first = body["results"][0]
    contract = {"title", "plan_name", "url", "summary", "kinds", "ages", "attributes", "areas", "citywide"}
    assert set(first) == contract | {"guide"} and first["guide"] is False  # CONTRACT §4's fields, and whether a guide
    assert first["plan_name"] == "外国人相談事業"
    assert first["url"].startswith("/en/services/")
    assert body["facets"]["kind"][0]["label"] == "Where to ask"


def test_or_within_a_facet_and_and_across_facets(client):
    dementia = api(client, attribute="dementia", page_size="50")["count"]
    assert dementia > 0
    housing = api(client, attribute="housing", page_size="50")["count"]
    both = api(client, attribute=["dementia", "housing"], page_size="50")["count"]
    assert max(dementia, housing) <= both <= dementia + housing
    narrowed = api(client, attribute=["dementia", "housing"], kind="consultation", page_size="50")
    assert narrowed["count"] <= both
    assert all("consultation" in r["kinds"] for r in narrowed["results"])


def test_facet_counts_are_disjunctive(client):
    body = api(client, attribute="dementia", kind="consultation")
    for value in body["facets"]["attribute"]:
        alone = api(client, attribute=value["slug"], kind="consultation")["count"]
        assert value["count"] == alone, value["slug"]
        assert value["selected"] == (value["slug"] == "dementia")


def test_citywide_entries_match_every_area_and_local_ones_come_first(client, settings):
    settings.SEARCH_INDEX_ON_PUBLISH = True
    page = ServicePage.objects.get(plan_name="地域介護予防活動支援事業")
    page.citywide = False
    page.save()
    page.areas.set(page.areas.model.objects.filter(slug="chuo"))
    page.save_revision().publish()
    body = api(client, area="chuo", page_size="50")
    # 31 citywide programs, the one program now in 中央, and the 中央 area page itself.
    assert body["count"] == 33
    first_two = body["results"][:2]
    assert [r["plan_name"] for r in first_two] == ["地域介護予防活動支援事業", ""]  # the program, then the area page
    assert not any(r["citywide"] for r in first_two)
    assert all(r["citywide"] for r in body["results"][2:])
    assert api(client, area="oshitate", page_size="50")["count"] == 32


def test_japanese_words_find_the_program(client):
    body = api(client, q="ひきこもり")
    assert "ひきこもりに関する支援" in [r["plan_name"] for r in body["results"][:3]]


def test_search_forms_share_their_fields_but_not_their_answers():
    """SearchForm's fields are shared by every form (search.forms.SharedFields); what one request sent, and what
    was wrong with it, stays with that request's form."""
    wrong = SearchForm(QueryDict("page=x&age=nobody"))
    right = SearchForm(QueryDict(f"page=2&age={AGES[0]}"))
    assert wrong.fields is right.fields
    assert not wrong.is_valid()
    assert right.is_valid()
    assert set(wrong.errors) == {"page", "age"}
    assert right.cleaned_data["page"] == 2 and right.cleaned_data["age"] == [AGES[0]]
    assert not SearchForm(QueryDict("age=nobody")).is_valid()
