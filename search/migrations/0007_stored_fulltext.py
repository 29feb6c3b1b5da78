"""The full-text index without a second copy of the words, and PostgreSQL's vectors stored instead of recomputed.

SQLite: `search_fts` becomes an external-content FTS5 table over `search_searchentry` (the words are kept once,
in SearchEntry's token columns), with `detail=column` (which entries and columns have a word, no positions:
an analysed token is one FTS5 term, so a query word never needs positions; `FullText` checks the rare word of
several terms itself). Triggers keep it in step with every insert, update and delete of an entry. With each
word kept once per column (`unique_words`), the search tables at 10,000 synthetic entries went from 78 KB an
entry (SearchEntry 36, the FTS5 copy 31, its index 11) to 25 KB (SearchEntry 21, the index 4).

PostgreSQL: each language gets two stored generated `tsvector` columns (title and text; the title alone), the
analysed tokens as lexemes without positions, with a GIN index each, replacing the expression indexes of 0002 and
0003. A query reads the stored vector instead of calling `to_tsvector()` on the text of every row it scans.

Both keep every entry: the SQLite index is rebuilt from the table, the PostgreSQL columns are computed by
PostgreSQL for the existing rows.
"""

from django.db import migrations

LANGUAGES = ("ja", "ja_easy", "en", "zh_hans", "ko", "vi")
COLUMNS = [f"{kind}_{lang}" for lang in LANGUAGES for kind in ("title", "text")]


def _sqlite_triggers():
    names = ", ".join(COLUMNS)
    new = ", ".join(f"new.{name}" for name in COLUMNS)
    old = ", ".join(f"old.{name}" for name in COLUMNS)
    insert = f"INSERT INTO search_fts (rowid, {names}) VALUES (new.id, {new});"
    delete = f"INSERT INTO search_fts (search_fts, rowid, {names}) VALUES ('delete', old.id, {old});"
    return [
        f"CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN {insert} END",
        f"CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN {delete} END",
        f"CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN {delete} {insert} END",
    ]


def _title_vector(lang):
    return f"to_tsvector('simple'::regconfig, title_{lang})"


def _vector(lang):
    return f"(setweight({_title_vector(lang)}, 'A') || to_tsvector('simple'::regconfig, text_{lang}))"


def _words(column):
    return f"string_to_array({column}, ' ')"


def _stored(lang):
    """The stored vectors: each token of the columns as a lexeme, without positions. The analyser's tokens are
    single lexemes of PostgreSQL's parser already, so this is `strip(to_tsvector('simple', …))` of the same text,
    made three times faster (no parsing); a query word of several lexemes is checked as a phrase against the
    expressions above, on the few entries with all of them."""
    return {
        f"search_vector_{lang}": (
            f"array_to_tsvector(array_remove(array_cat({_words(f'title_{lang}')}, {_words(f'text_{lang}')}), ''))"
        ),
        f"search_title_vector_{lang}": f"array_to_tsvector(array_remove({_words(f'title_{lang}')}, ''))",
    }


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE search_fts USING fts5({', '.join(COLUMNS)}, content = 'search_searchentry', "
            "content_rowid = 'id', tokenize = 'ascii', detail = column)"
        )
        for trigger in _sqlite_triggers():
            schema_editor.execute(trigger)
        schema_editor.execute("INSERT INTO search_fts (search_fts) VALUES ('rebuild')")
    elif vendor == "postgresql":
        for lang in LANGUAGES:
            schema_editor.execute(f"DROP INDEX IF EXISTS search_entry_fts_{lang}")
            schema_editor.execute(f"DROP INDEX IF EXISTS search_entry_title_{lang}")
        columns = {name: sql for lang in LANGUAGES for name, sql in _stored(lang).items()}
        schema_editor.execute(
            "ALTER TABLE search_searchentry "
            + ", ".join(f"ADD COLUMN {name} tsvector GENERATED ALWAYS AS ({sql}) STORED" for name, sql in columns.items())
        )
        # No statistics on the vectors: with them the planner picks a sequential scan for a common word, and its
        # cost model ignores reading every row's vector out of TOAST (half a second at 10,000 entries, against
        # 35 ms through the index). Without them it estimates a few rows and always asks the GIN index.
        # Nor compression: a vector of distinct words does not shrink, and trying costs a tenth of an insert.
        schema_editor.execute(
            "ALTER TABLE search_searchentry "
            + ", ".join(f"ALTER COLUMN {name} SET STATISTICS 0, ALTER COLUMN {name} SET STORAGE EXTERNAL" for name in columns)
        )
        # Without fastupdate a query never reads through a list of pending additions; a rebuild recreates them.
        for lang in LANGUAGES:
            for kind in ("vector", "title_vector"):
                schema_editor.execute(
                    f"CREATE INDEX search_entry_{kind}_{lang} ON search_searchentry "
                    f"USING gin (search_{kind}_{lang}) WITH (fastupdate = off)"
                )
        schema_editor.execute("ANALYZE search_searchentry")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for name in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS search_fts_{name}")
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")
        names = ", ".join(COLUMNS)
        schema_editor.execute(f"CREATE VIRTUAL TABLE search_fts USING fts5({names}, tokenize = 'ascii')")
        schema_editor.execute(
            f"INSERT INTO search_fts (rowid, {names}) SELECT id, {names} FROM search_searchentry"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE search_searchentry "
            + ", ".join(
                f"DROP COLUMN search_vector_{lang}, DROP COLUMN search_title_vector_{lang}" for lang in LANGUAGES
            )
        )
        for lang in LANGUAGES:
            schema_editor.execute(
                f"CREATE INDEX search_entry_fts_{lang} ON search_searchentry USING gin ({_vector(lang)})"
            )
            schema_editor.execute(
                f"CREATE INDEX search_entry_title_{lang} ON search_searchentry USING gin (({_title_vector(lang)}))"
            )


class Migration(migrations.Migration):
    dependencies = [("search", "0006_index_outbox")]

    operations = [migrations.RunPython(forwards, backwards)]
