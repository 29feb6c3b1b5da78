"""Understanding a resident's query: words, spelling variants, readings and the editors' synonyms.

A query becomes groups: a result must match every group (or, when few entries do, as many as possible),
and a group matches when any one of its alternatives does, an alternative being words that must all occur.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from portal import languages
from portal.text import (
    analyze,
    compound_parts,
    fold_wave_dash,
    is_japanese,
    is_kana_phrase,
    korean_stem,
    normalize,
    phrase_tokens,
    reading,
    romaji_readings,
    strip_kana_particle,
    to_simplified,
    word_pairs,
)

_WORD = re.compile(r"[^\W_]+")
_QUOTES = re.compile(r'[「」『』【】〔〕()（）"“”]')
"""Quotes around a name (「はぐ」) part it from the words around it, as spaces do."""


@dataclass(frozen=True)
class Alternative:
    text: str
    tokens: tuple


@dataclass(frozen=True)
class Group:
    source: str
    alternatives: tuple
    weight: float = 1.0
    """How much the group counts in ranking, beside its rarity (PERSON_WEIGHT for a word naming who)."""


@dataclass
class ParsedQuery:
    text: str
    language: str
    groups: list = field(default_factory=list)
    phrases: list = field(default_factory=list)
    """Japanese stretches of the query as written (a name: 困りごと相談会, はばたき), each as the index tokens an
    entry has when it writes the stretch itself, side by side. They rank, they do not select."""

    def __bool__(self):
        return bool(self.groups)


@dataclass(frozen=True)
class SynonymEntry:
    words: tuple
    means: tuple


class SynonymTable:
    """Phrases residents type, each with the programs' words to search for as well.

    A Japanese phrase matches by its writing or by its reading, with or without spaces between words
    (家賃が払えない, やちんがはらえない, やちんが はらえない). A phrase in other scripts matches when all its
    words are in the query, in any order and with other words between them.
    """

    def __init__(self, entries=()):
        self.by_phrase = {}
        for entry in entries:
            for word in entry.words:
                phrase = normalize(word)
                if phrase:
                    targets = self.by_phrase.setdefault(phrase, [])
                    targets.extend(m for m in entry.means if m not in targets)
        self.japanese = []
        self.worded = []
        for phrase in self.by_phrase:
            if is_japanese(phrase):
                # A reading of one kana (歯 → は) would match inside any word typed in kana (はぐ, はばたき).
                spoken = reading(phrase).replace(" ", "")
                forms = {phrase.replace(" ", ""), spoken if len(spoken) > 1 else ""}
                self.japanese.append((phrase, sorted(f for f in forms if f)))
            else:
                self.worded.append((phrase, _WORD.findall(phrase)))
        self.japanese.sort(key=lambda item: len(item[0]), reverse=True)
        self.worded.sort(key=lambda item: len(item[1]), reverse=True)
        # Indexes that narrow a query's phrases to the few that can match, so that find() does not try a
        # thousand phrases per query: Japanese forms by their first character; worded phrases by their first
        # word, which the query must hold as it is or, for Korean, starting with the same two syllables
        # (_word_matches); a one-syllable Korean word can change its form, so those phrases are always tried.
        self._forms_by_first = {}
        for index, (_phrase, forms) in enumerate(self.japanese):
            for form in forms:
                self._forms_by_first.setdefault(form[0], []).append((index, form))
        self._worded_by_key = {}
        self._worded_always = []
        for index, (_phrase, phrase_words) in enumerate(self.worded):
            key = _word_key(phrase_words[0]) if phrase_words else None
            if key is None:
                self._worded_always.append(index)
            else:
                self._worded_by_key.setdefault(key, []).append(index)

    def find(self, text):
        """Yields (phrase, character positions in `text`, means) for each phrase found, longest first."""
        taken = set()
        compact = [(i, ch) for i, ch in enumerate(text) if not ch.isspace()]
        compact_text = "".join(ch for _i, ch in compact)
        candidates = {
            index
            for ch in set(compact_text)
            for index, form in self._forms_by_first.get(ch, ())
            if form in compact_text
        }
        for phrase, forms in (self.japanese[index] for index in sorted(candidates)):
            for form in forms:
                start = compact_text.find(form)
                if start < 0:
                    continue
                positions = {compact[i][0] for i in range(start, start + len(form))}
                if positions & taken:
                    continue
                taken |= positions
                yield phrase, positions, self.by_phrase[phrase]
                break
        words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
        candidates = set(self._worded_always)
        for _start, _end, word in words:
            candidates.update(self._worded_by_key.get(("=", word), ()))
            candidates.update(self._worded_by_key.get(("<", word[:2]), ()))
        for phrase, phrase_words in (self.worded[index] for index in sorted(candidates)):
            found = []
            for wanted in phrase_words:
                match = next(
                    (w for w in words if _word_matches(w[2], wanted) and not set(range(w[0], w[1])) & taken), None
                )
                if match is None:
                    break
                found.append(match)
            else:
                positions = {i for start, end, _w in found for i in range(start, end)}
                taken |= positions
                yield phrase, positions, self.by_phrase[phrase]


def _word_key(wanted):
    """What a query's word must have for _word_matches(word, wanted): ("=", the word itself), ("<", its first two
    Korean syllables), or None when no simple key says it (a one-syllable Korean word)."""
    if not ("\uac00" <= wanted[0] <= "\ud7af"):
        return ("=", wanted)
    return ("<", wanted[:2]) if len(wanted) >= 2 else None


def _word_matches(word, wanted):
    """Equal; for Korean, the same stem with a particle or ending attached (치매를 ← 치매, 외로워요 ← 외로움)."""
    if word == wanted:
        return True
    if not ("\uac00" <= wanted[0] <= "\ud7af"):
        return False
    if len(wanted) < 2:
        return korean_stem(word) == wanted
    stem = wanted if len(wanted) <= 2 else wanted[:-1]
    return word.startswith(stem)


PERSON_WORDS = frozenset(
    """夫 妻 母 父 母親 父親 息子 娘 兄 姉 弟 妹 祖母 祖父 旦那 嫁 主人 おっと つま はは ちち むすこ むすめ
    husband wife mother father mom mum dad son daughter brother sister grandmother grandfather grandma grandpa
    丈夫 老公 妻子 老婆 妈妈 母亲 爸爸 父亲 儿子 女儿 哥哥 姐姐 弟弟 妹妹 奶奶 爷爷
    남편 아내 엄마 어머니 아버지 아빠 아들 딸 할머니 할아버지 chong""".split()
)
"""Words naming who a worry is about. Beside words saying what is wrong (夫が忘れっぽい), they say less about
which program helps: 夫 leads to the women's consultation, 忘れっぽい to the centres for older people."""

PERSON_WEIGHT = 0.5


def _is_person(group):
    source = strip_kana_particle(group.source.replace(" ", ""))
    return source in PERSON_WORDS or source.rstrip("がにはをのと") in PERSON_WORDS


def _phrases(query, language):
    """The tokens of each Japanese stretch of `query` as an entry holds them when it writes the stretch: kana
    typed alone as the whole word (み～な, not 見る), words side by side as their pairs (困りごと相談会 → 困り事相談,
    相談会)."""
    text = fold_wave_dash(unicodedata.normalize("NFKC", query or ""))
    chinese = languages.get(language).han_is_native
    phrases = []
    chunks = _QUOTES.sub(" ", text).split()
    for chunk in chunks:
        if not is_japanese(chunk) or (chinese and not re.search(r"[\u3041-\u30ff]", chunk)):
            continue
        if is_kana_phrase(chunk):
            # Only a name typed alone: among other words, kana is a word's reading (しょうがい ひと), ranked as such.
            word = normalize(chunk)
            tokens = (word,) if len(word) > 1 and len(chunks) == 1 else ()
        else:
            tokens = tuple(dict.fromkeys(word_pairs(chunk)))
        if tokens and tokens not in phrases:
            phrases.append(tokens)
    return phrases


def _alternative(text, language, phrase=False):
    """The words of `text`; a Japanese phrase (a synonym's) must appear as a phrase, its words side by side."""
    if phrase and is_japanese(text) and not is_kana_phrase(text):
        tokens = tuple(phrase_tokens(text))
    else:
        tokens = tuple(analyze(text, language, expand=False))
    return Alternative(text, tokens) if tokens else None


CHUNK_MEMO_SIZE = 8192
"""Words of queries whose groups each process keeps: queries differ, their words recur."""


@functools.lru_cache(maxsize=CHUNK_MEMO_SIZE)
def _chunk_groups(chunk, language):
    """The groups of one word of a query that no synonym took (the analysers depend on nothing editors change)."""
    if language in languages.JAPANESE_CODES:
        kana = romaji_readings(chunk)
        if kana:
            # Romaji in a Japanese search (kosodate, ninchishou): the word as written, or its kana read as a
            # kana query is.
            alternatives = [Alternative(chunk, (chunk,))]
            for reading_ in kana:
                stem = strip_kana_particle(reading_)
                alternatives += [Alternative(reading_, (reading_,)), Alternative(stem, (stem,))]
                alternatives.append(_alternative(reading_, language))
            return (Group(chunk, _unique(alternatives)),)
    if is_kana_phrase(chunk):
        # Kana alone splits badly into words: the whole run, and the run without its particle, are
        # matched against the readings of the indexed words too.
        stem = strip_kana_particle(chunk)
        alternatives = [Alternative(chunk, (chunk,)), Alternative(stem, (stem,)), _alternative(chunk, language)]
        return (Group(chunk, _unique(alternatives)),)
    tokens = analyze(chunk, language, expand=False)
    if len(tokens) > 1:
        # A single kanji (中, 家, 人) says little beside other words.
        tokens = [t for t in tokens if not (len(t) == 1 and is_japanese(t))] or tokens
    groups = []
    for token in tokens:
        # A compound also matches where its parts are written apart (介護保険 → 介護 and 保険).
        parts = compound_parts(token) if is_japanese(token) else ()
        alternatives = [Alternative(token, (token,))] + ([Alternative(token, parts)] if len(parts) > 1 else [])
        groups.append(Group(token, tuple(alternatives)))
    return tuple(groups)


def parse(query, language="ja", synonyms=None):
    text = normalize(query)
    if languages.get(language).han_is_native:
        # Traditional characters read as simplified ones, before the synonyms are looked up too.
        text = to_simplified(text)
    parsed = ParsedQuery(text=text, language=language)
    if not text:
        return parsed
    remaining = list(text)
    for phrase, positions, means in (synonyms or SynonymTable()).find(text):
        alternatives = [_alternative(phrase, language, phrase=True)] + [
            _alternative(m, "ja", phrase=True) for m in means
        ]
        alternatives += [Alternative(phrase, (phrase,))]
        parsed.groups.append(Group(phrase, _unique(alternatives)))
        for position in positions:
            remaining[position] = " "
    for chunk in _QUOTES.sub(" ", "".join(remaining)).split():
        parsed.groups.extend(_chunk_groups(chunk, language))
    parsed.groups = _unique(parsed.groups, key=lambda g: g.alternatives)
    if len(parsed.groups) > 1:
        parsed.groups = [Group(g.source, g.alternatives, PERSON_WEIGHT) if _is_person(g) else g for g in parsed.groups]
    parsed.phrases = _phrases(query, language)
    return parsed


def _unique(items, key=lambda item: item):
    seen, out = set(), []
    for item in items:
        if item is None or key(item) in seen:
            continue
        seen.add(key(item))
        out.append(item)
    return tuple(out) if items and isinstance(items, list) and not isinstance(items[0], Group) else out
