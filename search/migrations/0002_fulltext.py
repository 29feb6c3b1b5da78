"""The full-text index over SearchEntry's token columns: an FTS5 table on SQLite, GIN indexes on PostgreSQL."""

from django.db import migrations

LANGUAGES = ("ja", "ja_easy", "en", "zh_hans", "ko", "vi")


def vector(lang):
    return (
        f"(setweight(to_tsvector('simple'::regconfig, title_{lang}), 'A') || "
        f"to_tsvector('simple'::regconfig, text_{lang}))"
    )


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        columns = ", ".join(f"{kind}_{lang}" for lang in LANGUAGES for kind in ("title", "text"))
        # The ascii tokenizer keeps every non-ASCII character inside a token: the analyser has already split words.
        schema_editor.execute(f"CREATE VIRTUAL TABLE search_fts USING fts5({columns}, tokenize = 'ascii')")
    elif vendor == "postgresql":
        for lang in LANGUAGES:
            schema_editor.execute(
                f"CREATE INDEX search_entry_fts_{lang} ON search_searchentry USING gin ({vector(lang)})"
            )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")
    elif vendor == "postgresql":
        for lang in LANGUAGES:
            schema_editor.execute(f"DROP INDEX IF EXISTS search_entry_fts_{lang}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
