"""Distinct search queries for `make bench` and `make loadtest`: the long tail, never one request twice.

Words come from the shipped content itself: the titles and texts of the pages in the search index, in each of
the six site languages, split the way a query is (`portal.text.analyze` without the index's extras). A query
is 1–3 of those words, often with random facet values (CONTRACT §1 slugs), sometimes page 2; now and then
facets alone. The same seed gives the same queries; one generator never gives the same request twice.

    words = vocabulary()                      # needs Django set up, with the content loaded
    generator = QueryGenerator(words, seed=15)
    for query in generator.take(1000):
        client.get(query.api_path())          # or query.page_path()

`python scripts/querygen.py COUNT SEED` prints COUNT queries as JSON lines (Django set up from the
environment: DJANGO_SETTINGS_MODULE, DATABASE_URL), for a process that has no Django of its own (the load test).
"""

import json
import os
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent

LANGUAGES = ("ja", "ja-easy", "en", "zh-hans", "ko", "vi")
"""CONTRACT §2."""

FACET_SLUGS = {
    "age": ("pregnancy", "infant", "child", "youth", "adult", "senior"),
    "attribute": (
        "elderly-care",
        "dementia",
        "disability",
        "child-rearing",
        "single-parent",
        "poverty",
        "work",
        "housing",
        "isolation",
        "women",
        "foreign-resident",
        "health",
        "school",
        "carer",
        "community",
    ),
    "area": (
        "chuo",
        "shiraitodai",
        "nishifu",
        "musashidai",
        "shinmachi",
        "sumiyoshi",
        "koremasa",
        "momijigaoka",
        "oshitate",
        "yotsuya",
        "katamachi",
    ),
    "kind": ("consultation", "participation", "community", "outreach", "collaboration", "place"),
}
"""CONTRACT §1."""

WORD_COUNTS = ((1, 0.5), (2, 0.35), (3, 0.15))
FACET_SHARE = 0.6
"""Share of queries with facets (one to three of them, now and then two values of one)."""
FACETS_ONLY_SHARE = 0.05
PAGE_TWO_SHARE = 0.1
MAX_QUERY_LENGTH = 200  # CONTRACT §4


@dataclass(frozen=True)
class Query:
    language: str
    params: tuple
    """(name, value) pairs in the order they go into the URL."""

    def api_path(self):
        return "/api/search/?" + urlencode((*self.params, ("lang", self.language)))

    def page_path(self):
        return f"/{self.language}/search/?" + urlencode(self.params)

    @property
    def text(self):
        return dict(self.params).get("q", "")

    def selection(self):
        """{facet: [slugs]}"""
        chosen = {}
        for name, value in self.params:
            if name in FACET_SLUGS:
                chosen.setdefault(name, []).append(value)
        return chosen

    @property
    def page(self):
        return int(dict(self.params).get("page", 1))


def usable(word):
    """A word a resident might type: not a lone kana or letter (particles), not a bare number."""
    return len(word) >= 2 and not word.isdigit() and not word.startswith("part")


def vocabulary():
    """{language: sorted words} from the titles and texts of the pages in the search index."""
    from portal.text import analyze
    from search.documents import build_document, live_entries

    words = {language: set() for language in LANGUAGES}
    for page in live_entries():
        document = build_document(page)
        if document is None:
            continue
        for language, (title, text) in document.texts.items():
            if language in words:
                words[language].update(w for w in analyze(f"{title} {text}", language, expand=False) if usable(w))
    return {language: sorted(found) for language, found in words.items()}


class QueryGenerator:
    """Random queries over `words` ({language: [word, …]}), each one new to this generator."""

    def __init__(self, words, seed=15):
        missing = [language for language in LANGUAGES if not words.get(language)]
        if missing:
            raise ValueError(f"No words to make queries from in: {', '.join(missing)}")
        self.words = {language: list(words[language]) for language in LANGUAGES}
        self.rng = random.Random(seed)
        self.seen = set()

    def _facets(self):
        params = []
        for facet in sorted(self.rng.sample(list(FACET_SLUGS), self.rng.randint(1, 3)), key=list(FACET_SLUGS).index):
            values = self.rng.sample(FACET_SLUGS[facet], 2 if self.rng.random() < 0.2 else 1)
            params += [(facet, value) for value in values]
        return params

    def _candidate(self, language):
        params = []
        facets_only = self.rng.random() < FACETS_ONLY_SHARE
        if not facets_only:
            count = self.rng.choices([n for n, _ in WORD_COUNTS], [w for _, w in WORD_COUNTS])[0]
            text = " ".join(self.rng.sample(self.words[language], min(count, len(self.words[language]))))
            params.append(("q", text[:MAX_QUERY_LENGTH].strip()))
        if facets_only or self.rng.random() < FACET_SHARE:
            params += self._facets()
        if self.rng.random() < PAGE_TWO_SHARE:
            params.append(("page", "2"))
        return Query(language, tuple(params))

    def next(self, language=None):
        for _attempt in range(1000):
            query = self._candidate(language or self.rng.choice(LANGUAGES))
            if query not in self.seen:
                self.seen.add(query)
                return query
        raise RuntimeError("No new query left to make from these words")

    def take(self, count, language=None):
        return [self.next(language) for _ in range(count)]


def main():
    count, seed = int(sys.argv[1]), int(sys.argv[2])
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
    import django

    django.setup()
    generator = QueryGenerator(vocabulary(), seed=seed)
    for query in generator.take(count):
        print(json.dumps({"language": query.language, "params": query.params}, ensure_ascii=False))


if __name__ == "__main__":
    main()
