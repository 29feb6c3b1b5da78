"""The finder's logic: from a household's answer to the windows to talk to first, programs and places."""

from dataclasses import dataclass

from django.db.models import Q

from services.models import (
    AreaPage,
    DirectorySettings,
    ExplainerPage,
    PlacePage,
    ServicePage,
)

WORKING_TOGETHER_SLUG = "working-together"
PLACES_SHOWN = 6
"""How many places to belong the results list, soonest first."""


def general_window():
    """The page editors chose as the general window (Settings → the window shown first), listed apart."""
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


def explainer(slug):
    return ExplainerPage.objects.live().public().filter(slug=slug).first()
