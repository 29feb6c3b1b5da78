"""PostgreSQL: GIN indexes on the titles alone, which relevance asks about (a word in the title counts more).

Without them each new word's title lookup scanned every entry: seconds at 100,000 entries.
"""

from django.db import migrations

LANGUAGES = ("ja", "ja_easy", "en", "zh_hans", "ko", "vi")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for lang in LANGUAGES:
            schema_editor.execute(
                f"CREATE INDEX search_entry_title_{lang} ON search_searchentry "
                f"USING gin ((to_tsvector('simple'::regconfig, title_{lang})))"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for lang in LANGUAGES:
            schema_editor.execute(f"DROP INDEX IF EXISTS search_entry_title_{lang}")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(create, drop)]
