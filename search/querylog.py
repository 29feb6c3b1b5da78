"""Counts what residents search for, per day. No IP address, cookie or identity is read or stored."""

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from .models import QueryLog


def record(query, language, found):
    text = QueryLog.normalize_query(query)
    if not text:
        return
    day = timezone.localdate()
    changes = {"searches": F("searches") + 1, "empty": F("empty") + (0 if found else 1)}
    rows = QueryLog.objects.filter(day=day, query=text, language=language)
    if rows.update(**changes):
        return
    try:
        with transaction.atomic():
            QueryLog.objects.create(day=day, query=text, language=language, searches=1, empty=0 if found else 1)
    except IntegrityError:
        rows.update(**changes)


def daily_summary(days=14, top=20):
    """For each of the last `days` days with searches: the most frequent queries and those that found nothing."""
    since = timezone.localdate() - timezone.timedelta(days=days - 1)
    summary = []
    for day in QueryLog.objects.filter(day__gte=since).order_by("-day").values_list("day", flat=True).distinct():
        rows = QueryLog.objects.filter(day=day)
        totals = rows.aggregate(searches=Sum("searches"), empty=Sum("empty"))
        summary.append(
            {
                "day": day,
                "searches": totals["searches"] or 0,
                "empty": totals["empty"] or 0,
                "top": list(rows.order_by("-searches", "query")[:top]),
                "no_result": list(rows.filter(empty__gt=0).order_by("-empty", "query")[:top]),
            }
        )
    return summary
