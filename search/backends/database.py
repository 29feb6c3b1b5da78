"""The database backend: full text in the database (SQLite FTS5, PostgreSQL tsvector), facets in memory.

The full-text engine finds and ranks the entries that match each group of the query. Facet membership is
held in each process as bit sets over the entries in the editors' order, so that the disjunctive counts of
every facet value are a few integer ANDs, whatever the size of the directory. The bit sets are reloaded
when the index's version (`IndexState`) changes.
"""

import itertools
import math
import threading
from collections import OrderedDict
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

TOKEN_CACHE_SIZE = 4096
"""Words whose bit sets each process keeps; at 100,000 entries one set is about 12 KB."""

MIN_RESULTS = 5
"""Below this many entries with every word of a query, entries with some of its words are shown too."""

FACET_FIELDS = facets.FIELDS


def column(language):
    return languages.get(language).column


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


class FullText:
    """Vendor-specific full-text queries over SearchEntry's token columns."""

    def __init__(self):
        self.vendor = connection.vendor

    # -- matching -------------------------------------------------------------------------------
    def ids_with(self, token, languages, titles_only=False):
        """Ids of the entries whose text (or only title) in any of `languages` has `token`."""
        kinds = ("title",) if titles_only else ("title", "text")
        if self.vendor == "postgresql":
            return self._ids_postgres(token, languages, kinds)
        columns = " ".join(f"{kind}_{column(lang)}" for lang in languages for kind in kinds)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s",
                ["{" + columns + '} : "' + token.replace('"', '""') + '"'],
            )
            return [row[0] for row in cursor.fetchall()]

    def _ids_postgres(self, token, languages, kinds):
        vectors = (
            [postgres_vector(lang) for lang in languages]
            if kinds == ("title", "text")
            else [f"to_tsvector('simple'::regconfig, title_{column(lang)})" for lang in languages]
        )
        where = " OR ".join(f"{vector} @@ phraseto_tsquery('simple', %s)" for vector in vectors)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM search_searchentry WHERE {where}", [token] * len(vectors))
            return [row[0] for row in cursor.fetchall()]

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


class TokenMasks:
    """Per process: for each word, the entries that have it, as a bit set; reloaded with the index."""

    def __init__(self, limit=TOKEN_CACHE_SIZE):
        self.limit = limit
        self.version = None
        self.masks = OrderedDict()

    def mask(self, token, languages, sets, titles_only=False):
        if self.version != sets.version:
            self.masks.clear()
            self.version = sets.version
        key = (token, tuple(languages), titles_only)
        mask = self.masks.get(key)
        if mask is None:
            ids = FullText().ids_with(token, languages, titles_only=titles_only)
            mask = to_mask((p for p in (sets.position.get(i) for i in ids) if p is not None), len(sets.ids))
            self.masks[key] = mask
            if len(self.masks) > self.limit:
                self.masks.popitem(last=False)
        else:
            self.masks.move_to_end(key)
        return mask


def token_masks():
    masks = getattr(_cache, "tokens", None)
    if masks is None or getattr(_cache, "tokens_alias", None) != connection.alias:
        masks = _cache.tokens = TokenMasks()
        _cache.tokens_alias = connection.alias
    return masks


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
        hits = self._hits([sets.ids[p] for p in page_positions], request.language)
        return SearchResult(request=request, count=count, hits=hits, facets=facets)

    def _text_mask(self, parsed, languages, sets, scores):
        """The entries the query's words select, and in `scores` what ranking needs: per group, where it matched."""
        tokens = token_masks()
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
    def _hits(ids, language):
        rows = {
            row["id"]: row
            for row in SearchEntry.objects.filter(id__in=ids).values(
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
                    entry_type=row["entry_type"],
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
