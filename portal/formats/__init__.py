"""Dates in each site language (settings.FORMAT_MODULE_PATH); Easy Japanese falls back to Japanese.

`MEETING_DAY_FORMAT` writes a place's meeting day: 「12月9日（水）」, "Wed 9 Dec", "12月9日（周三）",
"12월 9일 (수)", "Thứ Tư, 9/12". Django's catalogues name some weekdays otherwise (星期三, 수요일, Thứ 4);
our catalogues keep the words residents see, through these entries of Django's own msgids:
"""

from django.utils.translation import gettext_noop

WEEKDAY_WORDS = [
    gettext_noop("Mon"),
    gettext_noop("Tue"),
    gettext_noop("Wed"),
    gettext_noop("Thu"),
    gettext_noop("Fri"),
    gettext_noop("Sat"),
    gettext_noop("Sun"),
]
