"""WCAG 2.1 A and AA rules of axe-core (pinned in package.json) on every kind of page, in every language: 0 violations.

The page kinds are found from the site itself, so a new one is checked without editing this file: one page of
every Wagtail page type that is live, every other route linked from the home page, and the kinds a resident
meets only by doing something (a search with and without results, the household finder's answer, a poster,
the 404 page). The accessibility policy page (services/content/pages/06-accessibility.toml) reports these tests.
"""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.urls import Resolver404, resolve

from tests.browser import AXE_JS, PHONE
from tests.contract import CITY_MAIN_PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANGUAGES = [code for code, _name in settings.LANGUAGES]
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " :: " + n.failureSummary.split("\\n")[1]),
  }));
}"""


def site_root():
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_page


def page_path(page):
    """The /ja/… address of a Wagtail page, from its place in the tree."""
    root = site_root()
    return "/ja/" + page.url_path[len(root.url_path) :]


def wagtail_page_kinds():
    """One live page of every page type (every explainer page), plus a service page with the quick exit (women)."""
    from wagtail.models import Page

    from services.models import ServicePage

    root = site_root()
    kinds = {}
    for page in Page.objects.live().public().descendant_of(root, inclusive=True).specific().order_by("path"):
        kind = type(page).__name__
        if kind == "ExplainerPage":  # each explainer carries different blocks (steps, questions and answers)
            kind = f"ExplainerPage {page.slug}"
        if kind not in kinds:
            kinds[kind] = page_path(page)
    quick_exit = ServicePage.objects.live().filter(attributes__slug="women").order_by("path").first()
    if quick_exit:
        kinds["ServicePage (quick exit)"] = page_path(quick_exit)
    return kinds


def route_of(path):
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.url_name or match.view_name


def linked_routes(client):
    """Routes other than Wagtail pages that the home page links to (the header, footer and every section)."""
    html = client.get("/ja/", HTTP_HOST="localhost").content
    routes = {}
    for link in BeautifulSoup(html, "html.parser").select("a[href^='/ja/']"):
        path = link["href"]
        route = route_of(path)
        if route and route != "wagtail_serve" and route not in routes:
            routes[route] = path
    return routes


def page_kinds(client):
    kinds = wagtail_page_kinds()
    kinds.update({f"route {name}": path for name, path in linked_routes(client).items()})
    service = kinds["ServicePage"]
    kinds.update(
        {
            "search with results": "/ja/search/?q=認知症&age=senior",
            "search with no result": "/ja/search/?q=ぴよぴよぱぴぷぺぽ",
            "search with a bad filter": "/ja/search/?age=nobody",
            "poster": service + "poster/",
            "page not found (404)": "/ja/no-such-page/",
        }
    )
    if route_of("/ja/navi/") == "navi":
        kinds["household finder with results"] = "/ja/navi/?who=family&age=senior&age=child&attribute=dementia"
        kinds["household finder memo"] = "/ja/navi/memo/?who=family&age=senior&attribute=dementia"
    return kinds


def test_page_kinds_are_found_from_the_site(client):
    kinds = page_kinds(client)
    for expected in ["HomePage", "ServiceIndexPage", "ServicePage", "AreaIndexPage", "AreaPage", "ExplainerPage about"]:
        assert expected in kinds, f"{expected} is not among {sorted(kinds)}"
    assert kinds["ExplainerPage accessibility"] == "/ja/accessibility/"
    assert "route search" in kinds, "the header's search form is not a link; the search page comes in by name"
    assert kinds["ServicePage (quick exit)"] != kinds["ServicePage"]


def axe_violations(page):
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(AXE_RUN, WCAG_TAGS)


def describe(found):
    lines = []
    for path, violations in found.items():
        for v in violations:
            lines.append(f"{path}: [{v['impact']}] {v['id']}: {v['help']}")
            lines.extend(f"    {node}" for node in v["nodes"])
    return "\n".join(lines)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_kind_of_page_passes_wcag_21_aa_rules(browse, client, language):
    assert AXE_JS.exists(), "node_modules/axe-core is missing: run `npm ci --no-audit --no-fund` (make test does)"
    page = browse.page()
    found = {}
    checked = 0
    for kind, path in page_kinds(client).items():
        path = path.replace("/ja/", f"/{language}/", 1)
        response = page.goto(path)
        expected = {404} if "404" in kind else {200, 400} if "bad" in kind else {200}
        assert response.status in expected, f"{kind} {path}: {response.status}"
        violations = axe_violations(page)
        checked += 1
        if violations:
            found[f"{kind} {path}"] = violations
    assert checked >= 12
    assert not found, "axe-core found WCAG 2.1 A/AA violations:\n" + describe(found)


@pytest.mark.parametrize("path", ["/ja/", "/ja/search/?q=認知症", "/ja/services/welfare-consultation-window/"])
def test_phone_sized_pages_pass_too(browse, path):
    """The narrow layout is what most residents see."""
    page = browse.page(viewport=PHONE)
    page.goto(path)
    violations = axe_violations(page)
    assert not violations, "axe-core found WCAG 2.1 A/AA violations:\n" + describe({path: violations})


def test_the_checker_finds_what_it_should(browse):
    """The harness itself: a page with an unlabelled image and no language is reported, not waved through."""
    page = browse.page()
    page.goto("/ja/")
    page.set_content('<!DOCTYPE html><html><head><title>x</title></head><body><img src="/x.png"></body></html>')
    found = {v["id"] for v in axe_violations(page)}
    assert {"image-alt", "html-has-lang"} <= found


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_policy_page_reports_the_tests_and_claims_only_a_target(client, language):
    """The policy names the axe-core version that package-lock.json pins, and says AA is the goal, not met."""
    import json

    from tests.utils import soup_of

    axe_version = json.loads((AXE_JS.parents[2] / "package-lock.json").read_text())["packages"][
        "node_modules/axe-core"
    ]["version"]
    home = soup_of(client, f"/{language}/")
    link = home.select_one(f'footer a[href="/{language}/accessibility/"]')
    assert link is not None, "the footer does not link to the accessibility policy"
    main = soup_of(client, link["href"]).select_one("main")
    for reading in main.select("rt, rp"):  # Easy Japanese shows furigana
        reading.decompose()
    text = main.get_text("")
    assert "JIS X 8341-3:2016" in text
    assert "axe-core" in text and axe_version in text, f"the policy should name axe-core {axe_version}"
    assert "AA準拠を目標" in text
    assert CITY_MAIN_PHONE in text and "地域福祉推進課" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_places_to_belong_pass_in_every_language(browse, language):
    """Places are entered by editors; `make demo`'s sample places stand in for them (inside this test's
    transaction, which the live server shares on SQLite only)."""
    from django.core.management import call_command
    from django.db import connection

    from services.models import PlacePage

    if connection.vendor != "sqlite":
        pytest.skip("the live server sees this test's sample places only on SQLite (make test runs it there)")
    call_command("load_demo_places", stdout=open("/dev/null", "w"))
    place = PlacePage.objects.live().order_by("path").first()
    assert place is not None
    area = place.get_parent().specific
    paths = [page_path(place), page_path(area), f"/ja/navi/?age=senior&attribute=isolation&area={area.area.slug}"]
    page = browse.page()
    found = {}
    for path in paths:
        path = path.replace("/ja/", f"/{language}/", 1)
        assert page.goto(path).status == 200, path
        if violations := axe_violations(page):
            found[path] = violations
    assert not found, "axe-core found WCAG 2.1 A/AA violations:\n" + describe(found)
