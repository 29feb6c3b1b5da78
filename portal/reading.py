"""How to say a Japanese phrase for someone who cannot read kanji: its reading in kana and in romaji.

A resident on a page in English, Chinese, Korean or Vietnamese is told what to say when the city answers the phone
(「障害者福祉課に、…のことで相談したいです」). The kanji alone are no help to them, so the phrase comes with its
reading, split into words: in kana (センター stays katakana), and in romaji for those who read neither. The words
and their readings are SudachiPy's with the editors' corrections (portal.furigana); jaconv spells the kana in
Latin letters, and the particles は, へ and を are written as they are said (wa, e, o).
"""

import re
from dataclasses import dataclass

import jaconv

from .furigana import furigana
from .text import fold_kana

_KANA_ONLY = re.compile(r"^[ぁ-ゖァ-ヺー・]+$")
_SPOKEN_PARTICLES = {"は": "wa", "へ": "e", "を": "o"}
_PUNCTUATION = {"、": ",", "。": ".", "，": ",", "．": ".", "！": "!", "？": "?", "（": "(", "）": ")", "・": " "}
_OPENING = {"（", "「", "("}
_LONG_VOWEL = re.compile(r"([aiueo])-")
_SYLLABIC_N = re.compile(r"ん(?=[あいうえおやゆよ])")
_JOINS_PREVIOUS = {"助動詞", "接尾辞", "補助記号"}
"""Parts of speech written together with the word before them (相談し|たい, 課|、)."""


@dataclass(frozen=True)
class Reading:
    kana: str
    romaji: str


def _word_groups(words, particles_apart):
    """Words as a reader would space them: auxiliaries and endings stay with their word, a prefix with the next
    (お願い); particles stay with the word before them in kana and stand apart in romaji, as each is usually written.
    """
    groups = []
    glue_next = False
    for surface, kana, pos in words:
        joins = pos[0] in _JOINS_PREVIOUS and (surface != "です" or not particles_apart) and surface not in _OPENING
        joins = joins or (pos[0] == "助詞" and (pos[1] == "接続助詞" or not particles_apart))
        if groups and (joins or glue_next):
            groups[-1].append((surface, kana, pos))
        else:
            groups.append([(surface, kana, pos)])
        glue_next = pos[0] == "接頭辞" or surface in _OPENING
    return groups


def _romaji(surface, kana, pos):
    if pos[0] in ("補助記号", "記号", "空白"):
        return _PUNCTUATION.get(surface, surface)
    if pos[0] == "助詞" and surface in _SPOKEN_PARTICLES:
        return _SPOKEN_PARTICLES[surface]
    latin = jaconv.kana2alphabet(_SYLLABIC_N.sub("ん'", jaconv.kata2hira(kana)))
    return _LONG_VOWEL.sub(r"\1\1", latin)


def reading(phrase):
    """The phrase's reading in kana and in romaji, words apart; empty for an empty phrase. Kept per process with
    the editors' current readings (a card shows the same phrase to every visitor)."""
    converter = furigana()
    return converter.kept(("reading", phrase), lambda: _reading(converter.words(phrase)))


def _reading(words):
    kana = " ".join(
        "".join(s if _KANA_ONLY.match(s) or p[0] in ("補助記号", "記号", "空白") else fold_kana(k) for s, k, p in group)
        for group in _word_groups(words, particles_apart=False)
    )
    romaji = " ".join("".join(_romaji(*word) for word in group) for group in _word_groups(words, particles_apart=True))
    return Reading(kana=kana, romaji=romaji)


SOME_JAPANESE = "日本語が少しわかります"
EASY_JAPANESE = "やさしい日本語で話してください"


def interpreter(language):
    """「ベトナム語の通訳をお願いします」 for a language Japanese staff can name; empty for Japanese itself."""
    return f"{language.name_in_japanese}の通訳をお願いします" if language.name_in_japanese else ""


def counter_phrases(language):
    """The fixed lines a resident reading `language` may say or show at a Japanese counter, in Japanese."""
    return [phrase for phrase in (SOME_JAPANESE, EASY_JAPANESE, interpreter(language)) if phrase]
