"""Furigana: `<ruby>` readings on the kanji of a Japanese page, on request.

Readings come from SudachiPy's dictionary, corrected by the editors' list (`services.Reading`: 西府 is
にしふ in Fuchu, not せいふ). Each text is converted once per process and kept in a bounded cache, so a
page with furigana costs little more than one without.

Easy Japanese writes its own readings in brackets, 窓口（まどぐち） or, for a term of the glossary,
社会福祉協議会（しゃかいふくしきょうぎかい：地域の福祉の活動をする団体）. With furigana on, such a reading
becomes the word's ruby and leaves the brackets, so nothing is read twice; an explanation stays in them.
"""

import difflib
import hashlib
import re
import threading
import time
from collections import OrderedDict
from html import escape

from .html_text import TextRewriter
from .text import fold_kana, japanese_tokenizer

_KANJI = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ"
_HAS_KANJI = re.compile(f"[{_KANJI}]")
_SEGMENTS = re.compile(f"([{_KANJI}]+)|([^{_KANJI}]+)")
_KANA = "ぁ-ゖァ-ヺー・"
_WRITTEN_READING = re.compile(f"([{_KANJI}{_KANA}]{{1,20}})（([{_KANA}]+)(?:：([^（）]*))?）")
"""A word, then its reading in brackets and perhaps a colon and an explanation: 窓口（まどぐち：…）."""
SKIPPED_ELEMENTS = {"script", "style", "ruby", "rt", "rp", "title", "textarea", "code", "pre", "option", "svg"}
"""Elements whose text never gets readings."""

CACHE_SIZE = 20_000
"""Texts whose converted form each process keeps."""

VERSION_CHECK_SECONDS = 10
"""How often a process asks whether editors changed a reading."""

PAGE_CACHE_SIZE = 500
"""Whole pages whose converted form each process keeps."""


def to_katakana(text):
    """Hiragana to katakana; everything else as it is."""
    return "".join(chr(ord(ch) + 0x60) if "ぁ" <= ch <= "ゖ" else ch for ch in text)


def ruby(base, reading):
    return f"<ruby>{escape(base)}<rp>(</rp><rt>{escape(reading)}</rt><rp>)</rp></ruby>"


def align(surface, reading):
    """Readings for each run of kanji in `surface` (引き籠もり/ひきこもり → 引:ひ, 籠:こ); None if they don't align."""
    segments = _SEGMENTS.findall(surface)
    pattern = "".join("(.+?)" if kanji else re.escape(fold_kana(kana)) for kanji, kana in segments)
    match = re.fullmatch(pattern, reading)
    if not match:
        return None
    readings = iter(match.groups())
    return [(kanji, next(readings)) if kanji else (kana, None) for kanji, kana in segments]


def word_html(surface, reading):
    if not _HAS_KANJI.search(surface) or not reading:
        return escape(surface)
    parts = align(surface, reading)
    if parts is None:
        return ruby(surface, reading)
    return "".join(ruby(text, r) if r else escape(text) for text, r in parts)


class Furigana:
    def __init__(self, corrections=None):
        self.corrections = {word: reading for word, reading in (corrections or {}).items() if word and reading}
        words = sorted(self.corrections, key=len, reverse=True)
        self.corrected = re.compile("|".join(map(re.escape, words))) if words else None
        self.cache = OrderedDict()
        self.pages = OrderedDict()
        self.phrases = OrderedDict()
        self.derived = OrderedDict()
        self.lock = threading.Lock()

    def kept(self, key, build):
        """`build()`, kept with this converter (so until the editors change a reading), at most CACHE_SIZE values:
        for what is made from its readings, such as a phrase's reading in kana and romaji (portal.reading)."""
        with self.lock:
            if key in self.derived:
                self.derived.move_to_end(key)
                return self.derived[key]
        value = build()
        with self.lock:
            self.derived[key] = value
            if len(self.derived) > CACHE_SIZE:
                self.derived.popitem(last=False)
        return value

    def text(self, text):
        """`text` as HTML with readings on its kanji."""
        if not _HAS_KANJI.search(text):
            return escape(text)
        with self.lock:
            cached = self.cache.get(text)
            if cached is not None:
                self.cache.move_to_end(text)
                return cached
        html = self._convert(text)
        with self.lock:
            self.cache[text] = html
            if len(self.cache) > CACHE_SIZE:
                self.cache.popitem(last=False)
        return html

    def _convert(self, text):
        out, position = [], 0
        for match in _WRITTEN_READING.finditer(text):
            found = self._written_reading(match)
            if found is None:
                continue
            start, word, reading = found
            out.append(self._corrected(text[position:start]))
            out.append(word_html(word, reading))
            if match.group(3):
                out.append(f"（{self._corrected(match.group(3))}）")
            position = match.end()
        out.append(self._corrected(text[position:]))
        return "".join(out)

    def _written_reading(self, match):
        """(start, word, reading) when the bracket in `match` reads the word before it, else None.

        The word is the end of the run before the bracket whose dictionary reading is closest to the
        written one (相談窓口（まどぐち） reads 窓口, not 相談窓口), among those the reading aligns with.
        """
        run, reading = match.group(1), fold_kana(match.group(2))
        best, best_score = None, 0.0
        for cut in range(len(run)):
            word = run[cut:]
            if not _HAS_KANJI.search(word) or not re.match(f"[{_KANJI}ァ-ヺ]", word) or align(word, reading) is None:
                continue
            score = difflib.SequenceMatcher(None, self._reading(word), reading).ratio()
            if score > best_score:
                best, best_score = (match.start() + cut, word, reading), score
        return best if best_score >= 0.5 else None

    def _reading(self, word):
        """The word's reading from the corrections and the dictionary, in hiragana."""
        if word in self.corrections:
            return fold_kana(self.corrections[word])
        tokenizer, mode = japanese_tokenizer()
        return "".join(fold_kana(m.reading_form()) for m in tokenizer.tokenize(word, mode.C))

    def words(self, text):
        """[(surface, reading in katakana or hiragana, part of speech)] for a phrase, the editors' corrections first."""
        with self.lock:
            cached = self.phrases.get(text)
            if cached is not None:
                return cached
        found, position = [], 0
        tokenizer, mode = japanese_tokenizer()

        def dictionary(part):
            found.extend(
                (m.surface(), m.reading_form(), tuple(m.part_of_speech())) for m in tokenizer.tokenize(part, mode.C)
            )

        if self.corrected:
            for match in self.corrected.finditer(text):
                dictionary(text[position : match.start()])
                found.append((match.group(0), self.corrections[match.group(0)], ("名詞", "固有名詞")))
                position = match.end()
        dictionary(text[position:])
        with self.lock:
            self.phrases[text] = found
            if len(self.phrases) > CACHE_SIZE:
                self.phrases.popitem(last=False)
        return found

    def reading(self, text):
        """The whole text read in katakana (the editors' corrections first, then the dictionary), for a kana column
        such as the open data's イベント名_カナ."""
        return to_katakana(
            "".join(reading if _HAS_KANJI.search(surface) else surface for surface, reading, _pos in self.words(text))
        )

    def _corrected(self, text):
        out, position = [], 0
        if self.corrected:
            for match in self.corrected.finditer(text):
                out.append(self._dictionary(text[position : match.start()]))
                out.append(word_html(match.group(0), self.corrections[match.group(0)]))
                position = match.end()
        out.append(self._dictionary(text[position:]))
        return "".join(out)

    @staticmethod
    def _dictionary(text):
        if not _HAS_KANJI.search(text):
            return escape(text)
        tokenizer, mode = japanese_tokenizer()
        return "".join(word_html(m.surface(), fold_kana(m.reading_form())) for m in tokenizer.tokenize(text, mode.C))

    def html(self, markup, keep=True):
        """`markup` with readings added to the kanji of its text, leaving tags, attributes and scripts alone.

        Whole pages are cached too (by a digest of their markup), since most pages are the same for everyone;
        `keep=False` for one that is seldom asked for twice (a search), as in inline_language.mark_html.
        """
        key = hashlib.blake2b(markup.encode(), digest_size=16).digest()
        with self.lock:
            cached = self.pages.get(key)
            if cached is not None:
                self.pages.move_to_end(key)
                return cached
        html = TextRewriter.apply(markup, self.text, lambda tag, attrs: tag in SKIPPED_ELEMENTS)
        if not keep:
            return html
        with self.lock:
            self.pages[key] = html
            if len(self.pages) > PAGE_CACHE_SIZE:
                self.pages.popitem(last=False)
        return html


_state = {}
_corrections = {}


def use_corrections(version, readings):
    """Where the editors' corrections come from: `version()` changes whenever one does, `readings()` gives
    {word: reading}. Set by services (services.models.readings), which keeps them."""
    _corrections.update(version=version, readings=readings)


def furigana():
    """The converter with the editors' current corrections: their version is looked up at most every
    VERSION_CHECK_SECONDS, so a correction shows within that time in every process."""
    current = _state.get("furigana")
    now = time.monotonic()
    if current is not None and now - _state.get("checked", 0) < VERSION_CHECK_SECONDS:
        return current
    version = _corrections["version"]() if _corrections else None
    if current is None or _state.get("version") != version:
        current = Furigana(_corrections["readings"]() if _corrections else {})
        _state.update(furigana=current, version=version)
    _state["checked"] = now
    return current


def readings_version():
    """A value that changes whenever the editors' readings do (with furigana()'s delay), for keys of what is made
    from them."""
    furigana()
    return _state.get("version")
