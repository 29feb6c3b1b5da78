"""The site's languages (CONTRACT §2), each written out once: settings and every module derive from here.

Imported by settings, so it needs nothing from Django's app registry.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Language:
    code: str
    """Django's language code, also the URL prefix (`/zh-hans/`)."""
    name: str
    """The language's name in English, translated for the admin."""
    name_local: str
    """How the language names itself in the language switcher."""
    html_lang: str
    """The `lang` attribute: Easy Japanese is Japanese to a screen reader."""
    hreflang: str
    """The `hreflang` value in alternates and the sitemap."""
    og_locale: str
    """Open Graph's `og:locale`."""
    name_in_japanese: str = ""
    """The language's name as a Japanese counter says it, to ask for an interpreter (「英語の通訳をお願いします」)."""
    japanese: bool = False
    """Written in Japanese: furigana on request, lists joined with 「、」, 「部 課」 in that order."""
    furigana_by_default: bool = False
    """Shows readings over kanji unless the visitor turns them off."""
    han_is_native: bool = False
    """Its own script is Han too: only kana mark a run as Japanese, and Han runs are segmented as Chinese."""

    @property
    def column(self):
        """The suffix of this language's database columns (modeltranslation's `title_zh_hans`)."""
        return self.code.replace("-", "_")

    @property
    def prefix(self):
        return f"/{self.code}/"


LANGUAGES = (
    Language("ja", _("Japanese"), "日本語", "ja", "ja", "ja_JP", japanese=True),
    Language(
        "ja-easy",
        _("Easy Japanese"),
        "やさしい日本語",
        "ja",
        "ja-x-easy",
        "ja_JP",
        japanese=True,
        furigana_by_default=True,
    ),
    Language("en", _("English"), "English", "en", "en", "en_US", name_in_japanese="英語"),
    Language(
        "zh-hans",
        _("Simplified Chinese"),
        "简体中文",
        "zh-Hans",
        "zh-Hans",
        "zh_CN",
        name_in_japanese="中国語",
        han_is_native=True,
    ),
    Language("ko", _("Korean"), "한국어", "ko", "ko", "ko_KR", name_in_japanese="韓国語"),
    Language("vi", _("Vietnamese"), "Tiếng Việt", "vi", "vi", "vi_VN", name_in_japanese="ベトナム語"),
)
DEFAULT = LANGUAGES[0]
"""Japanese: the language every page is written in first, and the fallback for every other."""

BY_CODE = {language.code: language for language in LANGUAGES}
CODES = tuple(BY_CODE)
COLUMNS = tuple(language.column for language in LANGUAGES)
JAPANESE_CODES = frozenset(language.code for language in LANGUAGES if language.japanese)


def get(code):
    """The language for a code; the default (Japanese) for an unknown or empty one."""
    return BY_CODE.get(code or "", DEFAULT)


def current():
    """The active language (Django's), as a Language."""
    return get(translation.get_language())


def is_japanese(code=None):
    """Whether a language (the active one when no code is given) is written in Japanese."""
    if code is None:
        code = translation.get_language()
    return (code or DEFAULT.code) in JAPANESE_CODES
