"""The editors' synonyms as the query parser uses them, reloaded when an editor changes one."""

import threading

from .cache import version as current_version
from .models import Synonym
from .parsing import SynonymEntry, SynonymTable

_cache = threading.local()


def synonym_table():
    version = current_version("synonyms")
    cached = getattr(_cache, "table", None)
    if cached is None or _cache.version != version:
        entries = [SynonymEntry(tuple(s.word_list()), tuple(s.means_list())) for s in Synonym.objects.all()]
        _cache.table, _cache.version = SynonymTable(entries), version
    return _cache.table
