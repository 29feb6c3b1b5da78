"""Turning text into search tokens, the same way for what is indexed and for what a resident types.

Japanese is split into words with SudachiPy (its dictionary ships as a package) and every word is also
indexed by its reading and its dictionary form, so that にんちしょう finds 認知症 and 引きこもり, ひきこもり
and ﾋｷｺﾓﾘ are one word. Chinese is split with jieba. Korean words lose the particles attached to them.
Vietnamese and other Latin-script text loses its accents, so a query typed without them still matches.
"""

import functools
import logging
import re
import unicodedata

import jaconv
from django.utils.text import slugify

from portal import languages

_KATAKANA = re.compile(r"[\u30a1-\u30f6]")
_SPACE = re.compile(r"\s+")
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_KANA = r"\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f"
_HANGUL = r"\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
_RUNS = re.compile(
    rf"(?P<cjk>[{_HAN}{_KANA}ー々〆ヶ]+)|(?P<hangul>[{_HANGUL}]+)|(?P<word>(?:(?![{_HAN}{_KANA}{_HANGUL}ー々〆ヶ])[^\W_])+)",
    re.UNICODE,
)
_CONTRACTION = re.compile(r"(\w)'(?:s|t|re|ve|ll|d|m)\b", re.IGNORECASE)
_KANA_ONLY = re.compile(rf"^[{_KANA}ー]+$")
_WAVE_DASH = re.compile(r"(?<=[\u3041-\u30ffー])[~〜～](?=[\u3041-\u30ff])")
_KANA_SEGMENT = re.compile(r"[\u3041-\u3096ー]+|[\u30a1-\u30faー]+|[^\u3041-\u3096\u30a1-\u30faー]+")
_PARTICLE_KANA = "がをはにでとのもへやか"

JAPANESE_SKIPPED_POS = {"助詞", "助動詞", "補助記号", "記号", "空白", "代名詞", "接頭辞", "接尾辞"}
"""Parts of speech that carry no meaning for search (particles, auxiliaries, symbols)."""

JAPANESE_SKIPPED_WORDS = {
    "為る",
    "有る",
    "居る",
    "成る",
    "出来る",
    "言う",
    "思う",
    "事",
    "物",
    "時",
    "所",
    "為",
    "様",
    "方",
    "くれる",
    "貰う",
    "呉れる",
    "行く",
    "来る",
    "分かる",
    "知れる",
    "ない",
    "無い",
    "良い",
    "いい",
    "欲しい",
    "どう",
    "何",
}
"""Dictionary forms too common in residents' sentences to help find a program."""

KOREAN_PARTICLES = sorted(
    [
        "에서는",
        "에게서",
        "으로는",
        "이라도",
        "까지는",
        "에서도",
        "에게는",
        "한테서",
        "에서",
        "에게",
        "한테",
        "으로",
        "까지",
        "부터",
        "처럼",
        "보다",
        "이나",
        "이랑",
        "라도",
        "은요",
        "는요",
        "이요",
        "을",
        "를",
        "이",
        "가",
        "은",
        "는",
        "에",
        "의",
        "로",
        "와",
        "과",
        "도",
        "만",
        "랑",
        "나",
        "요",
    ],
    key=len,
    reverse=True,
)
"""Particles that Korean writes onto the word before them (치매를 → 치매)."""

ENGLISH_STOPWORDS = {
    "a",
    "an",
    "the",
    "and",
    "or",
    "of",
    "to",
    "in",
    "on",
    "for",
    "with",
    "my",
    "i",
    "me",
    "is",
    "am",
    "are",
    "be",
    "it",
    "at",
    "by",
    "from",
    "we",
    "our",
    "you",
    "your",
    "he",
    "she",
    "his",
    "her",
    "they",
    "their",
    "this",
    "that",
    "can",
    "do",
    "does",
    "how",
    "what",
    "where",
    "who",
    "want",
    "need",
    "help",
    "about",
    "get",
    "have",
    "has",
    "not",
    "no",
    "don't",
    "dont",
    "cannot",
    "can't",
    "there",
    "some",
    "someone",
    "very",
    "won",
    "don",
    "didn",
    "doesn",
    "isn",
    "aren",
    "wasn",
    "couldn",
    "wouldn",
    "ca",
    "will",
    "would",
    "could",
    "should",
    "was",
    "were",
    "been",
    "being",
    "any",
    "anyone",
    "him",
    "them",
    "its",
    "if",
    "so",
    "too",
    "feel",
    "here",
    "really",
    "just",
    "like",
    "know",
    "think",
    "go",
    "going",
    "now",
    "also",
    "please",
}
"""Words too common in English sentences to help find a program."""

VIETNAMESE_STOPWORDS = {"toi", "cua", "la", "va", "co", "khong", "cho", "o", "nhu", "the", "nao", "gi", "can"}
"""Accent-less Vietnamese words that carry no meaning for search (tôi, của, là, và …)."""

VARIANTS = {
    "子供": "子ども",
    "こども": "子ども",
    "障碍": "障害",
    "障がい": "障害",
    "しょうがい": "障害",
    "引き籠もり": "ひきこもり",
    "引きこもり": "ひきこもり",
}
"""Spellings that mean the same word; each maps to the one the programs use."""

log = logging.getLogger(__name__)


def fold_kana(text):
    """Katakana to hiragana, so that either script matches the other."""
    return _KATAKANA.sub(lambda m: chr(ord(m.group(0)) - 0x60), text)


def strip_latin_accents(text):
    """Removes accents from Latin letters only (Vietnamese tiếng → tieng); kana keep their voicing marks."""
    decomposed = unicodedata.normalize("NFD", text)
    out = []
    for ch in decomposed:
        if unicodedata.combining(ch) and out and out[-1] < "\u0250":
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out)).replace("đ", "d")


def fold_wave_dash(text):
    """A wave dash inside a kana name is its long vowel (み～な, as the city writes it, is みーな): a query typed
    either way finds it, and the name stays one word instead of two lone kana."""
    return _WAVE_DASH.sub("ー", text)


def kana_names(run):
    """Kana written apart from the words around it (「はぐ」, センターみーな, あけぼの・プラザ): a stretch of one kana
    script at the end of a run or before a ・, when it is the whole piece or follows the other kana script, is
    indexed as a word too, since a name in kana splits into pieces that mean something else (はぐ → 剥ぐ). Kana
    after kanji is mostly endings and particles (相談では), and so is hiragana after katakana that starts with a
    particle (センターでは): those are left out."""
    names = []
    for piece in run.split("・"):
        segments = _KANA_SEGMENT.findall(piece)
        last = segments[-1] if segments else ""
        if len(last) < 2 or not _KANA_ONLY.match(last):
            continue
        if len(segments) > 1 and (not _KANA_ONLY.match(segments[-2]) or last[0] in _PARTICLE_KANA):
            continue
        names.append(normalize(last))
    return names


def normalize(text):
    """NFKC (full and half width), case folding, katakana to hiragana, Latin accents removed, spaces collapsed."""
    if not text:
        return ""
    text = fold_wave_dash(unicodedata.normalize("NFKC", text).casefold())
    text = strip_latin_accents(fold_kana(text))
    return _SPACE.sub(" ", text).strip()


@functools.cache
def _sudachi():
    from sudachipy import Dictionary, SplitMode

    return Dictionary(dict="core").tokenizer(), SplitMode


def japanese_tokenizer():
    """SudachiPy's tokenizer and its split modes, loaded once per process (furigana reads with it too)."""
    return _sudachi()


@functools.cache
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def _japanese(run, expand, compounds=None, words=None):
    tokenizer, mode = _sudachi()
    tokens = []
    for morpheme in tokenizer.tokenize(run, mode.C):
        pos = morpheme.part_of_speech()[0]
        dictionary_form = morpheme.normalized_form()
        if pos in JAPANESE_SKIPPED_POS or dictionary_form in JAPANESE_SKIPPED_WORDS:
            continue
        surface = normalize(morpheme.surface())
        forms = [surface]
        if expand:
            forms.append(normalize(dictionary_form))
            reading = normalize(morpheme.reading_form())
            if reading and reading != surface and _KANA_ONLY.match(reading):
                forms.append(reading)
            parts = morpheme.split(mode.A)
            if len(parts) > 1:
                forms.extend(
                    part_token(normalize(p.surface()))
                    for p in parts
                    if p.part_of_speech()[0] not in JAPANESE_SKIPPED_POS
                )
        elif pos in ("動詞", "形容詞", "形状詞"):
            # A conjugated verb is looked up by its dictionary form (払えない → 払う).
            forms = [normalize(dictionary_form)]
        elif compounds is not None:
            parts = morpheme.split(mode.A)
            if len(parts) > 1:
                compounds[VARIANTS.get(surface, surface)] = tuple(
                    normalize(p.surface()) for p in parts if p.part_of_speech()[0] not in JAPANESE_SKIPPED_POS
                )
        if words is not None:
            words.append(VARIANTS.get(normalize(dictionary_form), normalize(dictionary_form)))
        for form in forms:
            form = VARIANTS.get(form, form)
            if form and form not in tokens and not (len(form) == 1 and _KANA_ONLY.match(form)):
                tokens.append(form)
    return tokens


PART_MARK = "part"
"""Before a word found only inside a longer one (親 in ひとり親): a whole word then counts for more than a part.
Latin letters on a Japanese word: no word the analyser makes looks like it, and both full-text engines keep it
one token (SQLite's ascii tokenizer, PostgreSQL's simple parser)."""


def part_token(word):
    """The index token of `word` inside a compound (ひとり親 → part親), which a query matches, less strongly;
    none for a lone kana."""
    word = VARIANTS.get(word, word)
    return PART_MARK + word if word and not (len(word) == 1 and _KANA_ONLY.match(word)) else ""


def shingles(words):
    """Adjacent words joined (子育て 世代 包括 → 子育て世代, 世代包括): they match a phrase, not scattered words."""
    return [a + b for a, b in zip(words, words[1:], strict=False)]


def _words(text):
    words = []
    _japanese(fold_wave_dash(unicodedata.normalize("NFKC", text)), expand=False, words=words)
    return words


def phrase_tokens(text):
    """Tokens that match `text` as a phrase: its word pairs, or the word itself when it is one word."""
    words = _words(text)
    return shingles(words) or words


def word_pairs(text):
    """The pairs of adjacent words of Japanese `text`, as the index holds them (none for a single word)."""
    return shingles(_words(text))


@functools.cache
def _opencc():
    from opencc import OpenCC

    return OpenCC("t2s")


def to_simplified(text):
    """Traditional Chinese characters folded to simplified (認知症 → 认知症, 兒童 → 儿童), for Chinese text only:
    Japanese keeps its own forms."""
    return _opencc().convert(text)


def _chinese(run, expand):
    """Words, and for the index also the shorter words inside them (老年痴呆 → 老年, 痴呆, 老年痴呆). Traditional
    characters are folded to simplified first, in the index and in a query alike."""
    run = to_simplified(run)
    words = _jieba().cut_for_search(run) if expand else _jieba().cut(run)
    return [VARIANTS.get(w, w) for w in (normalize(w) for w in words) if w.strip()]


def korean_stem(word):
    """치매를 → 치매: the word without the particle attached to it."""
    return _korean(word)


@functools.lru_cache(maxsize=16384)
def _korean(word):
    """Kept per word (at most 16,384): the synonyms' one-syllable Korean words are compared with every word of
    every query through it, each a pass over the particles."""
    if word in KOREAN_PARTICLES:
        return ""
    for particle in KOREAN_PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 1:
            return word[: -len(particle)]
    return word


def _english(word):
    if word in ENGLISH_STOPWORDS:
        return ""
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def compound_parts(word):
    """The shorter words of a Japanese compound (介護保険 → 介護, 保険), or () for a single word."""
    found = {}
    _japanese(word, expand=False, compounds=found)
    return found.get(normalize(word), ())


def analyze(text, language="ja", *, expand=True):
    """The tokens of `text` written in `language`.

    `expand` adds what an index needs beyond the words themselves: readings, dictionary forms and the
    parts of compound words. A query is analysed without it, so each of its words stays one token.
    """
    if not text:
        return []
    text = _CONTRACTION.sub(r"\1", fold_wave_dash(unicodedata.normalize("NFKC", text)).replace("’", "'"))
    tokens = []
    for match in _RUNS.finditer(text):
        run = match.group(0)
        if match.lastgroup == "cjk":
            if languages.get(language).han_is_native and not re.search(f"[{_KANA}]", run):
                found = _chinese(run, expand)
            elif expand:
                words = []
                found = _japanese(run, expand, words=words)
                found += shingles(words)
                found += [name for name in kana_names(run) if name not in found]
            else:
                found = _japanese(run, expand)
        elif match.lastgroup == "hangul":
            word = normalize(run)
            stem = _korean(word)
            found = [stem] if not expand or stem == word else [stem, word]
            found = [t for t in found if t]
        else:
            word = normalize(run)
            if language == "vi" and word in VIETNAMESE_STOPWORDS:
                found = []
            else:
                stems = language == "en" or language not in languages.BY_CODE
                found = [_english(word)] if stems else [word]
                if language != "en" and word in ENGLISH_STOPWORDS:
                    found = []
        for token in found:
            if token and (expand or token not in tokens):
                tokens.append(token)
    return tokens


WARM_UP_TEXT = "相談窓口に行けない。認知症の親。咨詢兒童。상담을 받고 싶어요. Consulting the windows. Tư vấn"
"""A little of every script the analysers know, for load_analysers."""


def load_analysers():
    """Loads every analyser's dictionaries now (SudachiPy, jieba, OpenCC…) rather than at the first search in each
    language. portal.wsgi calls it, so that gunicorn, which loads the app before it starts its workers
    (gunicorn.conf.py: preload_app), loads them once and every worker shares their memory."""
    for code in languages.CODES:
        analyze(WARM_UP_TEXT, code)
        analyze(WARM_UP_TEXT, code, expand=False)
    phrase_tokens(WARM_UP_TEXT)


KANA_PARTICLES = (
    "から",
    "まで",
    "より",
    "って",
    "には",
    "では",
    "とは",
    "が",
    "を",
    "は",
    "に",
    "で",
    "と",
    "の",
    "も",
    "へ",
    "や",
    "か",
    "ね",
    "よ",
)
"""Particles that follow a word written in kana (にほんごが → にほんご)."""


def strip_kana_particle(word):
    for particle in KANA_PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 2:
            return word[: -len(particle)]
    return word


def reading(text):
    """The reading of Japanese text in hiragana (認知症 → にんちしょう), for matching what is typed in kana."""
    tokenizer, mode = _sudachi()
    parts = []
    for morpheme in tokenizer.tokenize(unicodedata.normalize("NFKC", text), mode.C):
        form = normalize(morpheme.reading_form()) if morpheme.part_of_speech()[0] != "補助記号" else ""
        parts.append(form if _KANA_ONLY.match(form or "-") else normalize(morpheme.surface()))
    return "".join(parts)


_LONG_VOWELS = (("ou", "o"), ("oo", "o"), ("uu", "u"))


def romaji_words(text):
    """Japanese text read out in plain romaji, word by word, for a page's web address (福祉総合相談窓口 →
    ['fukushi', 'sogo', 'sodan', 'madoguchi']): long vowels shortened as on the city's road signs; particles, prefixes
    and symbols left out; a word already in Latin letters (DIVE) kept as it is written."""
    tokenizer, mode = _sudachi()
    words = []
    for morpheme in tokenizer.tokenize(unicodedata.normalize("NFKC", text), mode.B):
        part = morpheme.part_of_speech()[0]
        if part in ("補助記号", "空白", "助詞", "助動詞") or (part == "接頭辞" and morpheme.surface() in "ごお御"):
            continue
        kana = jaconv.kata2hira(morpheme.reading_form()).replace("ー", "")
        if re.match(r"^[A-Za-z0-9]+$", morpheme.surface()):
            word = morpheme.surface()
        else:
            word = jaconv.kana2alphabet(kana) if _KANA_ONLY.match(kana or "-") else morpheme.surface()
        word = strip_latin_accents(word.casefold())
        for long, short in _LONG_VOWELS:
            word = word.replace(long, short)
        word = re.sub(r"[^a-z0-9]+", "", word)
        if word:
            words.append(word)
    return words


_SLUG_SKIP = frozenset("a an and the of for to in on at with your you our".split())


def short_slug(english="", japanese="", most_words=4):
    """A short ASCII web address for a page: from its English title when it has one, else from the reading of its
    Japanese title (福祉総合相談窓口 → fukushi-sogo-sodan-madoguchi). Short, so the QR codes on posters stay
    coarse; empty when neither gives a word."""
    if english and slugify(english):
        words = [word for word in slugify(english).split("-") if word and word not in _SLUG_SKIP]
    else:
        words = romaji_words(japanese or "")
    return "-".join(words[:most_words])[:50].strip("-")


def is_japanese(text):
    return bool(re.search(f"[{_HAN}{_KANA}]", text))


_ROMAJI = re.compile(r"^[a-z]+$")
_O_ROW = "おこそとのほもよろごぞどぼぽょ"


def romaji_readings(word):
    """Hiragana a romaji word may stand for (ninchishou → にんちしょう), or () when it is not romaji. Residents
    often leave long vowels out (ninchisho, shogai), so the readings with them put back come too."""
    import jaconv

    if not _ROMAJI.match(word) or len(word) < 3:
        return ()
    kana = jaconv.alphabet2kana(word)
    if not _KANA_ONLY.match(kana) or kana[0] in "んっ" or kana[-1] == "っ":
        return ()
    found = [kana]
    longer = kana.replace("ょう", "ょ").replace("ゅう", "ゅ").replace("ょ", "ょう").replace("ゅ", "ゅう")
    if kana[-1] in _O_ROW:
        found += [kana + "う", longer + ("う" if not longer.endswith("う") else "")]
    found.append(longer)
    return tuple(dict.fromkeys(found))


def is_kana_phrase(text):
    return bool(_KANA_ONLY.match(normalize(text).replace(" ", "")))
