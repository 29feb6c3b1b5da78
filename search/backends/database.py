"""The database backend: full text in the database (SQLite FTS5, PostgreSQL tsvector), facets in memory.

The full-text engine finds and ranks the entries that match each group of the query. Facet membership is
held in each process as bit sets over the entries in the editors' order, so that the disjunctive counts of
every facet value are a few integer ANDs, whatever the size of the directory. The bit sets are reloaded
when the index's version (`IndexState`) changes.
"""

import functools
import itertools
import math
import re
import threading
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction

from portal import languages
from portal.text import is_japanese, part_token
from services import facets
from services.models import GUIDE

from ..cache import version as current_version
from ..models import SEARCH_LANGUAGES, IndexState, SearchEntry
from ..parsing import parse
from ..synonyms import synonym_table
from .base import FACETS, FacetCount, Hit, SearchBackend, SearchResult

TITLE_BONUS = 1.5
"""How much more a word of the query counts when it is in an entry's title (1.5 more: 2.5 times)."""

TOKEN_CACHE_BYTES = 24 * 1024 * 1024
"""How much of the words' bit sets each process keeps (TokenMasks), counted as each set's bytes plus
TOKEN_ENTRY_BYTES: at the shipped content (49 entries) about 90,000 words (every word of every language, so no
word is read twice), at 100,000 entries (12 KB a set) about 2,000."""
TOKEN_ENTRY_BYTES = 250
"""A kept word's own cost beside its bit set: the key (the word, its languages), the int, the dict's slot."""

ROW_CACHE_SIZE = 5000
"""Entries whose result rows each process keeps (EntryRows); one is about 2 KB (its text in six languages)."""

MIN_RESULTS = 5
"""Below this many entries with every word of a query, entries with some of its words are shown too."""

BULK_BATCH = 2000
"""Documents a rebuild takes at once; their entries go to the database together (PostgreSQL: one COPY; SQLite:
one prepared INSERT)."""

FACET_FIELDS = facets.FIELDS

ENTRY_FIELDS = [field for field in SearchEntry._meta.concrete_fields if not field.primary_key]
"""The columns a rebuild writes, in its rows' order."""
_DISPLAY = SearchEntry._meta.get_field("display")


def column(language):
    return languages.get(language).column


def unique_words(tokens):
    """An entry's tokens for one column, each once, in first-seen order: matching asks only whether an entry's
    column has a word (ranking uses no counts or positions), so repeats only make the table and its index larger.
    Each analysed token is a single full-text term on both databases, so every query word matches the same
    entries with or without the repeats."""
    return " ".join(dict.fromkeys(tokens.split()))


def to_mask(positions, size):
    """The bit set of `positions` (each below `size`; one at `size` stands for none and is dropped), written as the
    number's binary digits, a byte a position, and read by int() at once: fewer Python operations a position than
    setting each bit of a bytearray."""
    digits = bytearray(b"0") * (size + 1)
    for position in positions:
        digits[position] = 49  # "1"
    del digits[size]
    digits.reverse()
    return int(digits, 2) if size else 0


def mask_of_ids(id_text, position, size):
    """The bit set of the entries whose ids `id_text` lists (decimal, separated by spaces), by their positions
    in `position` ({id: position}); ids it lacks (an entry added since the positions were read) are left out.
    A common word matches most entries: one string from the database costs half of a row an id (at 100,000
    entries, 100,000 ids: 25 ms instead of 55 ms with the rows and the bits set one by one)."""
    return to_mask(map(position.get, map(int, id_text.split()), itertools.repeat(size)), size)


def iter_positions(mask):
    """The set bits of `mask`, lowest first."""
    data = mask.to_bytes((mask.bit_length() + 7) // 8, "little")
    for index, byte in enumerate(data):
        while byte:
            low = byte & -byte
            yield index * 8 + low.bit_length() - 1
            byte ^= low


@dataclass
class FacetSets:
    version: int
    ids: list
    position: dict
    masks: dict
    citywide: int
    everything: int
    guides: int = 0
    """The guides (explainer pages, the plan page): their text ranks as words inside longer words do."""

    @classmethod
    def load(cls, version):
        rows = list(
            SearchEntry.objects.order_by("path").values_list(
                "id", "entry_type", "citywide", "ages", "attributes", "areas", "kinds"
            )
        )
        size = len(rows)
        members = {facet: {} for facet in FACETS}
        citywide, guides = [], []
        for position, (_id, entry_type, is_citywide, *facet_values) in enumerate(rows):
            if is_citywide:
                citywide.append(position)
            if entry_type == GUIDE:
                guides.append(position)
            for facet, value in zip(FACETS, facet_values, strict=True):
                for slug in value.split():
                    members[facet].setdefault(slug, []).append(position)
        return cls(
            version=version,
            ids=[row[0] for row in rows],
            position={row[0]: i for i, row in enumerate(rows)},
            masks={facet: {slug: to_mask(p, size) for slug, p in values.items()} for facet, values in members.items()},
            citywide=to_mask(citywide, size),
            everything=(1 << size) - 1,
            guides=to_mask(guides, size),
        )

    def value_mask(self, facet, slug):
        mask = self.masks[facet].get(slug, 0)
        return mask | self.citywide if facet == "area" else mask

    def selection_mask(self, facet, slugs):
        mask = 0
        for slug in slugs:
            mask |= self.value_mask(facet, slug)
        return mask


_cache = threading.local()


def facet_sets():
    version = current_version("directory")
    cached = getattr(_cache, "sets", None)
    if cached is None or cached.version != version or getattr(_cache, "alias", None) != connection.alias:
        _cache.sets = FacetSets.load(version)
        _cache.alias = connection.alias
    return _cache.sets


FTS_COLUMNS = [f"{kind}_{lang}" for lang in SEARCH_LANGUAGES for kind in ("title", "text")]
"""SearchEntry's token columns, which the full-text index covers (in this order on SQLite)."""

_FTS_SEPARATORS = re.compile(r"[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def fts_terms(text):
    """The terms SQLite's `ascii` tokenizer makes of `text`: ASCII letters and digits and every other character
    belong to a term, ASCII punctuation and spaces separate terms, ASCII letters are folded to lower case."""
    return [term for term in _FTS_SEPARATORS.split(text.translate(_ASCII_LOWER)) if term]


def _sqlite_triggers():
    """The triggers that keep the external-content FTS5 table in step with SearchEntry (as migration 0007 makes
    them): an external-content table is told each change, and a removal must name the words that were indexed."""
    names = ", ".join(FTS_COLUMNS)
    new = ", ".join(f"new.{name}" for name in FTS_COLUMNS)
    old = ", ".join(f"old.{name}" for name in FTS_COLUMNS)
    insert = f"INSERT INTO search_fts (rowid, {names}) VALUES (new.id, {new});"
    delete = f"INSERT INTO search_fts (search_fts, rowid, {names}) VALUES ('delete', old.id, {old});"
    return {
        "search_fts_insert": f"CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN {insert} END",
        "search_fts_delete": f"CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN {delete} END",
        "search_fts_update": (
            f"CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN {delete} {insert} END"
        ),
    }


def postgres_vector(lang):
    """A PostgreSQL entry's words in one language with their positions (the title's weighted A): what the stored
    `search_vector_<lang>` holds without positions, for checking a phrase."""
    return (
        f"(setweight(to_tsvector('simple'::regconfig, title_{lang}), 'A') || "
        f"to_tsvector('simple'::regconfig, text_{lang}))"
    )


def postgres_title_vector(lang):
    return f"to_tsvector('simple'::regconfig, title_{lang})"


def _postgres_indexes():
    """The GIN indexes on the stored vectors (migration 0007), by name."""
    indexes = {}
    for lang in SEARCH_LANGUAGES:
        indexes[f"search_entry_vector_{lang}"] = f"search_vector_{lang}"
        indexes[f"search_entry_title_vector_{lang}"] = f"search_title_vector_{lang}"
    return {
        name: f"CREATE INDEX {name} ON search_searchentry USING gin ({vector}) WITH (fastupdate = off)"
        for name, vector in indexes.items()
    }


def _postgres_match(name, languages, kinds):
    """The condition that an entry has the token in parameter `name` in `kinds` of any of `languages`. The stored
    vectors have no positions: they give the entries with every lexeme of the token, and when it has several
    (never for a word the analyser made) the phrase is checked on those entries' text."""
    arms = []
    for lang in languages:
        lang = column(lang)
        if kinds == ("title", "text"):
            stored, phrase = f"search_vector_{lang}", postgres_vector(lang)
        else:
            stored, phrase = f"search_title_vector_{lang}", postgres_title_vector(lang)
        phrase_query = f"phraseto_tsquery('simple', %({name})s)"
        arms.append(
            f"({stored} @@ plainto_tsquery('simple', %({name})s) AND "
            f"(numnode({phrase_query}) = 1 OR {phrase} @@ {phrase_query}))"
        )
    return f"({' OR '.join(arms)})"


def _through_indexes(select):
    """`select` run with the planner kept off sequential scans, in the same round trip: it picks one for a small
    table, whose cost model ignores reading each row's vector from TOAST (migration 0008 keeps the rows narrow),
    so that each word read every entry's vectors (at 49 entries, 0.3 ms a word in two languages against 0.02 ms
    through the GIN indexes). At 10,000 entries and more it asks the indexes anyway (the vectors have no
    statistics, migration 0007). Django's cursors bind parameters client-side, so the statements go as one simple
    query: one transaction in autocommit; inside a transaction the setting would last until its end, so it is
    put back after the SELECT. The caller moves to the SELECT's rows with `cursor.nextset()`."""
    return f"SET LOCAL enable_seqscan = off; {select}; RESET enable_seqscan"


@functools.cache
def _postgres_lookups(languages):
    """One statement for many `(token, titles_only)` lookups, given as two arrays: per lookup, in order, its
    number, whether its token is one lexeme (else `FullText.id_text` reads it with the phrase check), and the
    ids of the entries whose stored vectors (title, or title and text) in any of `languages` have it. One plan for
    every lookup: at 49 entries, 29 lookups planned one by one (a UNION ALL of subqueries) took 4 ms to plan."""

    def matching(kind):
        match = " OR ".join(
            f"search_{kind}_{column(lang)} @@ plainto_tsquery('simple', lookup.token)" for lang in languages
        )
        return f"(SELECT string_agg(id::text, ' ') FROM search_searchentry WHERE {match})"

    return (
        "SELECT lookup.number, numnode(phraseto_tsquery('simple', lookup.token)) = 1, "
        f"CASE WHEN lookup.titles_only THEN {matching('title_vector')} ELSE {matching('vector')} END "
        "FROM unnest(%s::text[], %s::boolean[]) WITH ORDINALITY AS lookup(token, titles_only, number) "
        "ORDER BY lookup.number"
    )


class FullText:
    """Vendor-specific full-text queries over SearchEntry's token columns.

    SQLite: `search_fts`, an external-content FTS5 table over SearchEntry (the words are stored once, in
    SearchEntry) with `detail=column`, kept in step by triggers on every write to SearchEntry. PostgreSQL: the
    stored generated columns `search_vector_<lang>` (title and text) and `search_title_vector_<lang>`, without
    positions, each with a GIN index. Both are made by migration 0007: a later migration that remakes search_searchentry
    on SQLite (Django copies the table to alter a column) drops the triggers and must create them again.
    """

    def __init__(self):
        self.vendor = connection.vendor

    # -- matching -------------------------------------------------------------------------------
    def ids_with(self, token, languages, titles_only=False):
        """Ids of the entries whose text (or only title) in any of `languages` has `token`."""
        return [int(i) for i in self.id_text(token, languages, titles_only).split()]

    def id_text(self, token, languages, titles_only=False):
        """The same ids as decimal text separated by spaces: the database joins them into one string
        (group_concat, string_agg), which costs far less than a row each when a word matches most entries."""
        kinds = ("title",) if titles_only else ("title", "text")
        if self.vendor == "postgresql":
            return self._ids_postgres(token, languages, kinds)
        columns = [f"{kind}_{column(lang)}" for lang in languages for kind in kinds]
        terms = fts_terms(token)
        if len(terms) <= 1:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT group_concat(rowid, ' ') FROM search_fts WHERE search_fts MATCH %s",
                    ["{" + " ".join(columns) + '} : "' + token.replace('"', '""') + '"'],
                )
                return cursor.fetchone()[0] or ""
        return " ".join(str(i) for i in self._ids_with_phrase(terms, columns))

    @staticmethod
    def _ids_with_phrase(terms, columns):
        """A token of several FTS5 terms (never one the analyser makes, whose tokens have no ASCII punctuation)
        matches as a phrase: the terms one after another in one column. The index has no positions
        (`detail=column`), so it gives the entries with every term and their text is checked here."""
        query = "{" + " ".join(columns) + "} : (" + " AND ".join('"' + t.replace('"', '""') + '"' for t in terms) + ")"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, {', '.join(columns)} FROM search_searchentry WHERE id IN "
                "(SELECT rowid FROM search_fts WHERE search_fts MATCH %s)",
                [query],
            )
            rows = cursor.fetchall()
        size = len(terms)
        found = []
        for entry_id, *texts in rows:
            for text in texts:
                words = fts_terms(text or "")
                if any(words[i : i + size] == terms for i in range(len(words) - size + 1)):
                    found.append(entry_id)
                    break
        return found

    def id_texts_many(self, lookups, languages):
        """For each `(token, titles_only)` of `lookups`, the text `id_text` gives: on PostgreSQL in one query (one
        round trip for all the words of a search instead of three per word), on SQLite one by one (in process)."""
        if self.vendor != "postgresql" or not lookups:
            return [self.id_text(token, languages, titles_only=titles_only) for token, titles_only in lookups]
        with connection.cursor() as cursor:
            cursor.execute(
                _through_indexes(_postgres_lookups(tuple(languages))),
                [[token for token, _titles in lookups], [titles for _token, titles in lookups]],
            )
            cursor.nextset()
            rows = cursor.fetchall()
        # A token of one lexeme needs no phrase check (every word the analyser makes); one of several, rare, is
        # read alone with it.
        return [
            (text or "") if single else self.id_text(token, languages, titles_only=titles_only)
            for (token, titles_only), (_number, single, text) in zip(lookups, rows, strict=True)
        ]

    def _ids_postgres(self, token, languages, kinds):
        with connection.cursor() as cursor:
            cursor.execute(
                _through_indexes(
                    "SELECT string_agg(id::text, ' ') FROM search_searchentry "
                    f"WHERE {_postgres_match('token', languages, kinds)}"
                ),
                {"token": token},
            )
            cursor.nextset()
            return cursor.fetchone()[0] or ""

    # -- keeping the full-text index in step with SearchEntry -------------------------------------
    # Both databases follow each write to SearchEntry by themselves (triggers on SQLite, generated columns on
    # PostgreSQL); only a bulk rebuild asks for something else.
    @contextmanager
    def bulk(self):
        """Around replacing many entries inside one transaction: the index is built once at the end instead of
        row by row (SQLite: the triggers are dropped, then FTS5 rebuilds from the table; PostgreSQL: the GIN
        indexes are dropped and created again). On an error the transaction's rollback restores them."""
        if not connection.in_atomic_block:
            raise RuntimeError("FullText.bulk() runs inside transaction.atomic()")
        with connection.cursor() as cursor:
            if self.vendor == "sqlite":
                for name in _sqlite_triggers():
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            elif self.vendor == "postgresql":
                for name in _postgres_indexes():
                    cursor.execute(f"DROP INDEX IF EXISTS {name}")
        yield
        with connection.cursor() as cursor:
            if self.vendor == "sqlite":
                cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('rebuild')")
                for sql in _sqlite_triggers().values():
                    cursor.execute(sql)
            elif self.vendor == "postgresql":
                cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
                for sql in _postgres_indexes().values():
                    cursor.execute(sql)
                cursor.execute("ANALYZE search_searchentry")


RANKED_GROUPS = 6
"""Relevance uses the query's rarest groups up to this many (every group still selects the results)."""


PART_WEIGHT = 0.1
"""How much a query word found only inside a longer word (親 in ひとり親) counts beside the word itself."""


def _by_relevance(part, groups):
    """Splits `part` into masks from the most relevant to the least.

    Each entry has, for each group of the query, one of four states: the group's words are in its title, in
    its text as words of their own, only inside longer words (親 in ひとり親), or absent. Entries with the same
    states score the same, so instead of scoring each entry, the combinations of states are visited from the
    highest score down (only the states some entry of `part` is in).
    """
    if not groups:
        yield part
        return
    ranked = sorted(groups, key=lambda g: -g[3])[:RANKED_GROUPS]
    options = []
    for anywhere, whole, in_title, rarity in ranked:
        states = [
            (0.0, ~anywhere),
            (rarity * PART_WEIGHT, anywhere & ~whole),
            (rarity, whole & ~in_title),
            (rarity * (1.0 + TITLE_BONUS), in_title),
        ]
        options.append([(score, mask) for score, mask in states if mask & part])
    combinations = sorted(itertools.product(*options), key=lambda combo: -sum(score for score, _mask in combo))
    for combo in combinations:
        mask = part
        for _score, state in combo:
            mask &= state
            if not mask:
                break
        if mask:
            yield mask


def _cost(mask):
    return mask.bit_length() // 8 + TOKEN_ENTRY_BYTES


class TokenMasks:
    """Per process: for each word, the entries that have it, as a bit set; reloaded with the index."""

    def __init__(self, limit=TOKEN_CACHE_BYTES):
        self.limit = limit
        self.version = None
        self.masks = OrderedDict()
        self.size = 0

    def _check_version(self, sets):
        if self.version != sets.version:
            self.masks.clear()
            self.size = 0
            self.version = sets.version

    def load(self, lookups, languages, sets):
        """Reads the bit sets of the `(token, titles_only)` lookups not kept yet, all at once."""
        self._check_version(sets)
        missing = list(dict.fromkeys(k for k in lookups if k[0] and (k[0], tuple(languages), k[1]) not in self.masks))
        if not missing:
            return
        for (token, titles_only), ids in zip(missing, FullText().id_texts_many(missing, languages), strict=True):
            self._keep((token, tuple(languages), titles_only), ids, sets)

    def _keep(self, key, id_text, sets):
        mask = mask_of_ids(id_text, sets.position, len(sets.ids))
        old = self.masks.get(key)
        self.size += _cost(mask) - (_cost(old) if old is not None else 0)
        self.masks[key] = mask
        while self.size > self.limit and self.masks:
            self.size -= _cost(self.masks.popitem(last=False)[1])
        return mask

    def mask(self, token, languages, sets, titles_only=False):
        self._check_version(sets)
        key = (token, tuple(languages), titles_only)
        mask = self.masks.get(key)
        if mask is None:
            return self._keep(key, FullText().id_text(token, languages, titles_only=titles_only), sets)
        self.masks.move_to_end(key)
        return mask


class EntryRows:
    """Per process: what the results show of each entry (its facets, its title, summary and address in every
    language), read once from SearchEntry and kept until the index changes, at most `limit` entries."""

    def __init__(self, limit=ROW_CACHE_SIZE):
        self.limit = limit
        self.version = None
        self.rows = OrderedDict()

    def get(self, ids, version):
        if self.version != version:
            self.rows.clear()
            self.version = version
        missing = [i for i in ids if i not in self.rows]
        if missing:
            for row in SearchEntry.objects.filter(id__in=missing).values(
                "id",
                "page_id",
                "entry_type",
                "plan_name",
                "citywide",
                "ages",
                "attributes",
                "areas",
                "kinds",
                "display",
            ):
                self.rows[row["id"]] = row
        found = {}
        for i in ids:
            if i in self.rows:
                self.rows.move_to_end(i)
                found[i] = self.rows[i]
        while len(self.rows) > self.limit:
            self.rows.popitem(last=False)
        return found


def _per_connection(name, make):
    """This thread's `name` object for the current database connection (a new one when the alias changes)."""
    kept = getattr(_cache, name, None)
    if kept is None or getattr(_cache, f"{name}_alias", None) != connection.alias:
        kept = make()
        setattr(_cache, name, kept)
        setattr(_cache, f"{name}_alias", connection.alias)
    return kept


def entry_rows():
    return _per_connection("rows", EntryRows)


def token_masks():
    return _per_connection("tokens", TokenMasks)


class DatabaseBackend(SearchBackend):
    name = "database"

    # -- searching ------------------------------------------------------------------------------
    def search(self, request):
        sets = facet_sets()
        languages = list(dict.fromkeys([request.language, "ja"]))
        parsed = parse(request.text, request.language, synonym_table())
        scores = {}
        if parsed:
            text_mask = self._text_mask(parsed, languages, sets, scores)
        else:
            text_mask = sets.everything

        selections = {f: sets.selection_mask(f, request.selected(f)) for f in FACETS if request.selected(f)}
        final = text_mask
        for mask in selections.values():
            final &= mask

        facets = {}
        for facet in FACETS:
            base = text_mask
            for other, mask in selections.items():
                if other != facet:
                    base &= mask
            chosen = set(request.selected(facet))
            facets[facet] = {
                slug: FacetCount(slug, (base & sets.value_mask(facet, slug)).bit_count(), slug in chosen)
                for slug in sets.masks[facet]
            }

        count = final.bit_count()
        start = (request.page - 1) * request.page_size
        areas = request.selected("area")
        local = sets.selection_mask("area", areas) & ~sets.citywide if areas else 0
        page_positions = self._page(final, local, scores, start, request.page_size, sets.guides)
        hits = self._hits([sets.ids[p] for p in page_positions], request.language, sets.version)
        return SearchResult(request=request, count=count, hits=hits, facets=facets)

    def _text_mask(self, parsed, languages, sets, scores):
        """The entries the query's words select, and in `scores` what ranking needs: per group, where it matched."""
        tokens = token_masks()
        lookups = []
        for group in parsed.groups:
            for alternative in group.alternatives:
                for token in alternative.tokens:
                    inside = part_token(token) if is_japanese(token) else ""
                    lookups += [(token, False), (inside, False), (token, True)]
        for phrase in parsed.phrases:
            lookups += [(token, titles_only) for token in phrase for titles_only in (False, True)]
        tokens.load(lookups, languages, sets)
        groups = []
        for group in parsed.groups:
            anywhere = whole = in_title = 0
            for alternative in group.alternatives:
                alt_any, alt_whole, alt_title = sets.everything, sets.everything, sets.everything
                for token in alternative.tokens:
                    own = tokens.mask(token, languages, sets)
                    alt_whole &= own
                    # A Japanese word also matches inside a longer word (親 in ひとり親), ranked below.
                    inside = part_token(token) if is_japanese(token) else ""
                    alt_any &= own | tokens.mask(inside, languages, sets) if inside else own
                    alt_title &= tokens.mask(token, languages, sets, titles_only=True)
                anywhere |= alt_any
                whole |= alt_whole
                in_title |= alt_title & alt_whole
            # A guide explains many programs in its text: there its words rank as if inside longer words, so
            # that the programs themselves come first; in its title they count in full.
            whole &= ~sets.guides | in_title
            groups.append((anywhere, whole, in_title))
        mask = sets.everything
        for anywhere, _whole, _title in groups:
            mask &= anywhere
        if mask.bit_count() < MIN_RESULTS and len(groups) > 1:
            # Few or no entries have every word: take those with any, the ones with the rarest words first.
            for anywhere, _whole, _title in groups:
                mask |= anywhere
        # How rare a word is, among the directory's own entries: the guides' long texts would make every word
        # they explain look common.
        directory = sets.everything & ~sets.guides
        size = max(1, directory.bit_count())

        def rarity(found):
            return math.log(1 + size / max(1, (found & directory).bit_count()))

        scores["groups"] = [
            (anywhere, whole, in_title, group.weight * rarity(anywhere))
            for (anywhere, whole, in_title), group in zip(groups, parsed.groups, strict=True)
        ]
        for phrase in parsed.phrases:
            # An entry that writes a stretch of the query as it was typed (a name: 困りごと相談会) ranks above
            # one that has its words apart; the stretch selects nothing of its own.
            written = in_title = sets.everything
            for token in phrase:
                written &= tokens.mask(token, languages, sets)
                in_title &= tokens.mask(token, languages, sets, titles_only=True)
            if written & mask:
                scores["groups"].append((written, written, written & in_title, rarity(written)))
        return mask

    @staticmethod
    def _page(final, local, scores, start, size, guides=0):
        """The positions of one page of results: the chosen area's own entries first, then by relevance
        when there are words (rare words and words in the title count most), the directory's entries before
        guides that rank the same, then in the editors' order."""
        if not final:
            return []
        end = start + size
        ordered = []
        for part in ((final & local), (final & ~local)) if local else (final,):
            for tier in _by_relevance(part, scores.get("groups", [])):
                for mask in (tier & ~guides, tier & guides) if tier & guides else (tier,):
                    for position in iter_positions(mask):
                        ordered.append(position)
                        if len(ordered) >= end:
                            return ordered[start:end]
        return ordered[start:end]

    @staticmethod
    def _hits(ids, language, version):
        rows = entry_rows().get(ids, version)
        hits = []
        for entry_id in ids:
            row = rows[entry_id]
            shown = row["display"].get(language) or row["display"].get("ja") or {}
            hits.append(
                Hit(
                    page_id=row["page_id"],
                    title=shown.get("title", ""),
                    summary=shown.get("summary", ""),
                    url=shown.get("url", ""),
                    plan_name=row["plan_name"],
                    kinds=row["kinds"].split(),
                    ages=row["ages"].split(),
                    attributes=row["attributes"].split(),
                    areas=row["areas"].split(),
                    citywide=row["citywide"],
                    entry_type=row["entry_type"],
                )
            )
        return hits

    # -- indexing -------------------------------------------------------------------------------
    @staticmethod
    def _values(document):
        """The entry's column values for `document` (every field but the id), by field name."""
        values = document.stored_fields()
        for facet, field_name in FACET_FIELDS.items():
            values[field_name] = " ".join(document.facets.get(facet, []))
        tokens = document.tokens()
        for lang in SEARCH_LANGUAGES:
            title, text = tokens.get(lang.replace("_", "-"), ("", ""))
            values[f"title_{lang}"] = unique_words(title)
            values[f"text_{lang}"] = unique_words(text)
        return values

    @classmethod
    def _entry(cls, document, existing=None):
        entry = existing or SearchEntry(page_id=document.page_id)
        for name, value in cls._values(document).items():
            setattr(entry, name, value)
        return entry

    def index(self, documents):
        documents = list(documents)
        if not documents:
            return
        with transaction.atomic():
            existing = {e.page_id: e for e in SearchEntry.objects.filter(page_id__in=[d.page_id for d in documents])}
            for document in documents:
                self._entry(document, existing.get(document.page_id)).save()
            IndexState.bump()

    def remove(self, page_ids):
        with transaction.atomic():
            ids = list(SearchEntry.objects.filter(page_id__in=page_ids).values_list("id", flat=True))
            if ids:
                SearchEntry.objects.filter(id__in=ids).delete()
                IndexState.bump()

    def rebuild(self, documents, batch_size=BULK_BATCH):
        with transaction.atomic(), FullText().bulk():
            if connection.vendor == "postgresql":
                # Instantly, and without leaving every old row dead in the table until a vacuum; the dropped
                # indexes already lock the table until the commit.
                with connection.cursor() as cursor:
                    cursor.execute(f"TRUNCATE {SearchEntry._meta.db_table}")
            else:
                SearchEntry.objects.all().delete()
            documents = iter(documents)
            # In batches of documents: making one may read the database, which a connection in the middle of a
            # COPY cannot; their rows are made during the COPY, while PostgreSQL stores the rows before them.
            while batch := list(itertools.islice(documents, batch_size)):
                self._save_rows(self._row(document) for document in batch)
            IndexState.bump()
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Every new row's hint bits and the visibility map written once, now, instead of by the first searches
            # to read each row (a common word's first search after a rebuild wrote them for every entry it found).
            # VACUUM cannot run inside a transaction: a rebuild inside one (a test's) leaves it to autovacuum.
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM (ANALYZE) {SearchEntry._meta.db_table}")

    @classmethod
    def _row(cls, document):
        """A new entry's row as the database takes it, in ENTRY_FIELDS' order: no model instance, and only the
        display (JSON) prepared by its field."""
        values = cls._values(document)
        values["display"] = _DISPLAY.get_db_prep_save(values["display"], connection)
        return tuple(values[field.attname] for field in ENTRY_FIELDS)

    @staticmethod
    def _save_rows(rows):
        """Saves new entries' rows; the full-text index follows them (at the end of `FullText.bulk()` if inside
        it). PostgreSQL takes them with COPY, a stream of rows instead of a statement of thousands of parameters
        to parse; SQLite with one prepared INSERT executed for each row."""
        table = SearchEntry._meta.db_table
        columns = ", ".join(connection.ops.quote_name(field.column) for field in ENTRY_FIELDS)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(ENTRY_FIELDS))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(rows))
