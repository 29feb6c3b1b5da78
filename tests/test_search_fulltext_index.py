"""The database's full-text index follows SearchEntry by itself, keeps no second copy of the words, and matches
what the earlier index matched: SQLite's external-content FTS5 table (triggers), PostgreSQL's stored vectors."""

import importlib
from types import SimpleNamespace

import pytest
from django.db import connection

from search.backends import database
from search.backends.database import DatabaseBackend, FullText, _postgres_lookups, _through_indexes, fts_terms
from search.documents import build_document, live_entries
from search.models import SEARCH_LANGUAGES, SearchEntry

pytestmark = pytest.mark.django_db

migration = importlib.import_module("search.migrations.0007_stored_fulltext")


def ids(token, languages=("ja",), titles_only=False):
    return sorted(FullText().ids_with(token, list(languages), titles_only=titles_only))


def entry(page_id, **tokens):
    return SearchEntry.objects.create(page_id=page_id, path=f"9{page_id:05d}", **tokens)


def sqlite_index_is_sound():
    """FTS5's own check that its index holds exactly the words of SearchEntry's rows."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('integrity-check')")
    return True


def test_an_entry_is_found_by_its_words_after_each_write_and_not_after_its_removal():
    first = entry(1, title_ja="ひまわり 食堂", text_ja="こども 食事")
    other = entry(2, text_en="sunflower")
    assert ids("ひまわり") == [first.pk] and ids("こども") == [first.pk]
    assert ids("ひまわり", titles_only=True) == [first.pk] and ids("こども", titles_only=True) == []
    first.title_ja, first.text_ja = "すずらん", "ひまわり"
    first.save()
    assert ids("すずらん", titles_only=True) == [first.pk]
    assert ids("ひまわり", titles_only=True) == [] and ids("ひまわり") == [first.pk] and ids("こども") == []
    assert ids("sunflower", ("en", "ja")) == [other.pk]
    first.delete()
    assert ids("ひまわり") == [] and ids("すずらん") == [] and ids("sunflower", ("en",)) == [other.pk]
    assert sqlite_index_is_sound()


def test_a_word_of_several_terms_matches_them_one_after_another_in_one_column():
    together = entry(1, text_en="covid 19 test")
    reversed_ = entry(2, text_en="19 covid")  # both terms, the other way round
    apart = entry(3, title_en="covid", text_en="test 19")  # both terms, in two columns
    assert ids("covid 19", ("en",)) == [together.pk]
    assert ids("covid", ("en",)) == [together.pk, reversed_.pk, apart.pk]
    assert ids("COVID, 19", ("en",)) == [together.pk]
    assert ids("-", ("en",)) == []


def test_many_words_read_at_once_match_each_word_read_alone():
    """A search reads all its words in one query (one round trip on PostgreSQL): the same entries per word."""
    entry(1, title_ja="ひまわり 食堂", text_ja="こども 食事")
    entry(2, title_ja="こども", text_en="covid 19 test")
    entry(3, text_ja="ひまわり", text_en="19 covid")
    lookups = [
        ("ひまわり", False),
        ("ひまわり", True),
        ("こども", False),
        ("こども", True),
        ("covid 19", False),
        ("19", True),
        ("ない", False),
    ]
    together = [[int(i) for i in text.split()] for text in FullText().id_texts_many(lookups, ["en", "ja"])]
    alone = [FullText().ids_with(token, ["en", "ja"], titles_only=titles_only) for token, titles_only in lookups]
    assert [sorted(found) for found in together] == [sorted(found) for found in alone]
    assert [len(found) for found in together] == [2, 1, 2, 1, 1, 0, 0]


def test_a_rebuild_indexes_every_entry_once_and_leaves_the_index_following_writes():
    documents = [d for d in (build_document(page) for page in live_entries()) if d]
    DatabaseBackend().rebuild(documents)
    assert SearchEntry.objects.count() == len(documents) > 30
    assert len(ids("認知症")) == SearchEntry.objects.filter(text_ja__regex=r"(^| )認知症( |$)").count() > 0
    assert sqlite_index_is_sound()
    added = entry(1, text_ja="あたらしい言葉")  # the triggers (SQLite) and indexes (PostgreSQL) are back
    assert ids("あたらしい言葉") == [added.pk]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'search_searchentry'")
            assert {row[0] for row in cursor.fetchall()} == {
                "search_fts_insert",
                "search_fts_delete",
                "search_fts_update",
            }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'search_searchentry'")
            names = {row[0] for row in cursor.fetchall()}
        assert {f"search_entry_vector_{lang}" for lang in SEARCH_LANGUAGES} <= names
        assert {f"search_entry_title_vector_{lang}" for lang in SEARCH_LANGUAGES} <= names


def test_a_failed_rebuild_leaves_the_index_as_it_was():
    before = ids("認知症")
    assert before

    def documents():
        yield from (d for d in (build_document(page) for page in live_entries()) if d)
        raise RuntimeError("a page failed")

    with pytest.raises(RuntimeError):
        DatabaseBackend().rebuild(documents())
    assert ids("認知症") == before
    added = entry(1, text_ja="あたらしい言葉")
    assert ids("あたらしい言葉") == [added.pk]


def test_stored_tokens_are_single_terms_each_once_so_no_match_needs_positions():
    tokens = set()
    for row in SearchEntry.objects.values(*(f"{k}_{lang}" for lang in SEARCH_LANGUAGES for k in ("title", "text"))):
        for value in row.values():
            words = value.split()
            assert len(words) == len(set(words))
            tokens.update(words)
    assert len(tokens) > 1000
    assert [t for t in tokens if fts_terms(t) != [t]] == []
    if connection.vendor == "postgresql":
        # The stored vectors take each token as a lexeme: the same as PostgreSQL's parser makes of the text.
        differ = " OR ".join(
            f"search_vector_{lang} <> strip(to_tsvector('simple', title_{lang}) || to_tsvector('simple', text_{lang}))"
            f" OR search_title_vector_{lang} <> strip(to_tsvector('simple', title_{lang}))"
            for lang in SEARCH_LANGUAGES
        )
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM search_searchentry WHERE {differ}")
            assert cursor.fetchone()[0] == 0


def test_postgresql_rows_keep_their_long_values_out_of_line():
    """Migration 0008: a common word reads the heap page of every entry it finds, so the rows keep only short
    values inline (the token text, vectors and display JSON go to the TOAST table)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's storage parameter")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'search_searchentry'")
        assert "toast_tuple_target=128" in (cursor.fetchone()[0] or [])


def test_postgresql_reads_the_words_of_a_small_directory_through_its_indexes():
    """A sequential scan of a small table reads every row's vectors out of TOAST for each word: the planner's
    choice without `_through_indexes` (here made the cheapest by its costs whatever the table's size); the
    setting that keeps it off is gone after the statement."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner")
    entry(1, title_ja="ひまわり 食堂", text_ja="こども 食事", text_en="sunflower")
    entry(2, title_ja="こども", text_en="covid 19 test")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
        cursor.execute("SET LOCAL seq_page_cost = 0.001")  # rolled back with the test's transaction
        cursor.execute("SET LOCAL cpu_operator_cost = 0")
        for languages in (("ja",), ("en", "ja")):
            cursor.execute(
                _through_indexes("EXPLAIN " + _postgres_lookups(languages)), [["こども", "食堂"], [False, True]]
            )
            cursor.nextset()
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Seq Scan" not in plan and plan.count("Bitmap Index Scan on search_entry_") == 2 * len(languages)
        FullText().id_texts_many([("こども", False), ("covid 19", False)], ["en", "ja"])  # the second read alone
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"


class Editor:
    """What the migration's functions use of Django's schema editor; SQLite's own refuses to run inside the
    test's transaction, which rolls the schema back afterwards on both databases."""

    connection = connection

    @staticmethod
    def execute(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)


def test_the_migration_keeps_every_entry_both_ways():
    found = {token: ids(token, ("ja", "en")) for token in ("認知症", "相談", "dementia")}
    titles = ids("認知症", titles_only=True)
    assert all(found.values()) and titles
    migration.backwards(None, Editor)
    if connection.vendor == "sqlite":  # the table of 0002, with its own copy of the words
        assert {token: ids(token, ("ja", "en")) for token in found} == found
    migration.forwards(None, Editor)
    assert {token: ids(token, ("ja", "en")) for token in found} == found
    assert ids("認知症", titles_only=True) == titles
    assert sqlite_index_is_sound()


def test_the_words_kept_per_process_are_bounded_by_their_bytes():
    """TokenMasks keeps words' bit sets up to a number of bytes, not of words: at a small directory that is every
    word residents type (none is read twice), at a large one fewer, larger sets; the oldest go first."""
    sets = SimpleNamespace(version=1, position={i: i for i in range(1000)}, ids=list(range(1000)))
    small = database.TOKEN_ENTRY_BYTES + 1000 // 8
    masks = database.TokenMasks(limit=10 * small)
    for number in range(25):
        masks._keep((f"word{number}", ("ja",), False), f"{number} 999", sets)
    assert list(masks.masks) == [(f"word{n}", ("ja",), False) for n in range(15, 25)]
    assert masks.size == sum(database._cost(mask) for mask in masks.masks.values()) <= masks.limit
    masks._keep(("word24", ("ja",), False), "1 2 3 999", sets)  # the same word read again counts once
    assert len(masks.masks) == 10 and masks.size <= masks.limit
    sets.version = 2
    masks.load([], ["ja"], sets)
    assert not masks.masks and masks.size == 0
