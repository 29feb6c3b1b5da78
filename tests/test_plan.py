"""The plan page (/<lang>/plan/): what the system means, the support team, and the plan's indicators with
their exact figures as accessible charts that editors keep up to date."""

import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Revision

from home.indicators import chart, fiscal_year, quantity
from home.models import HomePage, PlanIndicator, PlanPage
from services.content_loader import Loader

from .test_admin import edit_form_data
from .utils import fetch, soup_of

pytestmark = pytest.mark.django_db

LANGUAGES = ["ja", "ja-easy", "en", "zh-hans", "ko", "vi"]

# (indicator name in the plan, current value with its year, target with its year), as the Japanese page
# prints them, copied from 4 計画の評価・見直し of the plan.
PLAN_FIGURES = [
    (
        "課題が混在する複雑な事例のうち、最初に受け付けた機関のみで対応すべき関係機関の整理を完了した割合",
        "86%（令和7年度）",
        "90%（令和11年度）",
    ),
    ("重層的支援会議または支援会議の開催回数", None, "年4回（令和11年度）"),
    ("地域福祉コーディネーターによる困りごと相談会での相談件数", "577件（令和元年度）", "1,120件（令和8年度）"),
    ("相談できる体制に満足している市民の割合", "25.6%（令和7年度）", "上昇（令和13年度）"),
    ("「福祉総合相談」を知っている市民の割合", "10.9%（令和7年度）", "上昇（令和13年度）"),
    ("「地域福祉コーディネーター」を知っている市民の割合", "3.5%（令和7年度）", "上昇（令和13年度）"),
    ("地域での活動やボランティアに取り組んでいる市民の割合", "17.0%（令和7年度）", "上昇（令和13年度）"),
    (
        "家族以外の高齢者や障害等のある方、子育てなどで困っている人手助けをしたことがある市民の割合",
        "70.5%（令和7年度）",
        "上昇（令和13年度）",
    ),
    (
        "どこに相談すればいいか分からない生活上の困りごとを抱えている市民の割合",
        "14.6%（令和7年度）",
        "減少（令和13年度）",
    ),
    (
        "孤独であると感じる市民の割合 (「たまにある」、「時々ある」、「しばしばある・常にある」の計)",
        "38.4%（令和7年度）",
        "減少（令和13年度）",
    ),
]
# Indicators the plan lists without figures (令和8年度以降に記載予定).
PLAN_WITHOUT_FIGURES = [
    "高齢者(要支援1・2もしくは未認定)が「週1回以上地域活動へ参加している」割合",
    "シニアクラブの会員数",
    "シルバー人材センター会員数",
    "介護予防推進センターが行う介護予防教室の延べ参加者数",
    "地域交流ひろばの延べ参加者数",
    "生活支援コーディネーターの配置人数",
    "地域包括支援センターの認知度(18歳以上の市民が「地域包括支援センターを全く知らない」割合)",
    "地域包括支援センターの延べ相談受付件数",
    "就労移行支援事業等を利用した年間一般就労者数",
]


def indicator_items(soup):
    """{indicator name: (figures as "label: text" in order, its chart or None)} as the page shows them."""
    items = {}
    for hidden in soup.select(".visually-hidden"):
        hidden.decompose()
    for item in soup.select("li.indicator"):
        figures = [dd.get_text(" ", strip=True) for dd in item.select('[class*="indicator__figure--"] dd')]
        items[item.select_one(".indicator__name").get_text(strip=True)] = (figures, item.select_one("svg"))
    return items


def accessible_name(svg):
    """The name a screen reader announces: the elements aria-labelledby points at, in order."""
    return " ".join(svg.find(id=ref).get_text(" ", strip=True) for ref in svg["aria-labelledby"].split())


def test_the_plan_page_is_a_single_child_of_the_home_page_at_plan():
    page = PlanPage.objects.live().get()
    assert page.slug == "plan"
    assert isinstance(page.get_parent().specific, HomePage)
    assert PlanPage.max_count == 1
    assert PlanPage.parent_page_types == ["home.HomePage"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_plan_page_is_written_in_every_language(client, language):
    soup, response = fetch(client, f"/{language}/plan/")
    page = PlanPage.objects.get()
    assert page.is_translated(language)
    assert not soup.select(".notice--fallback"), language
    assert len(soup.select("li.pillar")) == 5
    assert len(soup.select("li.indicator")) == len(PLAN_FIGURES) + len(PLAN_WITHOUT_FIGURES)
    assert len(soup.select("li.indicator svg")) == len(PLAN_FIGURES)
    # Each indicator's name is written in the page's language, not left in Japanese.
    names = [item.select_one(".indicator__name").get_text(strip=True) for item in soup.select("li.indicator")]
    if language not in ("ja", "ja-easy", "zh-hans"):
        assert not any(name in names for name, _c, _t in PLAN_FIGURES), language


def test_every_indicator_of_the_plan_shows_its_figure_and_target_exactly(client):
    soup = soup_of(client, "/ja/plan/")
    items = indicator_items(soup)
    for name, current, target in PLAN_FIGURES:
        assert name in items, name
        figures, svg = items[name]
        assert figures[0] == (current or "—"), name
        assert figures[-1] == target, name
        assert svg is not None, name
    for name in PLAN_WITHOUT_FIGURES:
        figures, svg = items[name]
        assert figures == ["—", "—"], name
        assert svg is None, name


def test_each_chart_is_an_image_whose_name_says_the_numbers(client):
    soup = soup_of(client, "/ja/plan/")
    items = indicator_items(soup)
    svg = items[PLAN_FIGURES[0][0]][1]
    assert svg["role"] == "img"
    name = accessible_name(svg)
    assert PLAN_FIGURES[0][0] in name
    assert "86%" in name and "90%" in name and "令和7年度" in name and "令和11年度" in name
    coordinator = accessible_name(items[PLAN_FIGURES[2][0]][1])
    assert "577件" in coordinator and "1,120件" in coordinator
    for svg in soup.select("svg.indicator-chart"):
        assert svg["role"] == "img"
        assert svg.select_one("title") and svg.select_one("desc")
        assert re.search(r"\d", accessible_name(svg)), svg


@pytest.mark.parametrize("language", ["en", "vi", "zh-hans", "ko"])
def test_charts_in_other_languages_say_their_numbers_in_that_language(client, language):
    soup = soup_of(client, f"/{language}/plan/")
    names = [accessible_name(svg) for svg in soup.select("svg.indicator-chart")]
    first = names[0]
    assert "86%" in first and "90%" in first and "2025" in first and "2029" in first
    assert any(("1,120" if language != "vi" else "1.120") in name for name in names)
    # Japanese inside a chart would be wrapped in <span lang="ja">, which breaks out of SVG in a browser.
    for svg in soup.select("svg.indicator-chart"):
        assert not svg.select("span"), language


def test_bars_are_drawn_to_scale_and_a_target_in_words_is_written_not_drawn():
    indicator = PlanIndicator(
        name="テスト", unit="percent", current_value=Decimal("25.6"), current_year=2025, target_text="上昇"
    )
    drawing = chart(indicator, "t", "ja")
    current, target = drawing["rows"]
    assert current["bar"] and not target["bar"] and target["value"] == "上昇"
    full = PlanIndicator(name="テスト", unit="percent", current_value=Decimal("100"), target_value=Decimal("50"))
    bars = [row["bar"]["width"] for row in chart(full, "t", "ja")["rows"]]
    assert bars[0] == pytest.approx(2 * bars[1], rel=0.01)
    assert chart(PlanIndicator(name="空", unit="people"), "t", "ja") is None


def test_figures_and_fiscal_years_are_written_as_each_language_writes_them():
    assert fiscal_year(2019, "ja") == "令和元年度"
    assert fiscal_year(2029, "ja") == "令和11年度"
    assert fiscal_year(2025, "en") == "FY2025"
    assert quantity(Decimal("1120"), "cases", 0, "ja") == "1,120件"
    assert quantity(Decimal("17.00"), "percent", 1, "ja") == "17.0%"
    assert quantity(Decimal("25.6"), "percent", 1, "vi") == "25,6%"
    assert quantity(Decimal("4"), "times_per_year", 0, "en") == "4 times a year"


def test_no_style_attributes_or_style_elements_on_the_plan_page(client):
    for language in LANGUAGES:
        _soup, response = fetch(client, f"/{language}/plan/")
        html = response.content.decode()
        assert not re.search(r"\sstyle\s*=", html), language
        assert "<style" not in html, language
        assert not re.search(r"\son[a-z]+\s*=", html), language


def test_the_home_page_links_to_the_plan_page(client):
    for language in ("ja", "en"):
        soup = soup_of(client, f"/{language}/")
        assert soup.select_one(f'a[href="/{language}/plan/"]'), language


def test_the_support_team_picture_names_who_works_together(client):
    soup = soup_of(client, "/ja/plan/")
    team = soup.select_one("section.support-team")
    assert "あなたと世帯" in team.get_text()
    members = [li.get_text(strip=True) for li in team.select(".support-team__members li")]
    assert any("福祉総合相談窓口" in m for m in members) and any("地域福祉コーディネーター" in m for m in members)
    pillars = [h.get_text(strip=True) for h in team.select(".pillar__name")]
    assert [p.split("：")[0] for p in pillars] == ["相談支援", "参加支援", "地域づくり", "アウトリーチ", "多機関協働"]
    links = [a["href"] for a in team.select(".pillar a")]
    assert "/ja/search/?kind=collaboration" in links


def test_indicators_without_a_figure_are_flagged_for_editors():
    page = PlanPage.objects.get()
    missing = [str(item) for item in page.missing_information()]
    assert any("重層的支援会議または支援会議の開催回数" in item for item in missing)
    assert any("シニアクラブの会員数" in item for item in missing)
    assert not any("相談できる体制に満足している市民の割合" in item for item in missing)


def test_an_editor_updates_a_figure_in_the_admin_and_the_loader_keeps_it(admin_client, client):
    page = PlanPage.objects.get()
    indicator = page.indicators.get(shipped_as="cases-sorted-by-first-window")
    position = list(page.indicators.all()).index(indicator)
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    warning = soup.select_one("[data-missing-information]")
    assert warning is not None, "indicators without figures are flagged"
    assert "—" in warning.get_text() and "シニアクラブの会員数" in warning.get_text()
    data = edit_form_data(admin_client, page)
    assert data[f"indicators-{position}-current_value"] in ("86", "86.00")
    data[f"indicators-{position}-current_value"] = "88"
    data[f"indicators-{position}-current_year"] = "2027"
    data["action-publish"] = "action-publish"
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(".error-message")

    def shown():
        items = indicator_items(soup_of(client, "/ja/plan/"))
        return items[PLAN_FIGURES[0][0]]

    figures, svg = shown()
    assert figures == ["86%（令和7年度）", "88%（令和9年度）", "90%（令和11年度）"]
    assert "88%" in accessible_name(svg)

    revisions = Revision.objects.filter(object_id=str(page.pk)).count()
    report = Loader().load()
    assert "page:plan:indicators:cases-sorted-by-first-window:current_value" in report.kept
    figures, _svg = shown()
    assert figures[1] == "88%（令和9年度）"
    assert Revision.objects.filter(object_id=str(page.pk)).count() == revisions
    # Other indicators are untouched and loading again changes nothing more.
    assert Loader().load().updated == []


def test_a_figure_the_city_corrects_in_the_content_file_reaches_an_untouched_row(tmp_path):
    import shutil

    from services.content_loader import CONTENT_DIR

    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    plan = content / "plan.toml"
    plan.write_text(plan.read_text().replace("target_value = 1120", "target_value = 1200", 1))
    Loader(content).load()
    row = PlanPage.objects.get().indicators.get(shipped_as="coordinator-consultations")
    assert row.target_value == Decimal("1200")


def test_an_indicator_an_editor_deletes_stays_deleted():
    page = PlanPage.objects.get()
    page.indicators = [row for row in page.indicators.all() if row.shipped_as != "senior-club-members"]
    page.save_revision().publish()
    Loader().load()
    assert not PlanPage.objects.get().indicators.filter(shipped_as="senior-club-members").exists()
