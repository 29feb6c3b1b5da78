"""Reach counts for the city's coordination meeting: how many times a day something happened, per language.

Nothing about who: no cookie is set or read, no IP address, no User-Agent is stored. A row is only
(date, metric, language, count). HEAD requests, Wagtail previews and obvious bots are not counted.
"""

import re

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from . import languages
from .models import DailyCount, add_to_rows

METRICS = {
    "general_window_view": _("Views of the general welfare consultation window page"),
    "coordinator_view": _("Views of the community welfare coordinators page"),
    "area_coordinator_view": _("Views of an area page (its community welfare coordinator)"),
    "navi_completion": _("Consultation finder: results shown"),
    "search_no_result": _("Searches that found nothing (search page and API)"),
    "phone_tap": _("Taps on a phone number"),
}
"""Every metric, in the order the dashboard and the CSV show them."""

BEACON_METRICS = frozenset({"phone_tap"})
"""Metrics a browser may report to POST /api/reach/; everything else is counted on the server."""

BOT_USER_AGENT = re.compile(r"bot\b|crawl|spider|slurp", re.IGNORECASE)
"""Obvious robots by their User-Agent (Googlebot, bingbot, AhrefsBot, Baiduspider, …)."""

LANGUAGE_CODES = frozenset(languages.CODES)


def validate(metric: str, language: str) -> None:
    if metric not in METRICS:
        raise ValueError(f"unknown metric: {metric!r}")
    if language not in LANGUAGE_CODES:
        raise ValueError(f"unknown language: {language!r}")


def record(metric: str, *, language: str) -> None:
    """Add one to today's count of `metric` in `language` (a site language code), atomically."""
    validate(metric, language)
    add_to_rows(DailyCount, ("date", "metric", "language"), ("count",), {(timezone.localdate(), metric, language): 1})


def is_countable(request) -> bool:
    """A real visit: not HEAD, not a Wagtail preview, not a robot or a client that does not say what it is."""
    if request.method == "HEAD" or getattr(request, "is_preview", False):
        return False
    user_agent = request.META.get("HTTP_USER_AGENT", "")
    return bool(user_agent.strip()) and not BOT_USER_AGENT.search(user_agent)


def current_language() -> str:
    language = translation.get_language()
    return language if language in LANGUAGE_CODES else settings.LANGUAGE_CODE


def count_request(request, metric: str, *, language: str | None = None) -> None:
    """Count `metric` for this request unless it is HEAD, a preview or a bot; the language defaults to the
    page's."""
    if is_countable(request):
        record(metric, language=language or current_language())


def count_finder_results(request) -> None:
    """Call once where the 相談先ナビ (/<lang>/navi/) shows its results: counts a finder completion."""
    count_request(request, "navi_completion")


def count_page_view(page, request) -> None:
    """Count a view of a page that says which metric its views count towards (its `reach_metric()`: the
    general window, the coordinators' page, an area page)."""
    page = page.specific_deferred
    metric = page.reach_metric() if hasattr(page, "reach_metric") else None
    if metric:
        count_request(request, metric)


_pending = []


def write_pending_with(flush) -> None:
    """Registers a function that writes counts a process still holds in memory (search.querylog's buffer), so
    that the dashboard and the CSV show them."""
    if flush not in _pending:
        _pending.append(flush)


def write_pending() -> None:
    for flush in _pending:
        flush()


def last_days(days=30):
    """Per day, newest first, the count of every metric (all languages together), zero included."""
    write_pending()  # this process's searches that found nothing, not yet written
    today = timezone.localdate()
    since = today - timezone.timedelta(days=days - 1)
    totals = {}
    for row in (
        DailyCount.objects.filter(date__gte=since, date__lte=today)
        .values("date", "metric")
        .annotate(total=Sum("count"))
    ):
        totals[(row["date"], row["metric"])] = row["total"]
    return [
        {
            "date": day,
            "counts": [totals.get((day, metric), 0) for metric in METRICS],
        }
        for day in (today - timezone.timedelta(days=n) for n in range(days))
    ]


def week_summary():
    """For the dashboard: per metric, the last 7 days and the 7 days before, busiest first (a short list, not a
    table of days)."""
    days = last_days(14)
    this_week = [sum(column) for column in zip(*(day["counts"] for day in days[:7]), strict=True)]
    week_before = [sum(column) for column in zip(*(day["counts"] for day in days[7:]), strict=True)]
    rows = [
        {"metric": metric, "label": label, "this_week": this_week[n], "week_before": week_before[n]}
        for n, (metric, label) in enumerate(METRICS.items())
    ]
    return sorted(rows, key=lambda row: -row["this_week"])


def can_export(user) -> bool:
    """Superusers, Wagtail's moderators, and anyone given “Can download the reach counts”."""
    if not user.is_active:
        return False
    return (
        user.is_superuser or user.has_perm("portal.export_dailycount") or user.groups.filter(name="Moderators").exists()
    )
