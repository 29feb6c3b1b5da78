"""The index follows Wagtail's events: publish, unpublish, move, delete; taxonomy and synonym edits."""

import pytest
from django.core.management import call_command

from home.models import PlanPage
from search.models import SearchEntry, Synonym
from search.queries import DirectorySearch
from services.models import Attribute, ExplainerPage, ServiceIndexPage, ServicePage

from .factories import ServicePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def syncing(settings, indexed):
    settings.SEARCH_INDEX_ON_PUBLISH = True


def plan_names(query, language="ja", **filters):
    search = DirectorySearch(language).search(query)
    for facet, slugs in filters.items():
        search.filter(facet, slugs)
    return [hit.plan_name or hit.title for hit in search.run(page_size=50).results]


def titles(query, language="ja"):
    return [hit.title for hit in DirectorySearch(language).search(query).run(page_size=50).results]


def test_a_published_page_is_found_and_a_draft_never_is(syncing):
    page = ServicePageFactory(parent=ServiceIndexPage.objects.get(), title="すずらん食堂", live=False)
    page.save_revision()
    assert "すずらん食堂" not in titles("すずらん")
    page.save_revision().publish()
    assert "すずらん食堂" in titles("すずらん")
    page.title = "すずらん食堂（下書きの名前）"
    page.summary = "下書きだけの言葉ひまわり"
    page.save_revision()
    assert not any("すずらん" in title for title in titles("ひまわり"))
    assert "すずらん食堂" in titles("すずらん")


def test_unpublishing_and_deleting_remove_the_entry(syncing):
    page = ServicePage.objects.get(plan_name="チームオレンジの推進")
    assert "チームオレンジの推進" in plan_names("チームオレンジ")
    page.unpublish()
    assert "チームオレンジの推進" not in plan_names("チームオレンジ")
    page.save_revision().publish()
    assert "チームオレンジの推進" in plan_names("チームオレンジ")
    page.delete()
    assert "チームオレンジの推進" not in plan_names("チームオレンジ")
    assert not SearchEntry.objects.filter(plan_name="チームオレンジの推進").exists()


def test_moving_a_page_updates_its_address(syncing):
    page = ServicePageFactory(parent=ServiceIndexPage.objects.get(), title="移動する窓口", slug="moving-window")
    page.save_revision().publish()
    other = ServicePageFactory(parent=ServiceIndexPage.objects.get(), title="親の窓口", slug="parent-window")
    page = ServicePage.objects.get(pk=page.pk)
    ServicePage.subpage_types = ["services.ServicePage"]  # let the test move it under another program
    try:
        page.move(other, pos="last-child")
    finally:
        ServicePage.subpage_types = []
    hit = next(h for h in DirectorySearch("ja").search("移動する窓口").run().results if h.title == "移動する窓口")
    assert hit.url == "/ja/services/parent-window/moving-window/"


def test_renaming_a_situation_reindexes_the_programs_that_carry_it(syncing):
    label = Attribute.objects.get(slug="housing")
    label.name_ja = "すまいのこまりごと特別"
    label.save()
    found = plan_names("すまいのこまりごと特別")
    assert "住宅確保要配慮者への居住支援" in found


def test_an_editors_synonym_works_at_once(syncing):
    assert "ひきこもりに関する支援" not in plan_names("ねこもり")
    Synonym.objects.create(words="ねこもり", means="ひきこもり")
    assert "ひきこもりに関する支援" in plan_names("ねこもり")


def test_rebuild_search_index_rebuilds_from_live_pages_only():
    ServicePage.objects.get(plan_name="教育相談").unpublish()
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))
    guides = ExplainerPage.objects.live().count() + PlanPage.objects.live().count()
    assert SearchEntry.objects.count() == 31 + 11 + guides
    assert SearchEntry.objects.filter(entry_type="guide").count() == guides > 0
    assert not SearchEntry.objects.filter(plan_name="教育相談").exists()
