"""The reach counts' two doors: the beacon browsers POST a phone tap to, and the editors' CSV download."""

import csv

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import reach
from .models import DailyCount


@csrf_exempt
@require_POST
def reach_beacon(request):
    """POST /api/reach/: a browser says a resident tapped a phone number. No cookie is set, no IP is read."""
    metric = request.POST.get("metric", "")
    language = request.POST.get("language", "") or settings.LANGUAGE_CODE
    if metric not in reach.BEACON_METRICS:
        known = ", ".join(sorted(reach.BEACON_METRICS))
        return JsonResponse({"error": f"unknown metric “{metric[:40]}”: use one of {known}"}, status=400)
    if language not in reach.LANGUAGE_CODES:
        codes = ", ".join(sorted(reach.LANGUAGE_CODES))
        return JsonResponse({"error": f"unknown language “{language[:20]}”: use one of {codes}"}, status=400)
    reach.count_request(request, metric, language=language)
    return HttpResponse(status=204)


def reach_export(request):
    """Admin: every daily count as CSV, UTF-8 with a byte order mark so Excel opens the Japanese correctly."""
    if not reach.can_export(request.user):
        raise PermissionDenied
    reach.write_pending()  # this process's counts not yet written
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="reach-{timezone.localdate():%Y%m%d}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["date", "metric", "language", "count"])
    rows = DailyCount.objects.order_by("date", "metric", "language").values_list("date", "metric", "language", "count")
    for date, metric, language, count in rows.iterator():
        writer.writerow([date.isoformat(), metric, language, count])
    return response


def reach_report(request):
    """Admin: every day of the last 30 days, each metric a column (the dashboard shows only a week's summary)."""
    days = reach.last_days(30)
    context = {
        "metric_labels": list(reach.METRICS.values()),
        "days": days,
        "totals": [sum(column) for column in zip(*(day["counts"] for day in days), strict=True)],
        "export_url": reverse("reach_export") if reach.can_export(request.user) else "",
    }
    return render(request, "portal/admin/reach_report.html", context)
