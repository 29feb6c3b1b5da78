"""The finder's two pages: the questions with their results, and the printable memo (thin: see form, finder, memo)."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from portal import languages, reach
from services.models import FOR_NEIGHBOURS_SLUG, QUICK_EXIT_ATTRIBUTE, ServicePage

from .finder import WORKING_TOGETHER_SLUG, explainer, find_help, general_window
from .form import EVERYDAY_WORDS, MAX_MEMBERS, NAVI_PARAMETERS, WHO_CHOICES, NaviForm, counters_as_ages
from .memo import counter_lines, memo_column, service_column

MEMO_PHRASES = 2
"""How many windows' phrases to say the memo lists, so that it still prints on one A4 page."""


def _household(answer, ages):
    """[(age label, how many)] in the taxonomy's order."""
    return [(a.name, answer.ages.count(a.slug)) for a in ages if a.slug in answer.ages]


def _is_submitted(request):
    return any(name in request.GET for name in NAVI_PARAMETERS)


def _form_context(form):
    shown = form.shown_values()
    return {
        "form": form,
        "shown": shown,
        "who_choices": WHO_CHOICES,
        "counters": [(age, shown["ages"].count(age.slug)) for age in form.ages],
        "max_members": MAX_MEMBERS,
        "situations": [(a, EVERYDAY_WORDS.get(a.slug, a.name)) for a in form.attributes],
        "general_window": general_window(),
    }


@require_safe
def navi(request):
    canonical = counters_as_ages(request.GET)
    if canonical is not None:
        return redirect(f"{request.path}?{canonical.urlencode()}")
    form = NaviForm(request.GET if _is_submitted(request) else None)
    context = _form_context(form)
    if not form.is_bound:
        return render(request, "services/navi/navi.html", context)
    context["noindex"] = True
    if not form.is_valid():
        context["error"] = form.error_text()
        return render(request, "services/navi/navi.html", context, status=400)
    answer = form.answer()
    results = find_help(answer)
    context.update(
        {
            "answer": answer,
            "results": results,
            "area_tel": results.area_page.coordinator_tel_href if results.area_page else "",
            "household": _household(answer, form.ages),
            "chosen_situations": [a for a in form.attributes if a.slug in answer.attributes],
            "working_together": explainer(WORKING_TOGETHER_SLUG),
            "for_neighbours": explainer(FOR_NEIGHBOURS_SLUG) if answer.who == "neighbour" else None,
            "query": request.GET.urlencode(),
            "quick_exit": QUICK_EXIT_ATTRIBUTE in answer.attributes,
            "public_lines": ["police", "dv_navi"] if QUICK_EXIT_ATTRIBUTE in answer.attributes else [],
        }
    )
    reach.count_finder_results(request)
    return render(request, "services/navi/navi.html", context)


def _memo_service(request):
    """The program whose page linked the memo (`?service=<page id>`): None when absent, False when not a live one."""
    value = request.GET.get("service", "")
    if not value:
        return None
    if not value.isdigit() or len(value) > 10:
        return False
    return ServicePage.objects.live().public().filter(pk=int(value)).first() or False


@require_safe
def navi_memo(request):
    """相談メモ: what to show at the counter, Japanese first and in the visitor's language beside it, to print.

    Reached from a program's page (`?service=`) it names that program; from the finder, the answer and its windows.
    """
    form = NaviForm(request.GET)
    service = _memo_service(request)
    if not form.is_valid() or service is False:
        context = _form_context(form)
        error = form.error_text() if form.errors else gettext("The program was not recognised. Please search again.")
        context.update({"error": error, "noindex": True})
        return render(request, "services/navi/navi.html", context, status=400)
    answer = form.answer()
    results = find_help(answer)
    window = general_window()
    language = translation.get_language()
    codes = [settings.LANGUAGE_CODE] if language == settings.LANGUAGE_CODE else [settings.LANGUAGE_CODE, language]
    columns = []
    for code in codes:
        with translation.override(code):
            rows = service_column(service) if service else memo_column(answer, results, window)
            columns.append([{"lang": languages.get(code).html_lang, "heading": h, "lines": lines} for h, lines in rows])
    headings = [{"lang": languages.get(code).html_lang, "name": languages.get(code).name_local} for code in codes]
    windows = [service] if service else results.first[:MEMO_PHRASES]
    return render(
        request,
        "services/navi/memo.html",
        {
            "rows": list(zip(*columns, strict=True)),
            "headings": headings,
            "answer": answer,
            "service": service,
            "phrases": [w.phrase_to_say() for w in windows],
            "counter_lines": counter_lines(languages.current()) if language != settings.LANGUAGE_CODE else [],
            "today": timezone.localdate(),
            "general_window": window,
            "noindex": True,
            "query": request.GET.urlencode(),
            "back_url": service.url if service else "",
            "quick_exit": True,
        },
    )
