"""Language data every template needs: the switcher, `<html lang>` and hreflang alternates."""

from django.conf import settings
from django.urls import translate_url
from django.utils import translation


def site_languages(request):
    current = translation.get_language() or settings.LANGUAGE_CODE
    query = request.META.get("QUERY_STRING", "")
    suffix = f"?{query}" if query else ""
    switcher = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(request.path, code)
        switcher.append(
            {
                "code": code,
                "name": settings.LANGUAGE_NAMES_LOCAL[code],
                "html_lang": settings.HTML_LANG[code],
                "hreflang": settings.HREFLANG[code],
                "url": url + suffix,
                "alternate_url": url,
                "current": code == current,
            }
        )
    return {
        "site_languages": switcher,
        "html_lang": settings.HTML_LANG.get(current, "ja"),
        "current_language": current,
        "city_main_phone": settings.CITY_MAIN_PHONE,
        "city_main_tel": "tel:" + settings.CITY_MAIN_PHONE.replace("-", ""),
    }
