"""Resident-style queries in six languages, written before tuning: the right program in the top 5 for ≥ 95%."""

import tomllib
from pathlib import Path

import pytest

from search.queries import DirectorySearch

pytestmark = pytest.mark.django_db

QUERIES = tomllib.loads((Path(__file__).parent / "queries.toml").read_text())["query"]
TARGET = 0.95


def top_plan_names(query):
    result = DirectorySearch(query["lang"]).search(query["q"]).run(page=1, page_size=5)
    return [hit.plan_name for hit in result.results]


def test_the_set_covers_six_languages_and_all_programs():
    assert len(QUERIES) >= 80
    assert {q["lang"] for q in QUERIES} == {"ja", "ja-easy", "en", "zh-hans", "ko", "vi"}
    assert len({name for q in QUERIES for name in q["expect"]}) == 32


def test_hit_at_5_is_at_least_95_percent(indexed):
    misses = []
    for query in QUERIES:
        found = top_plan_names(query)
        if not set(found) & set(query["expect"]):
            misses.append(f"[{query['lang']}] {query['q']} → {found[:3]} (want {query['expect'][:2]})")
    rate = 1 - len(misses) / len(QUERIES)
    print(f"\nhit@5 = {rate:.1%} over {len(QUERIES)} queries")
    assert rate >= TARGET, "\n".join([f"hit@5 {rate:.1%}", *misses])


# The blind sets (tuning_blind.toml, heldout.toml): written by a helper who saw neither the code nor the synonyms.
# Changes may be tuned on the tuning half only; the held-out half is frozen and reported apart; 95% on each.
BLIND = {
    name: tomllib.loads((Path(__file__).parent / f"{name}.toml").read_text())["query"]
    for name in ("tuning_blind", "heldout")
}


def hit_rate(queries):
    misses = []
    for query in queries:
        found = top_plan_names(query)
        if not set(found) & set(query["expect"]):
            misses.append(f"[{query['lang']}] {query['q']} → {found[:3]} (want {query['expect'][:2]})")
    return 1 - len(misses) / len(queries), misses


@pytest.mark.parametrize("name", list(BLIND))
def test_blind_sets_report_hit_at_5_apart(indexed, name):
    rate, misses = hit_rate(BLIND[name])
    print(f"\n{name}: hit@5 = {rate:.1%} over {len(BLIND[name])} queries (target {TARGET:.0%})")
    print("\n".join(misses))
    assert rate >= TARGET, "\n".join([f"{name} hit@5 {rate:.1%}", *misses])
