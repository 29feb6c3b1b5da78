"""相談メモ: the answer and what it found, as rows to print and show at a counter."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, pgettext

from portal import reading
from services.models import (
    AgeGroup,
    Area,
    Attribute,
)
from services.templatetags.directory_tags import listing

from .form import WHO_CHOICES

MEMO_WINDOWS = 4
"""The most windows the memo names (the general window first), so that it prints on one A4 page."""


def _window_line(service):
    """The window's name; in Japanese with its departments, to be passed on at the counter."""
    if translation.get_language() != settings.LANGUAGE_CODE:
        return service.title
    departments = listing(d.full_name for d in service.departments.all())
    return f"{service.title} ({departments})" if departments else service.title


def counter_lines(language):
    """The lines a resident ticks to show at the counter: each in Japanese, and what it says in `language`."""
    said = {
        reading.SOME_JAPANESE: gettext("I understand a little Japanese."),
        reading.EASY_JAPANESE: gettext("Please speak to me in easy Japanese."),
    }
    if language.name_in_japanese:
        said[reading.interpreter(language)] = pgettext("the language of this page", "I would like an interpreter.")
    return [{"ja": phrase, "own": said[phrase]} for phrase in reading.counter_phrases(language)]


def service_column(service):
    """The memo's rows for one program, reached from its page, in the active language."""
    return [(gettext("The window I would like to talk to"), [_window_line(service)])]


def memo_column(answer, results, window):
    """The memo's rows in the active language: [(heading, [lines])]. Called once per column."""
    labels = {
        "age": {a.slug: a.name for a in AgeGroup.objects.all()},
        "attribute": {a.slug: a.name for a in Attribute.objects.all()},
        "area": {a.slug: a.name for a in Area.objects.all()},
    }
    rows = []
    if answer.who:
        rows.append((gettext("Who I am worried about"), [str(dict(WHO_CHOICES)[answer.who])]))
    if answer.ages:
        household = [
            gettext("%(age)s: %(count)s") % {"age": labels["age"][slug], "count": answer.ages.count(slug)}
            for slug in answer.age_set
        ]
        rows.append((gettext("Who lives in the household"), household))
    if answer.attributes:
        rows.append((gettext("What is happening"), [labels["attribute"][slug] for slug in answer.attributes]))
    if answer.area:
        rows.append((gettext("Area"), [labels["area"][answer.area]]))
    windows = [window] if window else []
    windows += results.first + results.connect
    lines = [_window_line(service) for service in windows[:MEMO_WINDOWS]]
    if len(windows) > MEMO_WINDOWS:
        more = len(windows) - MEMO_WINDOWS
        lines.append(gettext("and %(count)s more in the finder's results") % {"count": more})
    rows.append((gettext("Windows I would like to talk to"), lines))
    if results.spans_fields:
        rows.append(
            (
                gettext("A request"),
                [gettext("Our worries span several offices. Could the offices work on them together (多機関協働)?")],
            )
        )
    return rows
