"""The Elasticsearch backend: the database backend's requests, results and facet semantics, with real analyzers.

The database stays the fallback: every write goes to it first, and a search Elasticsearch cannot answer is
answered by it, so the directory keeps working, and stays current, while the cluster is down.
"""

import contextlib
import functools
import logging
import math
import time
from collections import defaultdict

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from elasticsearch import ApiError, Elasticsearch, TransportError, helpers
from elasticsearch_dsl import A, Facet, FacetedSearch, Index, Mapping, Q, TermsFacet, analyzer, token_filter, tokenizer
from elasticsearch_dsl.field import Boolean, Integer, Keyword, Object, Text

from portal import languages
from portal.text import is_japanese
from services import facets
from services.models import GUIDE, Area

from ..documents import build_document, live_entries
from ..models import PendingIndexWrite
from ..parsing import parse
from ..synonyms import synonym_table
from .base import FACETS, FacetCount, Hit, SearchBackend, SearchResult
from .database import FACET_FIELDS, MIN_RESULTS, DatabaseBackend

TITLE_WEIGHT = 4.0
"""How much more a word in an entry's title counts than a word in its other text."""

COVERAGE_WEIGHT = 1000.0
"""When a query is relaxed, each of its words an entry has (weighted by rarity) outranks how well it matches."""

log = logging.getLogger(__name__)

SEARCH_TIMEOUT = 2
"""Seconds a search waits for Elasticsearch before the database answers instead."""

WRITE_TIMEOUT = 10
"""Seconds an index write waits: longer than a search (a rebuild sends the whole directory), short enough
that publishing a page never hangs on a cluster that is down."""

WRITE_RETRIES = 1
"""Retries of a write on a timeout or a busy node; searches are never retried, they fall back."""

FACET_SIZE = 100
"""More buckets than any taxonomy has values, so every value present in the index is counted."""

OUTBOX_BATCH = 500
"""Pending changes sent in one bulk request; a write that succeeds sends one batch after its own."""

ELASTICSEARCH_ERRORS = (TransportError, ApiError, helpers.BulkIndexError)
"""What makes the backend answer from, or write only to, the database: no connection, a timeout, a refusal."""

JAPANESE = analyzer(
    "ja_text",
    tokenizer="kuromoji_tokenizer",
    filter=[
        "kuromoji_baseform",
        "kuromoji_part_of_speech",
        "cjk_width",
        "ja_stop",
        "kuromoji_stemmer",
        "lowercase",
    ],
)
HIRAGANA_TO_KATAKANA = token_filter("ja_hiragana_to_katakana", "icu_transform", id="Hiragana-Katakana")

JAPANESE_READING = analyzer(
    "ja_reading",
    # Whole words only ("normal", not "search" mode): a compound and its parts at one place would run together
    # into readings no query spells.
    tokenizer=tokenizer("ja_reading_words", "kuromoji_tokenizer", mode="normal"),
    filter=[
        # No part-of-speech filter here: it would drop pieces kuromoji reads as particles or auxiliary verbs
        # (the に and しょう of a word it does not know), and with them the readings a query spells out.
        token_filter("ja_reading_form", "kuromoji_readingform", use_romaji=False),
        # Words kuromoji does not know keep their hiragana: written in katakana, they meet the readings.
        HIRAGANA_TO_KATAKANA,
        "cjk_width",
        "lowercase",
        # Each word's reading, and the readings of two to four words in a row written together: 認知症 is
        # ニンチ + ショウ to kuromoji, and the query にんちしょう is one word, ニンチショウ.
        token_filter(
            "ja_reading_runs",
            "shingle",
            min_shingle_size=2,
            max_shingle_size=4,
            token_separator="",
            output_unigrams=True,
        ),
    ],
)
"""Each word's katakana reading, alone and run together with the next ones, so that a query in hiragana finds
the kanji (にんちしょう → 認知症)."""

JAPANESE_READING_QUERY = analyzer(
    "ja_reading_query",
    tokenizer="whitespace",
    filter=["cjk_width", HIRAGANA_TO_KATAKANA, "lowercase"],
)
"""A query's words as the resident wrote them, in katakana: not cut again by kuromoji, whose guesses at a
hiragana string it does not know (に・んち・しょう) would not meet the readings of the indexed words."""

ANALYZERS = {
    "ja": JAPANESE,
    "ja-easy": JAPANESE,
    "en": "english",
    "zh-hans": "smartcn",
    "ko": "nori",
    "vi": "icu_analyzer",  # icu_tokenizer and icu_folding: tiếng việt matches tieng viet.
}
"""The analyzer of each site language's text (plugins: analysis-kuromoji, -smartcn, -nori, -icu)."""

FALLBACK_ANALYZER = "standard"

SOURCE_FIELDS = ["page_id", "entry_type", "plan_name", "citywide", "ages", "attributes", "areas", "kinds", "display"]
"""What a hit needs from the index; the texts stay behind."""


def index_name():
    """The directory's index (an alias after a rebuild), named for the environment so tests never touch production."""
    return f"fuchu-portal-{settings.SEARCH_ENVIRONMENT}-directory"


def column(language):
    return languages.get(language).column


def site_languages():
    return list(languages.CODES)


def language_analyzer(language):
    return ANALYZERS.get(language, FALLBACK_ANALYZER)


def has_reading(language):
    return language_analyzer(language) is JAPANESE


def text_field(language):
    if has_reading(language):
        reading = Text(analyzer=JAPANESE_READING, search_analyzer=JAPANESE_READING_QUERY)
        return Text(analyzer=JAPANESE, fields={"reading": reading})
    return Text(analyzer=language_analyzer(language))


def word_field(language):
    """The field of a Japanese language's words as the database backend splits them, whole words apart from
    the words inside longer ones (part親): where a query word is a word of its own, it counts for more."""
    return f"words_{column(language)}" if has_reading(language) else None


def directory_mapping():
    mapping = Mapping()
    mapping.meta("dynamic", "strict")
    mapping.field("page_id", Integer())
    for name in ("path", "entry_type", "plan_name", *FACET_FIELDS.values()):
        mapping.field(name, Keyword())
    mapping.field("citywide", Boolean())
    mapping.field("display", Object(enabled=False))
    for language in site_languages():
        mapping.field(f"title_{column(language)}", text_field(language))
        mapping.field(f"text_{column(language)}", text_field(language))
        if word_field(language):
            mapping.field(word_field(language), Text(analyzer="whitespace"))
    return mapping


def directory_index(name=None):
    """The index definition: one shard, so that every entry's score uses the same word statistics."""
    index = Index(name or index_name())
    index.settings(number_of_shards=1)
    index.mapping(directory_mapping())
    return index


def index_body():
    """What `rebuild` creates the index with: analysis settings and mapping."""
    return directory_index().to_dict()


PLUGIN_PREFIXES = {
    "kuromoji": "analysis-kuromoji",
    "icu": "analysis-icu",
    "nori": "analysis-nori",
    "smartcn": "analysis-smartcn",
}
"""The analysis plugin that brings each family of analysers, tokenizers and filters (by the name's start)."""


def required_plugins(body=None):
    """The analysis plugins the index needs: those whose analysers, tokenizers or filters its mapping names."""
    body = body or index_body()
    names = set()

    def collect(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                if key in ("type", "tokenizer", "analyzer", "search_analyzer") and isinstance(inner, str):
                    names.add(inner)
                collect(inner)
        elif isinstance(value, list):
            names.update(item for item in value if isinstance(item, str))
            for item in value:
                collect(item)

    collect(body)
    return sorted({plugin for name in names for prefix, plugin in PLUGIN_PREFIXES.items() if name.startswith(prefix)})


def plugin_problems(url):
    """What the cluster at `url` lacks for the index: ([(plugin, nodes without it)], None), or (None, why it did
    not answer). One short request, as a search would wait."""
    try:
        nodes = client_for(url).nodes.info(metric="plugins")["nodes"]
    except ELASTICSEARCH_ERRORS as error:
        return None, describe(error)
    installed = {
        node.get("name", node_id): {p["name"] for p in [*node.get("plugins", []), *node.get("modules", [])]}
        for node_id, node in nodes.items()
    }
    missing = []
    for plugin in required_plugins():
        without = sorted(name for name, names in installed.items() if plugin not in names)
        if without:
            missing.append((plugin, without))
    return missing, None


def document_source(document):
    """The indexed form of an `IndexDocument`: texts as written, analysed by Elasticsearch per language."""
    body = document.stored_fields()
    for facet, field_name in FACET_FIELDS.items():
        body[field_name] = list(document.facets.get(facet, []))
    tokens = document.tokens()
    for language in site_languages():
        if language in document.texts:
            title, text = document.texts[language]
            body[f"title_{column(language)}"] = title
            body[f"text_{column(language)}"] = text
            if word_field(language):
                body[word_field(language)] = " ".join(tokens[language])
    return body


# -- the query --------------------------------------------------------------------------------------------


def search_fields(language):
    """The request's language and Japanese (every entry is written in it), titles weighing more."""
    fields = []
    for code in dict.fromkeys([language, "ja"]):
        for suffix in ("", ".reading") if has_reading(code) else ("",):
            fields += [f"title_{column(code)}{suffix}^{TITLE_WEIGHT:g}", f"text_{column(code)}{suffix}"]
    return fields


WHOLE_WORD_BOOST = 2.0
"""How much more an entry counts where a Japanese query word is a word of its own (親 in 親の年金) than where
it is only inside a longer word (親 in ひとり親), as the database backend ranks them."""


def whole_word_queries(group, language):
    """For each Japanese alternative, its words as whole words in the words fields."""
    fields = [word_field(code) for code in dict.fromkeys([language, "ja"]) if word_field(code)]
    words = dict.fromkeys(
        " ".join(alt.tokens) for alt in group.alternatives if alt.tokens and all(map(is_japanese, alt.tokens))
    )
    return [
        Q("multi_match", query=text, type="cross_fields", operator="and", fields=fields, boost=WHOLE_WORD_BOOST)
        for text in words
    ]


def group_query(group, language):
    """A group matches when one of its alternatives does: every word of it in the title or other text; where
    its Japanese words are words of their own, it scores higher. A word naming who (夫) weighs less."""
    fields = search_fields(language)
    weight = {} if group.weight == 1 else {"boost": group.weight}
    return Q(
        "bool",
        **weight,
        should=[
            *(
                Q("multi_match", query=text, type="cross_fields", operator="and", fields=fields)
                for text in dict.fromkeys(alt.text for alt in group.alternatives)
            ),
            *whole_word_queries(group, language),
        ],
    )


def phrase_queries(phrases, language):
    """Entries that write a stretch of the query as typed (困りごと相談会: its word pairs in the words fields) rank
    higher; they select nothing of their own. A kana word alone is already asked as a whole word."""
    fields = [word_field(code) for code in dict.fromkeys([language, "ja"]) if word_field(code)]
    return [
        Q(
            "multi_match",
            query=" ".join(tokens),
            type="cross_fields",
            operator="and",
            fields=fields,
            boost=WHOLE_WORD_BOOST,
        )
        for tokens in phrases
        if len(tokens) > 1 and fields
    ]


GUIDE_TEXT_BOOST = 0.1
"""How much a guide (an explainer page, the plan page) counts where the query's words are only in its text: a
guide explains many programs, so the programs themselves come first (the database backend's PART_WEIGHT)."""


def guides_by_their_text(groups, language):
    """Guides that have none of the query's words in their title: the ones `boosting` demotes. A guide whose title
    has a word of the query counts in full, as in the database backend."""
    fields = [field for field in search_fields(language) if field.startswith("title_")]
    texts = dict.fromkeys(alt.text for group in groups for alt in group.alternatives if alt.text)
    return Q(
        "bool",
        filter=[Q("term", entry_type=GUIDE)],
        must_not=[Q("multi_match", query=text, type="cross_fields", operator="and", fields=fields) for text in texts],
    )


def all_of(filters):
    return Q("bool", filter=list(filters)) if filters else Q("match_all")


class AreaFacet(Facet):
    """Each area's bucket holds its own entries and every citywide one: a citywide entry serves every area."""

    agg_type = "filters"

    def __init__(self, areas):
        super().__init__(filters={slug: self.get_value_filter(slug) for slug in areas})

    def get_value_filter(self, filter_value):
        return Q("bool", should=[Q("term", areas=filter_value), Q("term", citywide=True)])

    def add_filter(self, filter_values):
        if not filter_values:
            return None
        return Q("bool", should=[Q("terms", areas=list(filter_values)), Q("term", citywide=True)])


class DirectoryQuery(FacetedSearch):
    """The request as one search body: text groups, facet selections as post_filter, disjunctive counts.

    `rarity` (one weight per group) asks for the relaxed query: entries with any group, those with the most
    and the rarest groups first, as the database backend ranks them.
    """

    def __init__(self, request, groups, areas, rarity=None, phrases=()):
        self.groups = groups
        self.rarity = rarity
        self.phrases = phrase_queries(phrases, request.language)
        self.facets = {
            facet.name: (
                AreaFacet(areas)
                if facet.name == "area"
                else TermsFacet(field=facet.field, size=FACET_SIZE, min_doc_count=0)
            )
            for facet in facets.FACETS
        }
        self.language = request.language
        super().__init__(
            query=groups or None,
            filters={facet: request.selected(facet) for facet in FACETS if request.selected(facet)},
            sort=self.ordering(request, bool(groups)),
        )
        start = (request.page - 1) * request.page_size
        self._s = self._s[start : start + request.page_size]

    @staticmethod
    def ordering(request, has_text):
        """Relevance with text, else the editors' order; with an area chosen, its own entries before citywide ones."""
        order = [{"citywide": {"order": "asc"}}] if request.selected("area") else []
        if has_text:
            order.append({"_score": {"order": "desc"}})
        return [*order, {"path": {"order": "asc"}}]

    def search(self):
        return super().search().source(SOURCE_FIELDS).extra(track_total_hits=True)

    def query(self, search, query):
        clauses = [group_query(group, self.language) for group in query]
        if self.rarity is None:
            matched = Q("bool", must=clauses, should=self.phrases) if self.phrases else Q("bool", must=clauses)
        else:
            weighted = [
                Q("bool", must=[clause], should=[Q("constant_score", filter=Q("match_all"), boost=weight)])
                for clause, weight in zip(clauses, self.rarity, strict=True)
            ]
            matched = Q("bool", should=weighted + self.phrases, minimum_should_match=1)
        demoted = guides_by_their_text(query, self.language)
        return search.query(Q("boosting", positive=matched, negative=demoted, negative_boost=GUIDE_TEXT_BOOST))

    def filter(self, search):
        """Every facet's selection (OR inside), all of them (AND across): narrows the hits, not the counts."""
        if not self._filters:
            return search
        return search.post_filter(all_of(self._filters.values()))

    def aggregate(self, search):
        """Each facet counted under the text and every other facet's selection, not its own (CONTRACT §4)."""
        for name, facet in self.facets.items():
            others = [f for other, f in self._filters.items() if other != name]
            search.aggs.bucket(f"_filter_{name}", "filter", filter=all_of(others)).bucket(name, facet.get_aggregation())
        if self.rarity is None and len(self.groups) > 1:
            # Whether to relax, and how rare each group is, without a second round trip in the usual case.
            search.aggs.bucket("text_matches", "filter", filter=Q("match_all"))
            sizes = search.aggs.bucket("group_sizes", A("global"))
            for position, group in enumerate(self.groups):
                sizes.bucket(str(position), "filter", filter=group_query(group, self.language))


def area_slugs():
    return list(Area.objects.order_by("sort_order", "pk").values_list("slug", flat=True))


def query_body(request, *, synonyms=None, areas=None, rarity=None):
    """The body `search` sends for `request` (the relaxed one when `rarity` gives each group's weight)."""
    parsed = parse(request.text, request.language, synonyms if synonyms is not None else synonym_table())
    areas = area_slugs() if areas is None else areas
    return DirectoryQuery(request, parsed.groups, areas, rarity=rarity, phrases=parsed.phrases)._s.to_dict()


def group_rarity(aggregations, group_count):
    """Each group's weight as the database backend gives it: rarer words count for more."""
    sizes = aggregations["group_sizes"]
    size = max(1, sizes["doc_count"])
    return [
        COVERAGE_WEIGHT * math.log(1 + size / max(1, sizes[str(position)]["doc_count"]))
        for position in range(group_count)
    ]


def facet_counts(aggregations, request):
    facets = {}
    for facet in FACETS:
        buckets = aggregations[f"_filter_{facet}"][facet]["buckets"]
        if isinstance(buckets, dict):
            counts = [(slug, bucket["doc_count"]) for slug, bucket in buckets.items()]
        else:
            counts = [(bucket["key"], bucket["doc_count"]) for bucket in buckets]
        chosen = set(request.selected(facet))
        facets[facet] = {slug: FacetCount(slug, count, slug in chosen) for slug, count in counts}
    return facets


def to_hit(entry, language):
    shown = entry["display"].get(language) or entry["display"].get("ja") or {}
    return Hit(
        page_id=entry["page_id"],
        title=shown.get("title", ""),
        summary=shown.get("summary", ""),
        url=shown.get("url", ""),
        plan_name=entry.get("plan_name") or "",
        kinds=list(entry.get("kinds") or []),
        ages=list(entry.get("ages") or []),
        attributes=list(entry.get("attributes") or []),
        areas=list(entry.get("areas") or []),
        citywide=bool(entry.get("citywide")),
        entry_type=entry.get("entry_type") or "service",
    )


@functools.lru_cache(maxsize=8)
def client_for(url):
    """One client (and connection pool) per URL for the process: backends are made per request."""
    return Elasticsearch(url, request_timeout=SEARCH_TIMEOUT, max_retries=0, retry_on_timeout=False)


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, url, fallback=None, client=None):
        self.fallback = fallback or DatabaseBackend()
        self.client = client or client_for(url)
        self.index_name = index_name()

    # -- searching ------------------------------------------------------------------------------
    def search(self, request):
        try:
            return self._search(request)
        except ELASTICSEARCH_ERRORS as error:
            log.warning("Elasticsearch could not answer a search (%s); the database answers it.", describe(error))
            return self.fallback.search(request)

    def _search(self, request):
        parsed = parse(request.text, request.language, synonym_table())
        areas = area_slugs()
        response = self._send(DirectoryQuery(request, parsed.groups, areas, phrases=parsed.phrases))
        aggregations = response["aggregations"]
        if len(parsed.groups) > 1 and aggregations["text_matches"]["doc_count"] < MIN_RESULTS:
            # Few or no entries have every word: take those with any, the ones with the most words first.
            rarity = group_rarity(aggregations, len(parsed.groups))
            response = self._send(DirectoryQuery(request, parsed.groups, areas, rarity=rarity, phrases=parsed.phrases))
            aggregations = response["aggregations"]
        hits = [to_hit(hit["_source"], request.language) for hit in response["hits"]["hits"]]
        return SearchResult(
            request=request,
            count=response["hits"]["total"]["value"],
            hits=hits,
            facets=facet_counts(aggregations, request),
        )

    def _send(self, query):
        return self.client.search(index=self.index_name, body=query._s.to_dict())

    def state(self):
        """One short request: a cluster that does not answer it would not answer a search either."""
        if self.client.ping():
            return self.name
        return "elasticsearch unreachable: the database answers"

    # -- indexing: the database first, so that it is current whatever happens to Elasticsearch ----------
    @property
    def writer(self):
        return self.client.options(request_timeout=WRITE_TIMEOUT, max_retries=WRITE_RETRIES, retry_on_timeout=True)

    def index(self, documents):
        documents = list(documents)
        self.fallback.index(documents)
        if documents:
            self._write(PendingIndexWrite.UPSERT, [self.index_action(d) for d in documents])

    def remove(self, page_ids):
        page_ids = list(page_ids)
        self.fallback.remove(page_ids)
        if page_ids:
            self._write(PendingIndexWrite.DELETE, [self.delete_action(page_id) for page_id in page_ids])

    def index_action(self, document):
        return {
            "_op_type": "index",
            "_index": self.index_name,
            "_id": document.page_id,
            "_source": document_source(document),
        }

    def delete_action(self, page_id):
        return {"_op_type": "delete", "_index": self.index_name, "_id": page_id}

    def _write(self, action, actions):
        """Sends the changes; what the cluster did not take waits in the outbox. After a write that succeeded,
        the cluster is back: the oldest pending changes follow it."""
        failed, error = self._bulk(actions)
        if failed:
            log.warning(
                "Elasticsearch could not %s %d of %d entries (%s); the database has them, and the outbox keeps them "
                "for the next write or rebuild_search_index --pending.",
                "index" if action == PendingIndexWrite.UPSERT else "remove",
                len(failed),
                len(actions),
                error,
            )
            keep_pending({page_id: (action, reason) for page_id, reason in failed.items()})
        sent = [action["_id"] for action in actions if action["_id"] not in failed]
        PendingIndexWrite.objects.filter(page_id__in=sent).delete()
        if error is None and PendingIndexWrite.objects.exists():
            self.send_pending(limit=OUTBOX_BATCH)

    def _bulk(self, actions):
        """({page_id: reason} of the actions the cluster did not take, the first reason or None).

        A removal of an entry the index does not have is done; an unreachable cluster took nothing (or nothing
        after the last bulk request it answered).
        """
        failed, error = {}, None
        done = set()
        try:
            # require_alias: with no index built yet, writing must not create one with a guessed mapping.
            results = helpers.streaming_bulk(
                self.writer, actions, refresh="wait_for", require_alias=True, raise_on_error=False
            )
            for action, (ok, item) in zip(actions, results, strict=False):
                done.add(action["_id"])
                result = next(iter(item.values()))
                if not ok and not (action["_op_type"] == "delete" and result.get("status") == 404):
                    failed[action["_id"]] = item_error(result)
                    error = error or failed[action["_id"]]
        except ELASTICSEARCH_ERRORS as exception:
            error = describe(exception)
            failed.update({action["_id"]: error for action in actions if action["_id"] not in done})
        return failed, error

    def send_pending(self, limit=None):
        """Sends the outbox, oldest first, each page as it stands now: (changes sent, changes still pending).

        Rows changed after it began (a newer change, or one refused again now) wait for the next call. It stops
        at the first batch the cluster takes nothing of; `limit` sends at most that many changes.
        """
        started = timezone.now()
        sent = tried = 0
        while limit is None or tried < limit:
            size = OUTBOX_BATCH if limit is None else min(OUTBOX_BATCH, limit - tried)
            rows = list(PendingIndexWrite.objects.filter(changed_at__lt=started)[:size])
            if not rows:
                break
            failed, done = self._send_rows(rows)
            PendingIndexWrite.objects.filter(page_id__in=done, changed_at__lt=started).delete()
            sent, tried = sent + len(done), tried + len(rows)
            if not done:
                break
        return sent, PendingIndexWrite.objects.count()

    def _send_rows(self, rows):
        public = {page.pk: page for page in live_entries().filter(pk__in=[row.page_id for row in rows])}
        documents = {page_id: build_document(page) for page_id, page in public.items()}
        actions = [
            self.index_action(documents[row.page_id]) if documents.get(row.page_id) else self.delete_action(row.page_id)
            for row in rows
        ]
        failed, error = self._bulk(actions)
        if failed:
            log.warning(
                "Elasticsearch did not take %d of %d pending changes (%s); the outbox keeps them.",
                len(failed),
                len(actions),
                error,
            )
        keep_pending(
            {
                action["_id"]: (
                    PendingIndexWrite.UPSERT if action["_op_type"] == "index" else PendingIndexWrite.DELETE,
                    failed[action["_id"]],
                )
                for action in actions
                if action["_id"] in failed
            }
        )
        return failed, [row.page_id for row in rows if row.page_id not in failed]

    def rebuild(self, documents):
        """A new index, filled, then the alias moved to it: searches see the old index until the new one is whole.

        The new index holds every change the outbox kept until then: those rows go.
        """
        started = timezone.now()
        documents = list(documents)
        self.fallback.rebuild(documents)
        try:
            self._rebuild(documents)
        except ELASTICSEARCH_ERRORS as error:
            log.warning("Elasticsearch could not rebuild its index (%s); the database is rebuilt.", describe(error))
        else:
            PendingIndexWrite.objects.filter(changed_at__lt=started).delete()

    def _rebuild(self, documents):
        client = self.writer
        alias = self.index_name
        new = f"{alias}-{time.time_ns()}"
        directory_index(new).create(using=client)
        try:
            helpers.bulk(
                client,
                (
                    {"_op_type": "index", "_index": new, "_id": d.page_id, "_source": document_source(d)}
                    for d in documents
                ),
                refresh=True,
            )
            old = list(client.indices.get_alias(name=alias).body) if client.indices.exists_alias(name=alias) else []
            actions = [{"remove": {"index": name, "alias": alias}} for name in old]
            if not old and client.indices.exists(index=alias):
                actions.append({"remove_index": {"index": alias}})  # an index made before aliases were used
            actions.append({"add": {"index": new, "alias": alias}})
            client.indices.update_aliases(actions=actions)  # one atomic swap
        except ELASTICSEARCH_ERRORS:
            with contextlib.suppress(*ELASTICSEARCH_ERRORS):
                client.options(ignore_status=404).indices.delete(index=new)
            raise
        for name in old:
            client.options(ignore_status=404).indices.delete(index=name)


def keep_pending(failures):
    """Records {page_id: (action, reason)} in the outbox: a new row, or one more attempt of a kept one."""
    existing = set(PendingIndexWrite.objects.filter(page_id__in=failures).values_list("page_id", flat=True))
    PendingIndexWrite.objects.bulk_create(
        [
            PendingIndexWrite(page_id=page_id, action=action, attempts=1, last_error=reason[:300])
            for page_id, (action, reason) in failures.items()
            if page_id not in existing
        ],
        ignore_conflicts=True,
    )
    groups = defaultdict(list)
    for page_id in existing:
        groups[failures[page_id]].append(page_id)
    now = timezone.now()
    for (action, reason), page_ids in groups.items():
        PendingIndexWrite.objects.filter(page_id__in=page_ids).update(
            action=action, attempts=F("attempts") + 1, last_error=reason[:300], changed_at=now
        )


def item_error(result):
    """Why the cluster refused one action of a bulk request, in a few words."""
    failure = result.get("error")
    reason = failure.get("type") if isinstance(failure, dict) else failure
    return f"{result.get('status')} {reason or 'refused'}"


def describe(error):
    """The error in a few words, without the URL (it may carry credentials)."""
    if isinstance(error, helpers.BulkIndexError) and error.errors:
        failure = next(iter(error.errors[0].values()), {}).get("error")
        reason = failure.get("type") if isinstance(failure, dict) else failure
        return f"{len(error.errors)} entries refused: {reason}"
    status = getattr(error, "status_code", None)
    return f"{type(error).__name__} {status}" if isinstance(status, int) else type(error).__name__
