"""The open-data downloads: public, no sign-in, CC BY 4.0."""

from django.http import JsonResponse
from django.views.decorators.http import require_safe

from . import directory, hsds, tables


@require_safe
def directory_file(request, fmt):
    return tables.response(directory.export_dataset(), fmt, f"directory.{fmt}")


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
