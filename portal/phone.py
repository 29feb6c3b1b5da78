"""Phone numbers: the one way a number as written for people becomes a `tel:` link, and the one check of whether
text someone typed is a phone number at all."""

import re
import unicodedata

from django.conf import settings

_SEPARATORS = re.compile(r"[\s\-‐‑–—−ー()（）]")


def tel_href(number):
    """「042-364-4111」 → "tel:0423644111": digits (and a leading +) only, as every phone dials them."""
    return "tel:" + "".join(ch for ch in number if ch.isdigit() or ch == "+")


def city_main_tel():
    """The `tel:` link of the city's main number (settings.CITY_MAIN_PHONE)."""
    return tel_href(settings.CITY_MAIN_PHONE)


def is_phone_number(text):
    """A Japanese number as people write it: 10 or 11 digits starting with 0 (042-364-4111, 0120-000-000,
    090-0000-0000), or +81 and 9–10 digits; hyphens, spaces and brackets allowed, full-width digits too."""
    digits = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text or ""))
    if digits.startswith("+81"):
        return digits[3:].isdigit() and 9 <= len(digits[3:]) <= 10
    return digits.isdigit() and digits.startswith("0") and 10 <= len(digits) <= 11


# The public numbers of CONTRACT §5, each as written and as dialled (a "#" must be %23 inside a tel: link).
PUBLIC_LINES = {
    "police": ("110", "tel:110"),
    "ambulance": ("119", "tel:119"),
    "child_abuse": ("189", "tel:189"),
    "dv_navi": ("#8008", "tel:%238008"),
}
