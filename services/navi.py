"""相談先ナビ: a few plain questions about a household lead to the windows to talk to first, ways to connect and
activities nearby, with the general consultation window always there. 相談メモ prints the answer to show at a
counter, in the visitor's language beside Japanese.

Everything travels in the URL (GET), so a result can be shared, bookmarked and used without JavaScript.
"""

from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from portal import languages, reach
from services.models import (
    AgeGroup,
    Area,
    AreaPage,
    Attribute,
    DirectorySettings,
    ExplainerPage,
    PlacePage,
    ServicePage,
)
from services.templatetags.directory_tags import listing

WORKING_TOGETHER_SLUG = "working-together"
FOR_NEIGHBOURS_SLUG = "for-neighbours"
NAVI_PARAMETERS = ("who", "age", "attribute", "area")
MAX_MEMBERS = 10
"""The most household members the form accepts; it shows one more empty row than were given, at least MIN_ROWS."""
MIN_ROWS = 6
PLACES_SHOWN = 6
"""How many places to belong the results list, soonest first."""

WHO_CHOICES = [
    ("me", _("Me")),
    ("family", _("Someone in my family")),
    ("neighbour", _("Someone near me (a neighbour, a friend, someone I look out for)")),
]

EVERYDAY_WORDS = {
    "elderly-care": _("An older person needs help or care in daily life"),
    "dementia": _("Forgetting things more and more; worried about dementia"),
    "disability": _("Living with a disability, or a family member has one"),
    "child-rearing": _("Worries about raising a child"),
    "single-parent": _("Raising children alone"),
    "poverty": _("Money is short; hard to pay for daily life"),
    "work": _("Cannot find work, or finds it hard to keep working"),
    "housing": _("Trouble finding or keeping a home"),
    "isolation": _("Someone hardly leaves home, or has no one to talk to"),
    "women": _("Violence or hurtful treatment at home; troubles as a woman"),
    "foreign-resident": _("Language or life in Japan as a foreign resident"),
    "health": _("Worries about health of body or mind"),
    "school": _("Not going to school, or trouble at school"),
    "carer": _("Caring for a family member is hard (also a child who looks after family)"),
    "community": _("Wants to meet people, join local activities or help others"),
}
"""What the "what is happening" question says for each situation (CONTRACT §1 attribute slugs), in everyday words.
A situation an editor adds later shows its label."""


class NaviForm(forms.Form):
    """Checks the navi's GET parameters; `age` is repeatable, one per household member, duplicates allowed."""

    who = forms.ChoiceField(choices=WHO_CHOICES, required=False)
    age = forms.MultipleChoiceField(required=False)
    attribute = forms.MultipleChoiceField(required=False)
    area = forms.ChoiceField(required=False)

    def __init__(self, data=None, **kwargs):
        if data is not None:
            # Empty household rows and an unchosen area are "no answer", not an error.
            data = data.copy()
            for name in ("age", "attribute"):
                data.setlist(name, [v for v in data.getlist(name) if v.strip()])
        super().__init__(data, **kwargs)
        self.ages = list(AgeGroup.objects.all())
        self.attributes = list(Attribute.objects.all())
        self.areas = list(Area.objects.all())
        self.fields["age"].choices = [(a.slug, a.name) for a in self.ages]
        self.fields["attribute"].choices = [(a.slug, a.name) for a in self.attributes]
        self.fields["area"].choices = [("", "")] + [(a.slug, a.name) for a in self.areas]
        # The messages do not repeat the value: a link must not make the city's site say arbitrary words.
        invalid = {
            "age": _("One of the age groups was not recognised. Please choose it again."),
            "attribute": _("One of the situations was not recognised. Please choose it again."),
            "area": _("The area was not recognised. Please choose it again."),
            "who": _("Please choose who you are worried about again."),
        }
        for name, message in invalid.items():
            self.fields[name].error_messages["invalid_choice"] = message

    def clean_age(self):
        ages = self.cleaned_data["age"]
        if len(ages) > MAX_MEMBERS:
            raise forms.ValidationError(
                _("Please give at most %(count)s household members."), params={"count": MAX_MEMBERS}
            )
        return ages

    def error_text(self):
        return " ".join(str(message) for errors in self.errors.values() for message in errors)

    def answer(self):
        data = self.cleaned_data
        return NaviAnswer(
            who=data["who"],
            ages=data["age"],
            attributes=list(dict.fromkeys(data["attribute"])),
            area=data["area"],
        )

    def shown_values(self):
        """What the form shows as chosen: the checked answer, or after an error the values that were understood."""
        if self.is_bound and self.is_valid():
            answer = self.answer()
            return {"who": answer.who, "ages": answer.ages, "attributes": answer.attributes, "area": answer.area}
        raw = self.data if self.is_bound else {}
        known_ages = {a.slug for a in self.ages}
        known_attributes = {a.slug for a in self.attributes}
        return {
            "who": raw.get("who") if raw.get("who") in dict(WHO_CHOICES) else "",
            "ages": [v for v in raw.getlist("age") if v in known_ages][:MAX_MEMBERS] if raw else [],
            "attributes": [v for v in raw.getlist("attribute") if v in known_attributes] if raw else [],
            "area": raw.get("area") if raw.get("area") in {a.slug for a in self.areas} else "",
        }


@dataclass
class NaviAnswer:
    who: str = ""
    ages: list = field(default_factory=list)
    """One age slug per household member, in the order given; the same slug may come more than once."""
    attributes: list = field(default_factory=list)
    area: str = ""

    @property
    def age_set(self):
        return list(dict.fromkeys(self.ages))

    @property
    def is_empty(self):
        return not self.ages and not self.attributes


def general_window():
    """The page editors chose as the general window (Settings → Directory), listed apart from the results."""
    return DirectorySettings.general_window_page()


def _general_window_id():
    return DirectorySettings.general_window_page_id()


def matching_services(answer, kinds):
    """Live programs of these kinds for the household: OR within ages and within situations, AND across, and
    citywide or in the chosen area, as the search filters them (CONTRACT §4). The general window is listed apart."""
    services = ServicePage.objects.live().public().filter(kinds__slug__in=kinds)
    if answer.ages:
        services = services.filter(ages__slug__in=answer.age_set)
    if answer.attributes:
        services = services.filter(attributes__slug__in=answer.attributes)
    if answer.area:
        services = services.filter(Q(citywide=True) | Q(areas__slug=answer.area))
    return list(
        services.exclude(pk=_general_window_id())
        .distinct()
        .prefetch_related("departments", "attributes")
        .order_by("path")
    )


def places_for(answer):
    """Places to belong for the household, soonest first; if none share its situations, those for its ages."""
    area_slugs = [answer.area] if answer.area else None
    ages = answer.age_set or None
    places = PlacePage.upcoming(
        area_slugs=area_slugs, age_slugs=ages, attribute_slugs=answer.attributes or None, limit=PLACES_SHOWN
    )
    if not places and answer.attributes:
        places = PlacePage.upcoming(area_slugs=area_slugs, age_slugs=ages, limit=PLACES_SHOWN)
    return places


def _departments_of(services):
    return {d.pk for s in services for d in s.departments.all()}


def spans_fields(answer):
    """True when the household's troubles belong to different offices, so that the city's offices would work on
    them together (多機関協働): two situations, or two members' ages, whose consultation windows (the general
    window aside) belong to no common department. A situation with no window of its own counts by its programs."""
    if not answer.attributes:
        return False
    windows = list(
        ServicePage.objects.live()
        .public()
        .filter(kinds__slug="consultation")
        .exclude(pk=_general_window_id())
        .distinct()
        .prefetch_related("departments", "attributes", "ages")
    )
    programs = None
    groups = []
    for slug in answer.attributes:
        carrying = [w for w in windows if any(a.slug == slug for a in w.attributes.all())]
        if not carrying:
            if programs is None:
                programs = list(
                    ServicePage.objects.live()
                    .public()
                    .exclude(kinds__slug="collaboration")
                    .exclude(pk=_general_window_id())
                    .prefetch_related("departments", "attributes")
                )
            carrying = [p for p in programs if any(a.slug == slug for a in p.attributes.all())]
        groups.append(_departments_of(carrying))
    if len(answer.age_set) > 1:
        chosen = set(answer.attributes)
        for age in answer.age_set:
            serving = [
                w
                for w in windows
                if any(a.slug == age for a in w.ages.all()) and any(a.slug in chosen for a in w.attributes.all())
            ]
            groups.append(_departments_of(serving))
    groups = [g for g in groups if g]
    return any(not (a & b) for i, a in enumerate(groups) for b in groups[i + 1 :])


@dataclass
class NaviResults:
    first: list
    """Windows to talk to first (kind consultation)."""
    connect: list
    """Ways to connect and places to belong (participation, place)."""
    community: list
    """Activities in the area (community)."""
    places: list
    """[(PlacePage, next date or None)]"""
    area_page: object
    spans_fields: bool

    @property
    def count(self):
        return len(self.first) + len(self.connect) + len(self.community) + len(self.places)


def find_help(answer):
    first = connect = community = places = []
    if not answer.is_empty:
        first = matching_services(answer, ["consultation"])
        shown = {s.pk for s in first}
        connect = [s for s in matching_services(answer, ["participation", "place"]) if s.pk not in shown]
        shown |= {s.pk for s in connect}
        community = [s for s in matching_services(answer, ["community"]) if s.pk not in shown]
        places = places_for(answer)
    area_page = None
    if answer.area:
        area_page = AreaPage.objects.live().public().filter(area__slug=answer.area).first()
    return NaviResults(
        first=first,
        connect=connect,
        community=community,
        places=places,
        area_page=area_page,
        spans_fields=spans_fields(answer),
    )


def _explainer(slug):
    return ExplainerPage.objects.live().public().filter(slug=slug).first()


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
            "working_together": _explainer(WORKING_TOGETHER_SLUG),
            "for_neighbours": _explainer(FOR_NEIGHBOURS_SLUG) if answer.who == "neighbour" else None,
            "query": request.GET.urlencode(),
        }
    )
    reach.count_finder_results(request)
    return render(request, "services/navi/navi.html", context)


def memo_column(answer, results, window):
    """The memo's rows in the active language: [(heading, [lines])]. Called once per column."""
    labels = {
        "age": {a.slug: a.name for a in AgeGroup.objects.all()},
        "attribute": {a.slug: a.name for a in Attribute.objects.all()},
        "area": {a.slug: a.name for a in Area.objects.all()},
    }
    rows = []
    if answer.who:
        rows.append((gettext("Who I am worried about"), [str(dict(WHO_CHOICES)[answer.who])]))
    if answer.ages:
        household = [
            gettext("%(age)s: %(count)s") % {"age": labels["age"][slug], "count": answer.ages.count(slug)}
            for slug in answer.age_set
        ]
        rows.append((gettext("Who lives in the household"), household))
    if answer.attributes:
        rows.append((gettext("What is happening"), [labels["attribute"][slug] for slug in answer.attributes]))
    if answer.area:
        rows.append((gettext("Area"), [labels["area"][answer.area]]))
    windows = [window] if window else []
    windows += results.first + results.connect
    lines = []
    for service in windows:
        departments = listing(d.full_name for d in service.departments.all())
        lines.append(f"{service.title} ({departments})" if departments else service.title)
    rows.append((gettext("Windows I would like to talk to"), lines))
    if results.spans_fields:
        rows.append(
            (
                gettext("A request"),
                [gettext("Our worries span several offices. Could the offices work on them together (多機関協働)?")],
            )
        )
    return rows


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
        },
    )
