"""The finder's two pages: the questions with their results, and the printable memo (thin: see form, finder, memo)."""

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from portal import languages, reach
from services.models import FOR_NEIGHBOURS_SLUG, QUICK_EXIT_ATTRIBUTE

from .finder import WORKING_TOGETHER_SLUG, explainer, find_help, general_window
from .form import EVERYDAY_WORDS, MAX_MEMBERS, MIN_ROWS, NAVI_PARAMETERS, WHO_CHOICES, NaviForm
from .memo import memo_column


def _household(answer, ages):
    """[(age label, how many)] in the taxonomy's order."""
    return [(a.name, answer.ages.count(a.slug)) for a in ages if a.slug in answer.ages]


def _is_submitted(request):
    return any(name in request.GET for name in NAVI_PARAMETERS)


def _form_context(form):
    shown = form.shown_values()
    rows = max(MIN_ROWS, len(shown["ages"]) + 1)
    member_rows = [shown["ages"][i] if i < len(shown["ages"]) else "" for i in range(min(rows, MAX_MEMBERS))]
    return {
        "form": form,
        "shown": shown,
        "who_choices": WHO_CHOICES,
        "member_rows": member_rows,
        "situations": [(a, EVERYDAY_WORDS.get(a.slug, a.name)) for a in form.attributes],
        "general_window": general_window(),
    }


@require_safe
def navi(request):
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


@require_safe
def navi_memo(request):
    """相談メモ: the answer and the chosen windows in the visitor's language and in Japanese, to print."""
    form = NaviForm(request.GET)
    if not form.is_valid():
        context = _form_context(form)
        context.update({"error": form.error_text(), "noindex": True})
        return render(request, "services/navi/navi.html", context, status=400)
    answer = form.answer()
    results = find_help(answer)
    window = general_window()
    language = translation.get_language()
    codes = [language] if language == settings.LANGUAGE_CODE else [language, settings.LANGUAGE_CODE]
    columns = []
    for code in codes:
        with translation.override(code):
            columns.append(
                [
                    {"lang": languages.get(code).html_lang, "heading": heading, "lines": lines}
                    for heading, lines in memo_column(answer, results, window)
                ]
            )
    headings = [{"lang": languages.get(code).html_lang, "name": languages.get(code).name_local} for code in codes]
    return render(
        request,
        "services/navi/memo.html",
        {
            "rows": list(zip(*columns, strict=True)),
            "headings": headings,
            "answer": answer,
            "today": timezone.localdate(),
            "general_window": window,
            "noindex": True,
            "query": request.GET.urlencode(),
            "quick_exit": True,
        },
    )
