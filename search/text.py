"""Normalising text so that a resident's words match the directory's however they are typed."""

import re
import unicodedata

_KATAKANA = re.compile(r"[\u30a1-\u30f6]")
_SPACE = re.compile(r"\s+")


def normalize(text):
    """NFKC (full/half width), case folding, katakana folded to hiragana, spaces collapsed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _KATAKANA.sub(lambda m: chr(ord(m.group(0)) - 0x60), text)
    return _SPACE.sub(" ", text).strip()


def terms(query):
    """The query's words after normalising; Japanese and ideographic spaces separate words too."""
    return [t for t in normalize(query).split(" ") if t]
