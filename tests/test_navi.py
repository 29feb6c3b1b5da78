"""相談先ナビ: a household's answers lead to grouped windows, the general window is always there, the
多機関協働 note appears only when troubles span offices, bad input gets a helpful page, and the memo prints
the answer in the visitor's language beside Japanese."""

import re

import pytest

from services.models import AgeGroup, AreaPage, PlaceSchedule
from services.navi.finder import spans_fields
from services.navi.form import NaviAnswer

from .contract import CITY_MAIN_PHONE, HTML_LANG, LANGUAGES, NAME_LOCAL
from .factories import PlacePageFactory
from .utils import fetch, soup_of

pytestmark = pytest.mark.django_db

MAIN_TEL = "tel:" + CITY_MAIN_PHONE.replace("-", "")
HOUSEHOLD = "/ja/navi/?who=family&age=senior&age=youth&attribute=elderly-care&attribute=isolation"


def section_text(soup, heading_id):
    return soup.select_one(f"#{heading_id}").find_parent("section").get_text(" ", strip=True)


def assert_general_window(soup):
    general = soup.select_one(".navi-general")
    assert general is not None
    assert "福祉総合相談窓口" in general.get_text()
    assert general.select_one(f'a[href="{MAIN_TEL}"]')


def test_an_elderly_parent_and_a_son_who_stays_home_get_grouped_windows(client):
    soup = soup_of(client, HOUSEHOLD)
    first = section_text(soup, "navi-first-heading")
    connect = section_text(soup, "navi-connect-heading")
    assert "地域包括支援センター" in first
    assert "ひきこもりに関する支援" in connect
    assert "地域包括支援センター" not in connect, "a window is listed in one group only"
    assert soup.select_one("#navi-community-heading"), "activities in the area are a group of their own"
    assert_general_window(soup)
    assert soup.select_one('meta[name="robots"]')["content"] == "noindex"


def test_the_household_keeps_several_members_of_the_same_age(client):
    soup = soup_of(client, "/ja/navi/?age=senior&age=senior&age=child&attribute=carer")
    chosen = [s.select_one("option[selected]") for s in soup.select('select[name="age"]')]
    assert [o["value"] for o in chosen if o] == ["senior", "senior", "child"]
    assert len(soup.select('select[name="age"]')) >= 4, "there is always an empty row for one more person"
    household = soup.select_one(".navi-answer").get_text(" ", strip=True)
    assert re.search(r"高齢者（65歳以上）\s*[:：]\s*2", household), household


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?who=me",
        "?age=&age=&area=",
        "?age=pregnancy&attribute=dementia&area=koremasa",
        "?age=infant&attribute=housing&attribute=women&attribute=community",
    ],
)
def test_the_general_window_is_always_there(client, query):
    soup = soup_of(client, "/ja/navi/" + query)
    assert_general_window(soup)
    assert soup.select_one("form#navi-form")


def test_the_bare_form_is_indexable_and_shows_no_results(client):
    soup = soup_of(client, "/ja/navi/")
    assert soup.select_one('meta[name="robots"]') is None
    assert soup.select_one("#navi-first-heading") is None


def test_the_team_note_shows_only_when_troubles_span_offices(client):
    soup = soup_of(client, HOUSEHOLD)
    note = soup.select_one(".navi-together")
    assert note is not None and "多機関協働" in note.get_text()
    assert note.select_one('a[href$="/working-together/"]')
    for query in ["?age=senior&attribute=elderly-care&attribute=dementia", "?age=child&attribute=school", "?who=me"]:
        assert soup_of(client, "/ja/navi/" + query).select_one(".navi-together") is None, query


def test_troubles_span_offices_by_situation_or_by_member():
    assert spans_fields(NaviAnswer(ages=["infant", "senior"], attributes=["child-rearing", "elderly-care"]))
    assert spans_fields(NaviAnswer(attributes=["poverty", "housing"]))
    assert not spans_fields(NaviAnswer(ages=["senior"], attributes=["elderly-care", "carer"]))
    assert not spans_fields(NaviAnswer(ages=["senior", "youth"]))
    assert not spans_fields(NaviAnswer(attributes=["single-parent", "child-rearing"]))


def test_the_form_works_without_javascript(client):
    soup = soup_of(client, "/en/navi/")
    form = soup.select_one("form#navi-form")
    assert form["method"] == "get" and form["action"] == "/en/navi/"
    assert not soup.select("script:not([src]):not([type='application/ld+json'])")
    legends = [legend.get_text(strip=True) for legend in form.select("fieldset > legend")]
    assert len(legends) == 4
    for control in form.select("select, input"):
        labelled = control.find_parent("label") or form.select_one(f'label[for="{control.get("id")}"]')
        assert labelled, f"{control} has no label"
    names = {c["name"] for c in form.select("select, input")}
    assert names == {"who", "age", "attribute", "area"}
    assert len(form.select('input[name="attribute"]')) == 15
    # Submitting the form as a browser would: every row, empty ones too.
    fetch(client, "/en/navi/?who=me&age=adult&age=&age=&attribute=work&area=")


@pytest.mark.parametrize(
    "query",
    [
        "?age=martian",
        "?attribute=elderly-care&attribute=boredom",
        "?area=atlantis",
        "?who=everyone",
        "?age=" + "&age=".join(["adult"] * 11),
        "?age=%00",
        "?area=" + "x" * 5000,
    ],
)
def test_bad_answers_get_a_helpful_page_not_an_error(client, query):
    soup = soup_of(client, "/ja/navi/" + query, status=400)
    assert soup.select_one('[role="alert"]')
    assert soup.select_one("form#navi-form")
    assert_general_window(soup)
    soup_of(client, "/ja/navi/memo/" + query, status=400)


def test_answers_that_were_understood_stay_chosen_after_an_error(client):
    soup = soup_of(client, "/ja/navi/?attribute=dementia&attribute=boredom&area=chuo", status=400)
    assert soup.select_one('input[value="dementia"]').has_attr("checked")
    assert soup.select_one('#navi-area option[value="chuo"]').has_attr("selected")


def test_the_memo_puts_the_visitors_language_beside_japanese(client):
    query = "?who=family&age=senior&age=youth&attribute=elderly-care&attribute=isolation"
    results = soup_of(client, "/en/navi/" + query)
    memo_link = results.select_one(".navi-take a")["href"]
    assert memo_link.startswith("/en/navi/memo/?") and "attribute=isolation" in memo_link
    soup = soup_of(client, memo_link)
    assert soup.select_one('meta[name="robots"]')["content"] == "noindex"
    table = soup.select_one("table.memo-table")
    assert [th["lang"] for th in table.select("thead th")] == ["ja", "en"], "Japanese first, for the counter"
    rows = table.select("tbody tr")
    assert rows and all([td["lang"] for td in row.select("td")] == ["ja", "en"] for row in rows)
    japanese = " ".join(row.select("td")[0].get_text(" ", strip=True) for row in rows)
    english = " ".join(row.select("td")[1].get_text(" ", strip=True) for row in rows)
    assert "Ageing and care" in english and "高齢・介護" in japanese
    assert "Community General Support Centers" in english and "高齢の方の暮らしと介護の相談" in japanese
    assert "福祉総合相談窓口" in japanese
    assert "高齢者支援課" in japanese, "the department to ask for, in Japanese for the counter"
    assert soup.select_one(f'a[href="{MAIN_TEL}"]')


def test_the_memo_in_japanese_has_one_column(client):
    soup = soup_of(client, "/ja/navi/memo/?age=senior&attribute=dementia")
    table = soup.select_one("table.memo-table")
    assert all(len(row.select("td")) == 1 for row in table.select("tbody tr"))
    assert "地域包括支援センター" in table.get_text()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_navi_and_memo_render_in_every_language(client, language):
    query = "?who=neighbour&age=senior&age=child&attribute=carer&attribute=school&area=chuo"
    soup = soup_of(client, f"/{language}/navi/{query}")
    assert soup.html["lang"] == HTML_LANG[language]
    assert soup.select_one("#navi-first-heading")
    assert_general_window(soup)
    soup_of(client, f"/{language}/navi/")
    memo = soup_of(client, f"/{language}/navi/memo/{query}")
    columns = [th.get_text(strip=True) for th in memo.select("table.memo-table thead th")]
    assert columns == ([] if language == "ja" else ["日本語", NAME_LOCAL[language]])


def test_home_and_every_footer_lead_to_the_navi(client):
    soup = soup_of(client, "/en/")
    assert soup.select_one('.site-footer a[href="/en/navi/"]')
    assert soup.select_one('main a[href="/en/navi/"]')


def test_the_navi_answers_only_get_and_head(client):
    assert client.post("/ja/navi/", HTTP_HOST="localhost").status_code == 405
    assert client.head("/ja/navi/?age=senior", HTTP_HOST="localhost").status_code == 200


def test_places_to_belong_in_the_chosen_area_are_listed_with_their_next_date(client):
    PlacePageFactory(
        parent=AreaPage.objects.get(area__slug="chuo"),
        title="テストのサロン",
        slug="test-salon",
        summary="高齢の方のためのサロンです。",
        schedules=[PlaceSchedule(frequency=PlaceSchedule.WEEKLY, weekday=2)],
        ages=[AgeGroup.objects.get(slug="senior")],
    )
    soup = soup_of(client, "/ja/navi/?age=senior&attribute=elderly-care&area=chuo")
    community = soup.select_one("#navi-community-heading").find_parent("section")
    listed = community.find("a", string="テストのサロン")
    assert listed is not None
    assert listed.find_parent("li").select_one("time[datetime]")
    elsewhere = soup_of(client, "/ja/navi/?age=senior&attribute=elderly-care&area=nishifu")
    assert elsewhere.find("a", string="テストのサロン") is None
