"""The database backend: full text in the database (SQLite FTS5, PostgreSQL tsvector), facets in memory.

The full-text engine finds and ranks the entries that match each group of the query. Facet membership is
held in each process as bit sets over the entries in the editors' order, so that the disjunctive counts of
every facet value are a few integer ANDs, whatever the size of the directory. The bit sets are reloaded
when the index's version (`IndexState`) changes.
"""

import heapq
import math
import threading
from dataclasses import dataclass

from django.db import connection, transaction

from ..models import SEARCH_LANGUAGES, IndexState, SearchEntry
from ..parsing import parse
from ..synonyms import synonym_table
from .base import FACETS, FacetCount, Hit, SearchBackend, SearchResult

TITLE_WEIGHT = 4.0
"""How much more a word in an entry's title counts than a word in its other text."""

MIN_RESULTS = 5
"""Below this many entries with every word of a query, entries with some of its words are shown too."""

COVERAGE_WEIGHT = 1000.0
"""Each word of the query an entry has (weighted by how rare the word is) outranks how well it matches."""

FACET_FIELDS = {"age": "ages", "attribute": "attributes", "area": "areas", "kind": "kinds"}


def column(language):
    return language.replace("-", "_")


def to_mask(positions, size):
    bits = bytearray((size + 8) // 8)
    for position in positions:
        bits[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(bits, "little")


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

    @classmethod
    def load(cls, version):
        rows = list(
            SearchEntry.objects.order_by("path").values_list("id", "citywide", "ages", "attributes", "areas", "kinds")
        )
        size = len(rows)
        members = {facet: {} for facet in FACETS}
        citywide = []
        for position, (_id, is_citywide, *facet_values) in enumerate(rows):
            if is_citywide:
                citywide.append(position)
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
    version = IndexState.current()
    cached = getattr(_cache, "sets", None)
    if cached is None or cached.version != version or getattr(_cache, "alias", None) != connection.alias:
        _cache.sets = FacetSets.load(version)
        _cache.alias = connection.alias
    return _cache.sets


class FullText:
    """Vendor-specific full-text queries over SearchEntry's token columns."""

    def __init__(self):
        self.vendor = connection.vendor

    # -- matching -------------------------------------------------------------------------------
    def match(self, group, languages):
        """[(entry id, score)] of entries matching any alternative of `group`; a higher score is better."""
        if self.vendor == "postgresql":
            return self._match_postgres(group, languages)
        return self._match_sqlite(group, languages)

    def _match_sqlite(self, group, languages):
        def quoted(token):
            return '"' + token.replace('"', '""') + '"'

        alternatives = " OR ".join(
            "(" + " AND ".join(quoted(t) for t in alt.tokens) + ")" for alt in group.alternatives
        )
        columns = " ".join(f"{kind}_{column(lang)}" for lang in languages for kind in ("title", "text"))
        weights = ", ".join(f"{TITLE_WEIGHT}, 1.0" for _lang in SEARCH_LANGUAGES)
        sql = f"SELECT rowid, -bm25(search_fts, {weights}) FROM search_fts WHERE search_fts MATCH %s"
        with connection.cursor() as cursor:
            cursor.execute(sql, ["{" + columns + "} : (" + alternatives + ")"])
            return cursor.fetchall()

    def _match_postgres(self, group, languages):
        params = []
        parts = []
        for alt in group.alternatives:
            parts.append("(" + " && ".join("phraseto_tsquery('simple', %s)" for _t in alt.tokens) + ")")
            params.extend(alt.tokens)
        query = " || ".join(parts)
        vectors = [postgres_vector(lang) for lang in languages]
        where = " OR ".join(f"{vector} @@ q.query" for vector in vectors)
        rank = " + ".join(f"ts_rank({vector}, q.query)" for vector in vectors)
        sql = f"SELECT id, {rank} FROM search_searchentry, (SELECT {query} AS query) q WHERE {where}"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    # -- keeping the full-text index in step with SearchEntry -------------------------------------
    def write(self, entries):
        if self.vendor != "sqlite":
            return  # PostgreSQL indexes the token columns themselves (an expression GIN index).
        names = [f"{kind}_{lang}" for lang in SEARCH_LANGUAGES for kind in ("title", "text")]
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(e.pk,) for e in entries])
            cursor.executemany(
                f"INSERT INTO search_fts (rowid, {', '.join(names)}) VALUES (%s, {', '.join(['%s'] * len(names))})",
                [(e.pk, *(getattr(e, n) for n in names)) for e in entries],
            )

    def delete(self, ids):
        if self.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(i,) for i in ids])

    def clear(self):
        if self.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM search_fts")


def postgres_vector(language):
    """The indexed expression for one language (migration 0002 builds a GIN index on each)."""
    lang = column(language)
    return (
        f"(setweight(to_tsvector('simple'::regconfig, title_{lang}), 'A') || "
        f"to_tsvector('simple'::regconfig, text_{lang}))"
    )


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
        page_positions = self._page(final, local, scores, start, request.page_size)
        hits = self._hits([sets.ids[p] for p in page_positions], request.language)
        return SearchResult(request=request, count=count, hits=hits, facets=facets)

    def _text_mask(self, parsed, languages, sets, scores):
        fulltext = FullText()
        group_masks = []
        group_scores = []
        for group in parsed.groups:
            matched = {}
            for entry_id, score in fulltext.match(group, languages):
                position = sets.position.get(entry_id)
                if position is not None:
                    matched[position] = max(score, matched.get(position, 0.0))
            group_masks.append(to_mask(matched, len(sets.ids)))
            group_scores.append(matched)
        mask = sets.everything
        for group_mask in group_masks:
            mask &= group_mask
        if mask.bit_count() < MIN_RESULTS and len(group_masks) > 1:
            # Few or no entries have every word: take those with any, the ones with the most words first.
            for group_mask in group_masks:
                mask |= group_mask
        size = max(1, len(sets.ids))
        for group_mask, matched in zip(group_masks, group_scores, strict=True):
            # Having a rare word of the query counts for more than having a common one.
            rarity = COVERAGE_WEIGHT * math.log(1 + size / max(1, group_mask.bit_count()))
            for position, score in matched.items():
                scores[position] = scores.get(position, 0.0) + rarity + score
        return mask

    @staticmethod
    def _page(final, local, scores, start, size):
        if not final:
            return []
        end = start + size
        if not scores:
            # The editors' order, the chosen area's own entries first.
            ordered = []
            for part in ((final & local), (final & ~local)) if local else (final,):
                for position in iter_positions(part):
                    ordered.append(position)
                    if len(ordered) >= end:
                        return ordered[start:end]
            return ordered[start:end]

        def key(position):
            return (0 if (local >> position) & 1 else 1, -scores.get(position, 0.0), position)

        return heapq.nsmallest(end, iter_positions(final), key=key)[start:end]

    @staticmethod
    def _hits(ids, language):
        rows = {
            row["id"]: row
            for row in SearchEntry.objects.filter(id__in=ids).values(
                "id", "page_id", "plan_name", "citywide", "ages", "attributes", "areas", "kinds", "display"
            )
        }
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
                )
            )
        return hits

    # -- indexing -------------------------------------------------------------------------------
    @staticmethod
    def _entry(document, existing=None):
        entry = existing or SearchEntry(page_id=document.page_id)
        entry.path = document.path
        entry.entry_type = document.entry_type
        entry.plan_name = document.plan_name
        entry.citywide = document.citywide
        for facet, field_name in FACET_FIELDS.items():
            setattr(entry, field_name, " ".join(document.facets.get(facet, [])))
        entry.display = document.display
        tokens = document.tokens()
        for lang in SEARCH_LANGUAGES:
            title, text = tokens.get(lang.replace("_", "-"), ("", ""))
            setattr(entry, f"title_{lang}", title)
            setattr(entry, f"text_{lang}", text)
        return entry

    def index(self, documents):
        documents = list(documents)
        if not documents:
            return
        with transaction.atomic():
            existing = {e.page_id: e for e in SearchEntry.objects.filter(page_id__in=[d.page_id for d in documents])}
            entries = [self._entry(d, existing.get(d.page_id)) for d in documents]
            for entry in entries:
                entry.save()
            FullText().write(entries)
            IndexState.bump()

    def remove(self, page_ids):
        with transaction.atomic():
            ids = list(SearchEntry.objects.filter(page_id__in=page_ids).values_list("id", flat=True))
            if ids:
                FullText().delete(ids)
                SearchEntry.objects.filter(id__in=ids).delete()
                IndexState.bump()

    def rebuild(self, documents, batch_size=500):
        with transaction.atomic():
            FullText().clear()
            SearchEntry.objects.all().delete()
            batch = []
            for document in documents:
                batch.append(self._entry(document))
                if len(batch) >= batch_size:
                    self._bulk(batch)
                    batch = []
            if batch:
                self._bulk(batch)
            IndexState.bump()

    @staticmethod
    def _bulk(entries):
        created = SearchEntry.objects.bulk_create(entries)
        if connection.vendor == "sqlite" and created and created[0].pk is None:
            created = list(SearchEntry.objects.filter(page_id__in=[e.page_id for e in entries]))
        FullText().write(created)
