"""Hostile input: thousands of generated requests to the search API, the search page and the household
finder. None may get a server error; the API answers JSON (with `error` on 400); no input is ever
reflected unescaped into HTML.

Hypothesis runs derandomized (the same examples on every run, so CI is repeatable) and without its
example database. The example counts below add up to more than 3,000 requests.
"""

from urllib.parse import quote

import pytest
from django.conf import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from .contract import AGES, AREAS, ATTRIBUTES, KINDS

pytestmark = pytest.mark.django_db

MARKER = "<x-fuzz>\"'"
"""Text that must never come back raw in HTML: a tag and both quote characters."""

LANGUAGES = [code for code, _name in settings.LANGUAGES]
FACETS = {"age": AGES, "attribute": ATTRIBUTES, "area": AREAS, "kind": KINDS}
EXAMPLES = {"api": 1700, "api_raw": 600, "search_page": 500, "navi": 250}


def fuzz_settings(examples):
    return hypothesis_settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# -- strategies -------------------------------------------------------------------------------------------
# Text of every kind a browser, a script or an attacker may send: any code point but lone surrogates
# (which no UTF-8 request can carry), control characters, right-to-left marks, full-width forms, and the marker.
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
hostile_text = st.one_of(
    any_text,
    st.sampled_from(
        [
            MARKER,
            f"認知症{MARKER}",
            "\x00",
            "\x00認知症",
            "\r\n\t\x0b\x0c",
            "\u202e\u200b\ufeff",
            "％ＤＶ＿",
            "' OR 1=1 --",
            '"; DROP TABLE search_searchentry; --',
            "NEAR(a b)",
            'a* OR "b',
            "^^^",
            "{{ 7*7 }}",
            "{% debug %}",
            "${jndi:ldap://x}",
            "../../etc/passwd",
            "𠮷野家",
            "ｶﾀｶﾅ",
            "٣",
            "²",
            "𝟙",
        ]
    ),
    st.builds(lambda t: t * 50, st.sampled_from(["あ", "a ", MARKER, "認知症 ", "\x01"])),
    st.builds(lambda n: "あ" * n, st.integers(min_value=190, max_value=210)),
    st.builds(lambda n: "x" * n, st.integers(min_value=1000, max_value=5000)),
)
number_text = st.one_of(
    st.integers(min_value=-5, max_value=60).map(str),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(
        [
            "",
            " 1",
            "1 ",
            "+1",
            "1.0",
            "1e3",
            "0x10",
            "٣",
            "²",
            "１",
            "NaN",
            "inf",
            "-0",
            "00",
            "9" * 400,
            "9" * 5000,
            "0" * 5000 + "1",
            "10001",
        ]
    ),
    any_text,
)


def facet_values(facet):
    return st.lists(st.one_of(st.sampled_from(FACETS[facet]), hostile_text), max_size=6)


@st.composite
def search_params(draw, with_lang=True):
    """A list of (name, value) pairs: every parameter of CONTRACT §4, repeated, missing, or nonsense."""
    params = []
    if draw(st.booleans()):
        params += [("q", v) for v in draw(st.lists(hostile_text, min_size=1, max_size=3))]
    if with_lang and draw(st.booleans()):
        params.append(("lang", draw(st.one_of(st.sampled_from(LANGUAGES), hostile_text))))
    for facet in FACETS:
        if draw(st.booleans()):
            params += [(facet, v) for v in draw(facet_values(facet))]
    for name in ("page", "page_size"):
        if draw(st.booleans()):
            params.append((name, draw(number_text)))
    if draw(st.integers(0, 4)) == 0:
        params.append((draw(hostile_text) or "x", draw(hostile_text)))
    return params


def query_string(params):
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in params)


# Raw query strings as no well-behaved client sends them: broken percent-escapes, invalid UTF-8, bare names.
raw_query = st.lists(
    st.one_of(
        st.sampled_from(
            ["q=%FF%FE", "q=%", "q=%G1", "q=%E8%AA", "q", "=", "&&", "q=%00", "page=%EF%BC%91", "age=%C0%AF", ";;"]
        ),
        st.builds(
            lambda k, v: f"{k}={v}",
            st.sampled_from(["q", "lang", "age", "area", "page", "page_size", "kind"]),
            st.text(st.sampled_from("%0123456789ABCDEFabcdefg&=+;#?/ \\x<>\"'"), max_size=20),
        ),
    ),
    max_size=6,
).map("&".join)


# -- checks ------------------------------------------------------------------------------------------------
def check_api(response):
    assert response.status_code < 500, response.content[:500]
    assert response.status_code in (200, 400), response.status_code
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    if response.status_code == 400:
        assert set(body) == {"error"} and isinstance(body["error"], str) and body["error"].strip()
    else:
        assert {"query", "lang", "count", "page", "results", "facets"} <= set(body)
        assert body["lang"] in LANGUAGES


def check_html(response):
    assert response.status_code < 500, response.content[:500]
    content = response.content.decode("utf-8")
    assert MARKER not in content, "the marker came back unescaped"
    assert "<x-fuzz>" not in content, "a tag from the query came back unescaped"


# -- targets -----------------------------------------------------------------------------------------------
@fuzz_settings(EXAMPLES["api"])
@given(params=search_params())
def test_api_never_fails_and_always_answers_json(client, params):
    response = client.get(f"/api/search/?{query_string(params)}", HTTP_HOST="localhost")
    check_api(response)


@fuzz_settings(EXAMPLES["api_raw"])
@given(raw=raw_query)
def test_api_survives_malformed_query_strings(client, raw):
    check_api(client.get(f"/api/search/?{raw}", HTTP_HOST="localhost"))


@fuzz_settings(EXAMPLES["search_page"])
@given(lang=st.sampled_from(LANGUAGES), params=search_params(with_lang=False))
def test_search_page_never_fails_nor_reflects_markup(client, lang, params):
    response = client.get(f"/{lang}/search/?{query_string(params)}", HTTP_HOST="localhost")
    check_html(response)
    assert response.status_code in (200, 400)


@pytest.fixture
def navi_url(client):
    response = client.get("/ja/navi/", HTTP_HOST="localhost")
    if response.status_code == 404:
        pytest.skip("the household finder (/<lang>/navi/) is not in this build yet")
    return "/{lang}/navi/"


@st.composite
def navi_params(draw):
    """The finder's own parameters are not fixed here: every facet and step name the finder may read,
    with real and hostile values, plus anything at all."""
    names = ["step", "age", "attribute", "area", "kind", "who", "q", "household", "members", "answer", "back"]
    params = []
    for name in draw(st.lists(st.sampled_from(names), max_size=8)):
        real = FACETS.get(name, ["1", "2", "yes", "no"])
        params.append((name, draw(st.one_of(st.sampled_from(real), hostile_text, number_text))))
    return params


@fuzz_settings(EXAMPLES["navi"])
@given(lang=st.sampled_from(LANGUAGES), params=navi_params())
def test_household_finder_never_fails_nor_reflects_markup(client, navi_url, lang, params):
    response = client.get(f"{navi_url.format(lang=lang)}?{query_string(params)}", HTTP_HOST="localhost")
    check_html(response)


# -- the checks themselves can fail ---------------------------------------------------------------------------
def test_the_html_check_catches_a_raw_marker():
    from django.http import HttpResponse

    with pytest.raises(AssertionError):
        check_html(HttpResponse(f"<p>{MARKER}</p>"))
    check_html(HttpResponse("<p>&lt;x-fuzz&gt;&quot;&#x27;</p>"))


def test_a_marker_in_the_query_comes_back_escaped(client):
    response = client.get(f"/ja/search/?q={quote(MARKER)}", HTTP_HOST="localhost")
    assert response.status_code == 200
    check_html(response)
    assert "&lt;x-fuzz&gt;" in response.content.decode()
