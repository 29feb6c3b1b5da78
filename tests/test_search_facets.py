"""Facet semantics on the database backend over a directory built for the test (CONTRACT §1, §4)."""

import pytest

from search.backends.base import SearchRequest
from search.backends.database import DatabaseBackend, iter_positions, mask_of_ids, to_mask
from search.documents import IndexDocument
from search.models import SearchEntry
from services.models import ServicePage

pytestmark = pytest.mark.django_db


def document(page, path, title, ages=(), attributes=(), areas=(), kinds=("consultation",), citywide=None):
    return IndexDocument(
        page_id=page.pk,
        path=path,
        entry_type="service",
        plan_name="",
        citywide=not areas if citywide is None else citywide,
        facets={"age": list(ages), "attribute": list(attributes), "area": list(areas), "kind": list(kinds)},
        display={"ja": {"title": title, "summary": "", "url": f"/ja/{path}/"}},
        texts={"ja": (title, "")},
    )


@pytest.fixture
def directory():
    pages = list(ServicePage.objects.order_by("pk")[:5])
    backend = DatabaseBackend()
    backend.rebuild(
        [
            document(pages[0], "0001", "高齢者の相談 認知症", ages=["senior"], attributes=["dementia", "elderly-care"]),
            document(pages[1], "0002", "子育ての相談", ages=["infant"], attributes=["child-rearing"]),
            document(
                pages[2], "0003", "中央のサロン 認知症カフェ", ages=["senior"], attributes=["dementia"], areas=["chuo"]
            ),
            document(pages[3], "0004", "押立の子ども食堂", ages=["child"], attributes=["poverty"], areas=["oshitate"]),
            document(pages[4], "0005", "住まいの相談", ages=["adult", "senior"], attributes=["housing", "poverty"]),
        ]
    )
    return backend


def run(backend, text="", **filters):
    return backend.search(SearchRequest(text=text, language="ja", filters=filters, page=1, page_size=20))


def titles(result):
    return [hit.title for hit in result.hits]


def test_or_within_a_facet_and_across_facets(directory):
    assert len(run(directory, attribute=["dementia", "housing"]).hits) == 3
    assert titles(run(directory, attribute=["dementia", "housing"], age=["adult"])) == ["住まいの相談"]


def test_counts_are_disjunctive(directory):
    result = run(directory, attribute=["dementia"], age=["senior"])
    attribute = result.facets["attribute"]
    assert attribute["dementia"].count == 2 and attribute["dementia"].selected
    assert attribute["housing"].count == 1  # housing alone, with age=senior: 住まいの相談
    assert attribute["child-rearing"].count == 0
    age = result.facets["age"]
    assert age["senior"].count == 2 and age["infant"].count == 0


def test_a_citywide_entry_matches_and_counts_for_every_area(directory):
    result = run(directory, area=["chuo"])
    assert result.count == 4  # three citywide entries and the one in 中央
    assert titles(result)[0] == "中央のサロン 認知症カフェ"  # the area's own entry first
    assert result.facets["area"]["oshitate"].count == 4
    assert result.facets["area"]["chuo"].count == 4


def test_text_and_facets_combine_and_rank(directory):
    result = run(directory, "認知症")
    assert set(titles(result)) == {"高齢者の相談 認知症", "中央のサロン 認知症カフェ"}
    result = run(directory, "認知症", area=["chuo"])
    assert titles(result)[0] == "中央のサロン 認知症カフェ"
    assert result.facets["area"]["oshitate"].count == 1


def test_without_text_results_keep_the_editors_order(directory):
    assert titles(run(directory)) == [
        "高齢者の相談 認知症",
        "子育ての相談",
        "中央のサロン 認知症カフェ",
        "押立の子ども食堂",
        "住まいの相談",
    ]


def test_pages_past_the_end_are_empty(directory):
    result = directory.search(SearchRequest(language="ja", page=3, page_size=2))
    assert result.count == 5 and len(result.hits) == 1
    assert directory.search(SearchRequest(language="ja", page=4, page_size=2)).hits == []


def test_bit_sets_round_trip():
    positions = [0, 3, 8, 63, 64, 1000]
    assert list(iter_positions(to_mask(positions, 1001))) == positions


def test_ids_from_the_database_become_the_bit_set_of_their_positions_and_unknown_ids_are_left_out():
    position = {40: 0, 7: 1, 512: 2, 9: 1000}
    assert mask_of_ids("9 7 40 13", position, 1001) == to_mask([0, 1, 1000], 1001)
    assert mask_of_ids("", position, 1001) == 0


def test_index_rows_carry_tokens_for_each_written_language(directory):
    entry = SearchEntry.objects.get(path="0003")
    assert "認知症" in entry.title_ja.split()
    assert entry.title_en == ""
