"""Kept search responses and per-process copies (search.cache) never show residents something out of date, and
every search is still counted: publishing, unpublishing, an editor's synonym or label applies at the next request."""

from unittest import mock

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from portal import furigana
from portal.models import DailyCount
from search import querylog, views
from search.models import IndexState, QueryLog, Synonym
from search.parsing import SynonymEntry, SynonymTable, parse
from services.models import Attribute, Reading, ServiceIndexPage, ServicePage

from .factories import ServicePageFactory, SuperuserFactory
from .utils import fetch

pytestmark = pytest.mark.django_db


@pytest.fixture
def syncing(settings, indexed):
    settings.SEARCH_INDEX_ON_PUBLISH = True


@pytest.fixture
def client(client):
    """A browser: searches by clients that do not say what they are are not counted (portal.reach)."""
    client.defaults["HTTP_USER_AGENT"] = "Mozilla/5.0"
    return client


@pytest.fixture
def searches_run():
    """How many times the search itself ran (a response served from the cache does not run it)."""
    with mock.patch.object(views, "run_search", wraps=views.run_search) as spy:
        yield spy


def result_titles(client, url):
    soup, _response = fetch(client, url)
    return [a.get_text(strip=True) for a in soup.select("#search-results .card__title a")]


def test_the_same_search_is_answered_once_and_counted_every_time(client, indexed, searches_run):
    for _ in range(3):
        fetch(client, "/ja/search/?q=認知症")
        fetch(client, "/ja/search/?q=qqqzzzxxx")
    assert searches_run.call_count == 2
    today = timezone.localdate()
    assert QueryLog.objects.get(day=today, query="認知症", language="ja").searches == 3
    nothing = QueryLog.objects.get(day=today, query="qqqzzzxxx", language="ja")
    assert (nothing.searches, nothing.empty) == (3, 3)
    assert DailyCount.objects.get(date=today, metric="search_no_result", language="ja").count == 3


def test_the_api_is_answered_once_and_counted_every_time(client, indexed, searches_run):
    for _ in range(2):
        response = client.get("/api/search/", {"q": "qqqnothingzz", "lang": "en"}, HTTP_USER_AGENT="Mozilla/5.0")
        assert response.json()["count"] == 0
    assert searches_run.call_count == 1
    assert DailyCount.objects.get(metric="search_no_result", language="en").count == 2
    assert QueryLog.objects.get(query="qqqnothingzz", language="en").empty == 2


def test_a_robot_served_from_the_cache_is_still_not_counted(client, indexed):
    client.get("/ja/search/?q=zzqqwwxx", HTTP_USER_AGENT="Mozilla/5.0")
    client.get("/ja/search/?q=zzqqwwxx", HTTP_USER_AGENT="Googlebot/2.1")
    assert DailyCount.objects.get(metric="search_no_result", language="ja").count == 1


def test_a_page_appears_in_the_search_page_right_after_it_is_published(client, syncing):
    assert "すずらん食堂" not in result_titles(client, "/ja/search/?q=すずらん")
    page = ServicePageFactory(parent=ServiceIndexPage.objects.get(), title="すずらん食堂", live=False)
    page.save_revision().publish()
    assert "すずらん食堂" in result_titles(client, "/ja/search/?q=すずらん")
    ServicePage.objects.get(pk=page.pk).unpublish()
    assert "すずらん食堂" not in result_titles(client, "/ja/search/?q=すずらん")


def test_a_page_published_while_the_index_does_not_follow_still_refreshes_the_general_window(client, indexed):
    soup, _r = fetch(client, "/ja/search/?q=認知症")
    assert "みんなの相談口" not in soup.select_one("#ask-heading").get_text()
    window = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    window.title_ja = "みんなの相談口"
    window.save_revision().publish()
    soup, _r = fetch(client, "/ja/search/?q=認知症")
    assert "みんなの相談口" in soup.select_one("#ask-heading").get_text()


def test_an_editors_synonym_applies_to_the_search_page_at_once(client, syncing):
    assert result_titles(client, "/ja/search/?q=ねこもり") == []
    Synonym.objects.create(words="ねこもり", means="ひきこもり")
    assert result_titles(client, "/ja/search/?q=ねこもり")
    response = client.get("/api/search/", {"q": "ねこもり"})
    assert response.json()["count"] > 0


def test_a_renamed_situation_shows_its_new_label_at_once(client, indexed):
    fetch(client, "/en/search/?attribute=housing")
    label = Attribute.objects.get(slug="housing")
    label.name_en = "Somewhere to live (renamed)"
    label.save()
    soup, _r = fetch(client, "/en/search/?attribute=housing")
    assert "Somewhere to live (renamed)" in soup.select_one(".chips--active").get_text()
    facets = client.get("/api/search/", {"lang": "en", "attribute": "housing"}).json()["facets"]["attribute"]
    assert next(v for v in facets if v["slug"] == "housing")["label"] == "Somewhere to live (renamed)"


def test_a_new_situation_is_a_valid_filter_at_once(client, indexed):
    assert client.get("/api/search/", {"attribute": "brand-new"}).status_code == 400
    Attribute.objects.create(name="新しい困りごと", slug="brand-new", sort_order=99)
    assert client.get("/api/search/", {"attribute": "brand-new"}).status_code == 200


def test_furigana_on_and_off_are_kept_apart(client, indexed):
    def has_ruby(**cookies):
        client.cookies.clear()
        for name, value in cookies.items():
            client.cookies[name] = value
        return "<ruby>" in fetch(client, "/ja/search/?q=認知症")[1].content.decode()

    assert not has_ruby()
    assert has_ruby(furigana="on")
    assert not has_ruby()
    assert not has_ruby(furigana="off")
    assert has_ruby(furigana="on")


def test_easy_japanese_shows_readings_unless_turned_off_also_from_the_cache(client, indexed):
    assert "<ruby>" in fetch(client, "/ja-easy/search/?q=かいご")[1].content.decode()
    client.cookies["furigana"] = "off"
    assert "<ruby>" not in fetch(client, "/ja-easy/search/?q=かいご")[1].content.decode()


def test_asking_for_furigana_still_sets_the_cookie_every_time(client, indexed):
    for _ in range(2):
        client.cookies.clear()
        response = client.get("/ja/search/?q=認知症&furigana=on")
        assert response.cookies["furigana"].value == "on"


def test_an_editor_who_has_signed_in_is_never_served_a_kept_page(client, indexed, searches_run):
    editor = SuperuserFactory(username="editor")
    client.force_login(editor)
    fetch(client, "/ja/search/?q=認知症")
    fetch(client, "/ja/search/?q=認知症")
    assert searches_run.call_count == 2


def test_a_bad_request_is_kept_with_its_400(client, indexed, searches_run):
    for _ in range(2):
        response = client.get("/api/search/", {"page": "0"})
        assert response.status_code == 400
        assert "page" in response.json()["error"]
    fetch(client, "/ja/search/?page=0", status=400)
    fetch(client, "/ja/search/?page=0", status=400)
    assert searches_run.call_count == 0


def test_with_the_cache_off_every_search_runs(client, indexed, searches_run, settings):
    settings.SEARCH_RESPONSE_CACHE_SECONDS = 0
    fetch(client, "/ja/search/?q=認知症")
    fetch(client, "/ja/search/?q=認知症")
    assert searches_run.call_count == 2


def test_the_query_log_buffer_writes_every_n_searches_and_on_flush(settings, db):
    settings.SEARCH_LOG_BUFFER = 3
    settings.SEARCH_LOG_FLUSH_SECONDS = 3600
    querylog.record("ばっふぁ", "ja", True)
    querylog.record("ばっふぁ", "ja", False)
    assert not QueryLog.objects.filter(query="ばっふぁ").exists()
    querylog.record("ばっふぁ", "ja", True)
    row = QueryLog.objects.get(query="ばっふぁ")
    assert (row.searches, row.empty) == (3, 1)
    querylog.record("ばっふぁ", "ja", True)
    querylog.flush()
    assert QueryLog.objects.get(query="ばっふぁ").searches == 4


def test_the_admin_report_includes_searches_not_yet_written(settings, db):
    settings.SEARCH_LOG_BUFFER = 100
    settings.SEARCH_LOG_FLUSH_SECONDS = 3600
    querylog.record("まだのことば", "ja", True)
    summary = querylog.daily_summary()
    assert any(row.query == "まだのことば" for day in summary for row in day["top"])


def test_the_reach_csv_includes_counts_not_yet_written(settings, client, admin_client, indexed):
    settings.SEARCH_LOG_BUFFER = 100
    settings.SEARCH_LOG_FLUSH_SECONDS = 3600
    fetch(client, "/ja/search/?q=zzqqxxyy")
    csv = admin_client.get("/admin/reports/reach.csv").content.decode("utf-8-sig")
    assert ",search_no_result,ja,1" in csv, csv


@pytest.mark.parametrize(
    "query",
    [
        "치매를 상담",
        "외로워요",
        "가정폭력",
        "domestic violence at home",
        "家賃が払えない",
        "やちんが はらえない",
        "생활비 돈",
    ],
)
def test_the_synonym_index_finds_what_trying_every_phrase_finds(query):
    """SynonymTable.find narrows the phrases it tries; trying every phrase must find the same."""
    entries = [SynonymEntry(tuple(s.word_list()), tuple(s.means_list())) for s in Synonym.objects.all()]
    entries += [SynonymEntry(("치", "외로움", "가정 폭력", "돈"), ("x",)), SynonymEntry(("violence home",), ("DV",))]
    table = SynonymTable(entries)
    every = SynonymTable(entries)
    every._forms_by_first = {}
    for index, (_phrase, forms) in enumerate(every.japanese):
        for form in forms:
            every._forms_by_first.setdefault(form[0], []).append((index, form))
    every._worded_by_key = {}
    every._worded_always = list(range(len(every.worded)))
    assert list(table.find(query)) == list(every.find(query))
    assert parse(query, "ko", table) == parse(query, "ko", every)


def test_a_reading_an_editor_corrects_shows_in_a_kept_search_page_at_once(client, indexed, monkeypatch):
    monkeypatch.setattr(furigana, "VERSION_CHECK_SECONDS", 0)
    client.cookies["furigana"] = "on"
    url = "/ja/search/?q=認知症"
    assert "にんちしょうテスト" not in fetch(client, url)[1].content.decode()
    reading = Reading.objects.update_or_create(word="認知症", defaults={"reading": "にんちしょうテスト"})[0]
    assert "<rt>にんちしょうテスト</rt>" in fetch(client, url)[1].content.decode()
    reading.delete()
    assert "にんちしょうテスト" not in fetch(client, url)[1].content.decode()


def test_a_view_restriction_takes_a_page_out_of_the_search_and_lifting_it_brings_it_back(client, syncing):
    page = ServicePageFactory(parent=ServiceIndexPage.objects.get(), title="すずらん食堂", live=False)
    page.save_revision().publish()
    assert "すずらん食堂" in result_titles(client, "/ja/search/?q=すずらん")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert "すずらん食堂" not in result_titles(client, "/ja/search/?q=すずらん")
    assert client.get("/api/search/", {"q": "すずらん"}).json()["count"] == 0
    restriction.delete()
    assert "すずらん食堂" in result_titles(client, "/ja/search/?q=すずらん")


def test_the_cache_header_says_hit_or_miss_only_when_enabled(client, indexed, settings):
    assert "X-Search-Cache" not in client.get("/api/search/", {"q": "認知症"})
    settings.SEARCH_CACHE_HEADER = True
    assert client.get("/api/search/", {"q": "介護"})["X-Search-Cache"] == "miss"
    assert client.get("/api/search/", {"q": "介護"})["X-Search-Cache"] == "hit"
    assert client.get("/ja/search/", {"q": "介護"})["X-Search-Cache"] == "miss"
    settings.SEARCH_RESPONSE_CACHE_SECONDS = 0
    assert "X-Search-Cache" not in client.get("/api/search/", {"q": "介護"})


def test_the_tokens_read_once_per_request_follow_every_bump(db):
    before = IndexState.read(("directory", "never-bumped"))
    assert before == {"directory": IndexState.current("directory"), "never-bumped": 0}
    IndexState.bump("directory")
    first = IndexState.read(("directory", "never-bumped"))
    assert first["directory"] == IndexState.current("directory") not in (0, before["directory"])
    assert first["never-bumped"] == 0
    IndexState.bump("directory")
    assert IndexState.read(("directory",))["directory"] not in (0, first["directory"])


def test_a_marked_search_page_is_not_kept_twice_but_an_ordinary_page_is(client, indexed):
    """Searches are mostly asked once: their pages with Japanese marked (other languages) or with readings (Easy
    Japanese) are not kept by the markers' page caches, which the response cache already stands in for; the
    pages everyone sees still are."""
    from portal import inline_language

    inline_language._pages.clear()
    converter = furigana.furigana()
    converter.pages.clear()
    for number in range(3):
        fetch(client, f"/en/search/?q=care{number}")
        fetch(client, f"/ja-easy/search/?q=かいご{number}")
    assert not inline_language._pages
    assert not converter.pages
    fetch(client, "/en/")
    assert len(inline_language._pages) == 1
    fetch(client, "/ja-easy/")
    assert len(converter.pages) == 1
