"""The editors' report in the admin: what residents search for."""

from django.shortcuts import render

from .querylog import daily_summary


def search_report(request):
    """Admin report: per day, the most frequent queries and the queries with no result."""
    return render(request, "search/admin/report.html", {"summary": daily_summary()})
