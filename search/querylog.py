"""Counts what residents search for, per day. No IP address, cookie or identity is read or stored.

Each process adds its counts up in memory and writes them in one transaction every SEARCH_LOG_BUFFER searches,
every SEARCH_LOG_FLUSH_SECONDS, and when it exits: one write per search would make the busiest page wait on the
database's write lock. With SEARCH_LOG_BUFFER = 0 (the tests) every search is written at once.
"""

import atexit
import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Sum
from django.utils import timezone

from portal import reach
from portal.models import DailyCount, add_to_rows

from .models import QueryLog

log = logging.getLogger(__name__)


def record(query, language, found):
    text = QueryLog.normalize_query(query)
    if not text:
        return
    _buffer.add_query((timezone.localdate(), text, language), 0 if found else 1)


def count_search(request, query, language, found, metric_language):
    """Everything one search counts: the query log, and (unless HEAD, a preview or a robot) a search that
    found nothing in `metric_language`."""
    record(query, language, found)
    if not found and reach.is_countable(request):
        reach.validate("search_no_result", metric_language)
        _buffer.add_count((timezone.localdate(), "search_no_result", metric_language))


class _Buffer:
    def __init__(self):
        self.lock = threading.Lock()
        self.queries = Counter()
        self.empty = Counter()
        self.counts = Counter()
        self.pending = 0
        self.since = None

    @staticmethod
    def size():
        return getattr(settings, "SEARCH_LOG_BUFFER", 0)

    def add_query(self, key, empty):
        with self.lock:
            self.queries[key] += 1
            self.empty[key] += empty
            self._added()
        self.flush_when_due()

    def add_count(self, key):
        with self.lock:
            self.counts[key] += 1
            self._added()
        self.flush_when_due()

    def _added(self):
        self.pending += 1
        if self.since is None:
            self.since = time.monotonic()

    def flush_when_due(self):
        seconds = getattr(settings, "SEARCH_LOG_FLUSH_SECONDS", 10)
        if self.pending >= self.size() or (self.since is not None and time.monotonic() - self.since >= seconds):
            self.flush()

    def flush(self):
        with self.lock:
            queries = {key: (n, self.empty[key]) for key, n in self.queries.items()}
            counts = dict(self.counts)
            self.queries, self.empty, self.counts = Counter(), Counter(), Counter()
            self.pending, self.since = 0, None
        if not queries and not counts:
            return
        try:
            with transaction.atomic():
                add_to_rows(QueryLog, ("day", "query", "language"), ("searches", "empty"), queries)
                add_to_rows(DailyCount, ("date", "metric", "language"), ("count",), counts)
        except DatabaseError:
            log.warning(
                "Could not write %d query log rows and %d counts; kept for the next try.",
                len(queries),
                len(counts),
                exc_info=True,
            )
            with self.lock:
                for key, (n, empty) in queries.items():
                    self.queries[key] += n
                    self.empty[key] += empty
                self.counts.update(counts)
                self.pending += len(queries) + len(counts)
                self.since = self.since or time.monotonic()


_buffer = _Buffer()


def flush():
    """Write what this process has counted and not yet written."""
    _buffer.flush()


atexit.register(flush)
reach.write_pending_with(flush)  # the dashboard and the CSV show this process's counts too


def daily_summary(days=14, top=20):
    """For each of the last `days` days with searches: the most frequent queries and those that found nothing."""
    flush()
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
