"""相談先ナビ: a household's answers lead to grouped windows, the general window is always there, the
多機関協働 note appears only when troubles span offices, bad input gets a helpful page, and the memo prints
the answer in the visitor's language beside Japanese."""

import re
from urllib.parse import parse_qs, urlsplit

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
    counters = {box["name"]: box["value"] for box in soup.select('.navi-counter input[type="number"]')}
    assert counters["members-senior"] == "2" and counters["members-child"] == "1" and counters["members-adult"] == "0"
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
    counters = {f"members-{slug}" for slug in ("pregnancy", "infant", "child", "youth", "adult", "senior")}
    assert names == {"who", "attribute", "area"} | counters
    assert len(form.select('input[name="attribute"]')) == 15
    # Submitting the form as a browser would: every counter, zeros too; the answer's address keeps the parameters
    # links have always used (who, a repeated age, attribute, area).
    response = client.get(
        "/en/navi/?who=me&members-pregnancy=0&members-infant=0&members-child=0&members-youth=0&members-adult=2"
        "&members-senior=1&attribute=work&area=",
        HTTP_HOST="localhost",
    )
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/en/navi/"
    assert parse_qs(urlsplit(response["Location"]).query) == {
        "who": ["me"],
        "attribute": ["work"],
        "age": ["adult", "adult", "senior"],
    }
    fetch(client, response["Location"])


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


def test_a_link_made_before_the_counters_still_gives_the_answer_and_fills_the_counters(client):
    soup = soup_of(client, "/ja/navi/?who=family&age=senior&age=child&attribute=dementia")
    assert "地域包括支援センター" in section_text(soup, "navi-first-heading")
    counters = {box["name"]: box["value"] for box in soup.select('.navi-counter input[type="number"]')}
    assert counters == {
        "members-pregnancy": "0",
        "members-infant": "0",
        "members-child": "1",
        "members-youth": "0",
        "members-adult": "0",
        "members-senior": "1",
    }
    box = soup.select_one("#navi-count-senior")
    assert box["min"] == "0" and box["max"] == "10" and soup.select_one('label[for="navi-count-senior"]')


@pytest.mark.parametrize("count", ["-1", "abc", "1e3", ""])
def test_a_counter_that_is_not_a_whole_number_counts_as_nobody(client, count):
    response = client.get(f"/ja/navi/?members-senior={count}&members-child=1", HTTP_HOST="localhost")
    assert parse_qs(urlsplit(response["Location"]).query) == {"age": ["child"]}


def test_too_many_members_counted_are_refused_in_words(client):
    response = client.get("/ja/navi/?members-senior=999", HTTP_HOST="localhost", follow=True)
    assert response.status_code == 400
    assert len(response.redirect_chain[0][0]) < 300, "the address stays short"


def test_the_windows_to_talk_to_first_come_before_the_general_window(client):
    soup = soup_of(client, "/ja/navi/?age=senior&attribute=dementia")
    first = soup.select_one("#navi-first-heading")
    general = soup.select_one(".navi-general")
    assert general in first.find_all_next("section")
    # With no answer yet, the general window is the first thing after the title.
    soup = soup_of(client, "/ja/navi/")
    assert soup.select_one("main section").get("class") == ["first-window", "navi-general"]


def test_suggestions_are_for_the_members_ages(client):
    from services.models import ServicePage

    soup = soup_of(client, "/ja/navi/?age=senior&attribute=isolation&attribute=carer")
    suggested = [a["href"] for a in soup.select(".navi-cards .card__title a")]
    assert suggested
    for href in suggested:
        page = ServicePage.objects.live().filter(url_path__endswith=href.removeprefix("/ja")).first()
        if page:
            assert "senior" in {a.slug for a in page.ages.all()}, href


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False])
def test_household_counters_on_a_phone_send_the_same_parameters(browse, javascript):
    from tests.browser import AXE_JS

    page = browse.page(javascript=javascript, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto("/ja/navi/")
    if javascript:
        page.click('#navi-count-senior ~ button[aria-label^="1人増やす"]')
        page.click('#navi-count-senior ~ button[aria-label^="1人増やす"]')
        page.click('#navi-count-child ~ button[aria-label^="1人増やす"]')
        page.click('#navi-count-adult ~ button[aria-label^="1人増やす"]')
        page.locator("#navi-count-adult").evaluate("box => box.previousElementSibling.click()")
        page.locator("#navi-count-adult").evaluate("box => box.previousElementSibling.click()")  # stays at 0
        page.add_script_tag(path=str(AXE_JS))
        violations = page.evaluate(
            "async () => (await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a',"
            " 'wcag21aa']}})).violations.map(v => v.id)"
        )
        assert not violations, violations
    else:
        assert not page.locator(".navi-counter button").count()
        page.fill("#navi-count-senior", "2")
        page.fill("#navi-count-child", "1")
    page.check('input[name="attribute"][value="carer"]')
    page.click(".navi-form button[type=submit]")
    page.wait_for_url("**/ja/navi/?*age=*")
    query = parse_qs(urlsplit(page.url).query)
    assert query["age"] == ["child", "senior", "senior"] and query["attribute"] == ["carer"]
    assert not any(name.startswith("members-") for name in query)
    assert page.locator("#navi-count-senior").input_value() == "2"
