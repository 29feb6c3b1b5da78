"""The open-data downloads: public, no sign-in, CC BY 4.0."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import directory, hsds, places, tables


@require_safe
def directory_file(request, fmt):
    return tables.response(directory.export_dataset(), fmt, f"directory.{fmt}")


@require_safe
def place_directory_file(request, fmt):
    return tables.response(places.directory_dataset(), fmt, f"place-directory.{fmt}")


@require_safe
def place_events_file(request):
    """The coming dates of places to belong, in the columns of the 自治体標準オープンデータセット「イベント一覧」."""
    return tables.response(places.events_dataset(), "csv", "places.csv")


@require_safe
def hsds_services(request):
    try:
        answer = hsds.services_page(request.GET.get("page"), request.GET.get("per_page"))
    except hsds.BadPage as error:
        return _json({"error": str(error)}, status=400)
    return _json(answer)


@require_safe
def hsds_service(request, service_id):
    record = hsds.find_service(service_id)
    if record is None:
        return _json({"error": "no live service has this id"}, status=404)
    return _json(record)


def _json(data, status=200):
    answer = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    answer["Access-Control-Allow-Origin"] = "*"
    answer["Link"] = f'<{tables.LICENCE_URL}>; rel="license"'
    return answer


@require_safe
def open_data_page(request):
    """/<lang>/open-data/: what is published, the licence, the formats and the date of the data."""
    latest = directory.live_programs().order_by("-last_published_at").values_list("last_published_at", flat=True)
    newest = latest.first()
    return render(request, "services/opendata/open_data.html", {"data_date": newest.date() if newest else None})
