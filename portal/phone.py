"""Phone numbers: the one way a number as written for people becomes a `tel:` link."""

from django.conf import settings


def tel_href(number):
    """「042-364-4111」 → "tel:0423644111": digits (and a leading +) only, as every phone dials them."""
    return "tel:" + "".join(ch for ch in number if ch.isdigit() or ch == "+")


def city_main_tel():
    """The `tel:` link of the city's main number (settings.CITY_MAIN_PHONE)."""
    return tel_href(settings.CITY_MAIN_PHONE)
