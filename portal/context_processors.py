"""Language data every template needs: the switcher, `<html lang>` and hreflang alternates."""

import functools

from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from . import languages, phone


@functools.lru_cache(maxsize=2048)
def translated(path, code, active):
    """translate_url, kept per process for the 2,048 paths and languages asked most recently: it resolves the path
    (in the `active` language, which decides which language prefix resolves) and reverses it in `code`, the same
    answer every time for the same URLconf."""
    return translate_url(path, code)


def site_languages(request):
    current = translation.get_language() or settings.LANGUAGE_CODE
    query = request.GET.urlencode()  # percent-encoded: a client may send the query raw (UTF-8), as curl does
    suffix = f"?{query}" if query else ""
    switcher = []
    for language in languages.LANGUAGES:
        code = language.code
        url = translated(request.path, code, translation.get_language())
        switcher.append(
            {
                "code": code,
                "name": language.name_local,
                "html_lang": language.html_lang,
                "hreflang": language.hreflang,
                "url": url + suffix,
                "alternate_url": url,
                "current": code == current,
            }
        )
    furigana_on = getattr(request, "furigana", False)
    params = request.GET.copy()
    params["furigana"] = "off" if furigana_on else "on"
    return {
        "furigana_available": current in languages.JAPANESE_CODES,
        "furigana_on": furigana_on,
        "furigana_toggle_url": f"{request.path}?{params.urlencode()}",
        "site_languages": switcher,
        "html_lang": languages.get(current).html_lang,
        "current_language": current,
        "city_main_phone": settings.CITY_MAIN_PHONE,
        "city_main_tel": phone.city_main_tel(),
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "official_site_url": settings.CITY_OFFICIAL_SITE_URL,
    }
