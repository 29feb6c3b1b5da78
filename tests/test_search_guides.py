"""The explainer pages (where to ask, for neighbours …) and the plan page are in the search as guides: found by
their words, labelled as guides, with plan_name "" and no facet values, so the facets of CONTRACT §1 and §4
count the directory exactly as before and a guide never answers a search narrowed by a facet."""

import pytest

from home.models import PlanPage
from search.backends import get_backend
from search.models import SearchEntry
from search.queries import DirectorySearch
from services.models import GUIDE, ExplainerPage, directory_entry_models

pytestmark = pytest.mark.django_db

RESULT_FIELDS = ["title", "plan_name", "url", "summary", "kinds", "ages", "attributes", "areas", "citywide"]
"""A result's fields in CONTRACT §4."""

GUIDE_PAGES = 6
"""The shipped explainer pages (where to ask, working together, about, for neighbours, accessibility) and the plan."""


@pytest.fixture
def syncing(settings, indexed):
    settings.SEARCH_INDEX_ON_PUBLISH = True


def guide_ids():
    return set(SearchEntry.objects.filter(entry_type=GUIDE).values_list("page_id", flat=True))


def test_search_finds_the_page_types_that_answer_directory_entry_without_importing_them():
    assert {ExplainerPage, PlanPage} <= set(directory_entry_models())


def test_every_live_explainer_page_and_the_plan_page_is_a_guide_in_the_index(indexed):
    pages = list(ExplainerPage.objects.live().public()) + list(PlanPage.objects.live().public())
    assert len(pages) == GUIDE_PAGES
    assert guide_ids() == {page.pk for page in pages}
    for entry in SearchEntry.objects.filter(entry_type=GUIDE):
        assert entry.plan_name == "" and not entry.citywide
        assert entry.ages == entry.attributes == entry.areas == entry.kinds == ""


@pytest.mark.parametrize(
    ("language", "query", "slug"),
    [
        ("ja", "近所の人が心配", "for-neighbours"),
        ("en", "neighbour", "for-neighbours"),
        ("vi", "hàng xóm", "for-neighbours"),
        ("ja", "評価指標", "plan"),
        ("ja", "重層的支援体制", "about"),
    ],
)
def test_a_guide_is_found_by_its_words_in_every_language(indexed, language, query, slug):
    hits = DirectorySearch(language).search(query).run(page=1, page_size=5).results
    guides = [hit for hit in hits if hit.guide]
    assert any(hit.url.rstrip("/").endswith(f"/{slug}") for hit in guides), [h.url for h in hits]
    assert all(hit.plan_name == "" for hit in guides)


def test_guides_change_no_facet_count_and_never_answer_a_facet_selection(indexed):
    def run(query, **filters):
        search = DirectorySearch("ja").search(query)
        for facet, slugs in filters.items():
            search.filter(facet, slugs)
        result = search.run(page=1, page_size=50)
        counts = {facet: [(v.slug, v.count) for v in values] for facet, values in result.facets.items()}
        return result, counts

    queries = [("近所の人が心配", {}), ("", {}), ("相談", {"area": ["chuo"]}), ("支援", {"attribute": ["dementia"]})]
    before = {q: run(q, **f) for q, f in queries}
    assert any(hit.guide for hit in before["近所の人が心配"][0].results)
    for q, _filters in queries[2:]:
        assert not any(hit.guide for hit in before[q][0].results)
    get_backend().remove(list(guide_ids()))
    for q, f in queries:
        result, counts = run(q, **f)
        assert counts == before[q][1]  # every facet value counts the same with or without the guides
        guides = sum(hit.guide for hit in before[q][0].results)
        assert before[q][0].count == result.count + guides


def test_publishing_and_unpublishing_a_guide_keep_the_index_in_step(syncing):
    page = ExplainerPage.objects.get(slug="for-neighbours")
    plan = PlanPage.objects.get()
    page.unpublish()
    plan.unpublish()
    assert page.pk not in guide_ids() and plan.pk not in guide_ids()
    page.summary = "見守りのひまわり合図"
    page.save_revision().publish()
    plan.save_revision().publish()
    assert {page.pk, plan.pk} <= guide_ids()
    hits = DirectorySearch("ja").search("ひまわり合図").run().results
    assert [hit.title for hit in hits] == [page.title] and hits[0].guide


def test_the_api_says_a_result_is_a_guide_beside_the_contract_fields(client, indexed):
    body = client.get("/api/search/", {"q": "近所の人が心配"}, HTTP_HOST="localhost").json()
    for result in body["results"]:
        assert set(result) == set(RESULT_FIELDS) | {"guide"}
    guides = [r for r in body["results"] if r["guide"]]
    assert guides and all(r["plan_name"] == "" and r["kinds"] == [] and not r["citywide"] for r in guides)
    assert not any(r["guide"] for r in body["results"] if r["plan_name"])


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("ja", "ご案内"),
        ("ja-easy", "せつめい"),
        ("en", "Guide"),
        ("zh-hans", "指南"),
        ("ko", "안내"),
        ("vi", "Hướng dẫn"),
    ],
)
def test_a_guides_card_is_labelled_in_every_language(client, indexed, language, label):
    html = client.get(f"/{language}/search/", {"q": "評価指標"}).content.decode()
    assert f'<p class="card__label">{label}</p>' in html
    narrowed = client.get(f"/{language}/search/", {"q": "評価指標 認知症", "attribute": "dementia"}).content.decode()
    assert 'class="card__title"' in narrowed and 'class="card__label"' not in narrowed
