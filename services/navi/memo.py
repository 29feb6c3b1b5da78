"""相談メモ: the answer and what it found, as rows to print and show at a counter."""

from django.utils.translation import gettext

from services.models import (
    AgeGroup,
    Area,
    Attribute,
)
from services.templatetags.directory_tags import listing

from .form import WHO_CHOICES


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
    lines = []
    for service in windows:
        departments = listing(d.full_name for d in service.departments.all())
        lines.append(f"{service.title} ({departments})" if departments else service.title)
    rows.append((gettext("Windows I would like to talk to"), lines))
    if results.spans_fields:
        rows.append(
            (
                gettext("A request"),
                [gettext("Our worries span several offices. Could the offices work on them together (多機関協働)?")],
            )
        )
    return rows
