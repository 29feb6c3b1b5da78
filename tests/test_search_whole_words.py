"""A query word that is a word of its own in an entry counts for more than the same word found only inside a
longer word of another entry (親 in ひとり親): the database backends (SQLite FTS5, PostgreSQL) rank them so,
and still find both."""

import pytest

from portal.text import analyze, part_token
from search.backends.base import SearchRequest
from search.backends.database import DatabaseBackend
from search.models import SearchEntry

pytestmark = pytest.mark.django_db

SINGLE_PARENT = {"ひとり親家庭自立支援事業", "ひとり親家庭自立支援相談事業"}


def test_the_index_marks_the_words_inside_a_compound():
    assert part_token("親") == "part親"
    tokens = analyze("ひとり親家庭の支援", "ja")
    assert "ひとり親家庭" in tokens and part_token("親") in tokens and "親" not in tokens
    assert "親" in analyze("親の年金で暮らしている", "ja")


def tokens_of(plan_name):
    entry = SearchEntry.objects.get(plan_name=plan_name)
    return set(f"{entry.title_ja} {entry.text_ja}".split())


def plan_names(text, size=20):
    """The programs found, in order (guides, which have no plan_name, left out)."""
    return [h.plan_name for h in DatabaseBackend().search(SearchRequest(text=text, page_size=size)).hits if not h.guide]


def test_entries_with_the_word_itself_come_before_those_with_it_inside_a_longer_word():
    found = plan_names("親")
    whole = [name for name in found if "親" in tokens_of(name)]
    inside = [name for name in found if "親" not in tokens_of(name)]
    assert whole and SINGLE_PARENT <= set(inside)  # both are found
    assert all(part_token("親") in tokens_of(name) for name in inside)
    assert found == whole + inside, found


def test_a_single_parent_program_does_not_outrank_the_word_itself_in_a_longer_query():
    found = plan_names("仕事がない 親の年金")
    first_whole = min(i for i, name in enumerate(found) if "親" in tokens_of(name))
    assert all(found.index(name) > first_whole for name in SINGLE_PARENT if name in found), found
    assert "ひとり親家庭自立支援事業" != found[0]
