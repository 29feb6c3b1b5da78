"""PostgreSQL keeps SearchEntry's rows narrow: every long value (the token text, the stored vectors, the display
JSON) in the TOAST table, so that the heap holds little more than each entry's id, path and facets.

A word's entries are found through a GIN index, then read from the heap for their ids: a common word visits
every heap page. With PostgreSQL's default, rows were filled up to about 2 KB inline (1.8 KB an entry: 181 MB at
100,000 entries, more than the default shared_buffers of 128 MB); with `toast_tuple_target` at its minimum the
heap is 57 MB, and the in-process API's p95 at 100,000 entries went from 446 to 199 ms. Rows take the setting
when they are written: at the next `rebuild_search_index`. SQLite is unchanged (its full-text index
answers from its own tables).
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchentry SET (toast_tuple_target = 128)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchentry RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [("search", "0007_stored_fulltext")]

    operations = [migrations.RunPython(forwards, backwards)]
