"""Places to belong, for other parts of the portal (the area pages, the household finder)."""

import datetime

from django.db.models import Q

from services.models import PlacePage


def upcoming_places(*, area_slugs=None, age_slugs=None, attribute_slugs=None, limit=None, today=None):
    """Live, public places (specific pages) ordered by their next date, places without a date last.

    Each argument narrows the list when given: a place matches an age or situation filter when it carries any of
    the slugs; a place with no ages ticked is open to every age. Returns [(PlacePage, date or None), ...].
    """
    today = today or datetime.date.today()
    places = PlacePage.objects.live().public()
    if area_slugs:
        from services.models import AreaPage

        parents = AreaPage.objects.filter(area__slug__in=list(area_slugs))
        area_filter = Q()
        for parent in parents:
            area_filter |= Q(path__startswith=parent.path, depth=parent.depth + 1)
        if not parents:
            return []
        places = places.filter(area_filter)
    if age_slugs:
        places = places.filter(Q(ages__slug__in=list(age_slugs)) | Q(ages__isnull=True))
    if attribute_slugs:
        places = places.filter(attributes__slug__in=list(attribute_slugs))
    places = places.distinct().prefetch_related("schedules")
    dated = [(place, place.next_date(today)) for place in places]
    dated.sort(key=lambda pair: (pair[1] is None, pair[1] or datetime.date.max, pair[0].path))
    return dated[:limit] if limit is not None else dated
