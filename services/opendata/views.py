"""The open-data downloads: public, no sign-in, CC BY 4.0."""

from django.views.decorators.http import require_safe

from . import directory, tables


@require_safe
def directory_file(request, fmt):
    return tables.response(directory.export_dataset(), fmt, f"directory.{fmt}")
