"""Admin reports for editors."""

import datetime

from django import forms
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext
from wagtail.models import Page

from portal import languages

from . import drift, schedules
from .models.pages import TranslatedPageMixin
from .models.places import PlacePage, PlaceSchedule
from .panels import PREVIEW_COUNT


def missing_translations(request):
    """Per site language, the live pages not yet written in it and those written before the Japanese changed."""
    pages = [p for p in Page.objects.live().specific().order_by("path") if isinstance(p, TranslatedPageMixin)]
    rows = []
    for code in languages.CODES:
        missing = [p for p in pages if not p.is_translated(code)]
        stale = drift.out_of_date_pages(code)
        out_of_date = [p for p in pages if p.pk in stale and p.is_translated(code)]
        rows.append({"code": code, "name": languages.get(code).name, "missing": missing, "out_of_date": out_of_date})
    return render(request, "services/admin/missing_translations.html", {"languages": rows, "total": len(pages)})


def _time(value):
    try:
        return forms.TimeField().clean(value) if value else None
    except forms.ValidationError:
        return None


def next_dates_preview(request):
    """POST the place edit form: the next five dates the unsaved schedule gives, with every problem in it, as JSON
    for the admin panel (static/js/admin-next-dates.js)."""
    if request.method != "POST":
        return JsonResponse({"error": "POST the place form"}, status=405)
    data = request.POST
    try:
        total = min(int(data.get("schedules-TOTAL_FORMS", "0")), 50)
    except ValueError:
        total = 0
    rows = []
    for index in range(total):
        prefix = f"schedules-{index}-"
        if data.get(prefix + "DELETE") or data.get(prefix + "weekday", "") == "":
            continue
        weekday = data.get(prefix + "weekday", "")
        if not weekday.isdigit() or int(weekday) > 6:
            continue
        weeks = ",".join(w for w in data.getlist(prefix + "weeks") if w in {"1", "2", "3", "4", "5"})
        rows.append(
            PlaceSchedule(
                frequency=data.get(prefix + "frequency", PlaceSchedule.MONTHLY),
                weeks=weeks,
                weekday=int(weekday),
                start_time=_time(data.get(prefix + "start_time")),
                end_time=_time(data.get(prefix + "end_time")),
            )
        )
    place = PlacePage(
        closed_months=",".join(data.getlist("closed_months")),
        cancelled_dates=data.get("cancelled_dates", ""),
        extra_dates=data.get("extra_dates", ""),
    )
    errors, _parsed = place.schedule_errors()
    days = schedules.next_days(rows, datetime.date.today(), PREVIEW_COUNT, **place.schedule_exceptions())
    return JsonResponse(
        {
            "dates": [{"iso": day.isoformat(), "text": date_format(day, "Y-m-d (D)")} for day in days],
            "errors": [message for messages in errors.values() for message in messages],
            "none": gettext("No date in the coming year."),
        }
    )
