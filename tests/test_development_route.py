"""A route for parents of a preschool child with development concerns or a disability (the plan, lines 370–381:
42.4% of them do not know where to consult): the finder and the search lead to the plan's windows, 子ども家庭支援
センター「たち」・子育て世代包括支援センター「みらい」 and 障害者相談支援事業, not only to the general window."""

from urllib.parse import quote

import pytest

from .utils import soup_of

pytestmark = pytest.mark.django_db

CHILD_AND_FAMILY = "/services/child-and-family-consultation/"
DISABILITY = "/services/disability-consultation/"


def test_the_finder_for_an_infant_with_a_disability_offers_the_plans_windows(client):
    soup = soup_of(client, "/ja/navi/?who=family&age=infant&attribute=disability")
    first = soup.select_one("#navi-first-heading").find_parent("section")
    links = [a["href"] for a in first.select(".navi-card a[href^='/ja/services/']")]
    assert any(h.endswith(CHILD_AND_FAMILY) for h in links), links
    assert any(h.endswith(DISABILITY) for h in links), links
    assert "「たち」" in first.get_text() and "「みらい」" in first.get_text()


@pytest.mark.parametrize(
    ("language", "query"),
    [
        ("ja", "発達"),
        ("ja", "発達障害"),
        ("ja", "言葉が遅い"),
        ("ja", "ことばが遅い 3歳"),
        ("ja", "子どもの発達が気になる"),
        ("en", "speech delay"),
        ("zh-hans", "孩子发育"),
        ("ko", "아이 발달"),
        ("vi", "con chậm nói"),
    ],
)
def test_development_worries_reach_the_windows_for_young_children(client, indexed, language, query):
    response = client.get(f"/api/search/?lang={language}&q={quote(query)}&page_size=5")
    assert response.status_code == 200
    urls = [r["url"] for r in response.json()["results"]]
    assert any(u.endswith(CHILD_AND_FAMILY) for u in urls), (query, urls)
    assert any(u.endswith(DISABILITY) for u in urls), (query, urls)
