"""Open Referral HSDS 3.0 (CONTRACT §6): each live program as a `service`, provided by the city as its
`organization`, its departments as `contacts`, and the facets (services/facets.py) as taxonomy terms.

Every id is a UUID that stays the same from one request to the next: the service's is the page's open-data id (the
same as in directory.csv), and the others are uuid5 names under it or under the namespace."""

import math
import uuid

from django.conf import settings
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from portal import languages
from services import facets
from services.models.pages import OPEN_DATA_NAMESPACE

from .directory import contact_of, live_programs

CITY_NAME = "府中市"
CITY_DESCRIPTION = "東京都府中市（全国地方公共団体コード 132063）。福祉の相談・つながりナビの事業の所管者です。"
CITY_WEBSITE = "https://www.city.fuchu.tokyo.jp/"
ORGANIZATION_ID = str(uuid.uuid5(OPEN_DATA_NAMESPACE, "organization:132063"))
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100


def _id(*parts, under=OPEN_DATA_NAMESPACE):
    return str(uuid.uuid5(under if isinstance(under, uuid.UUID) else uuid.UUID(str(under)), ":".join(parts)))


def organization(full=False):
    record = {"id": ORGANIZATION_ID, "name": CITY_NAME, "description": CITY_DESCRIPTION, "website": CITY_WEBSITE}
    if full:
        record["phones"] = [
            {
                "id": _id("organization-phone", "main"),
                "organization_id": ORGANIZATION_ID,
                "number": settings.CITY_MAIN_PHONE,
                "type": "voice",
                "description": "府中市役所 代表",
            }
        ]
    return record


def _term(facet, value):
    label = getattr(value, build_localized_fieldname("name", languages.DEFAULT.code)) or value.name
    return {
        "id": _id("taxonomy_term", facet.name, value.slug),
        "code": value.slug,
        "name": label,
        "description": f"{facet.label}: {label}",
        "taxonomy": facet.name,
        "language": "ja",
    }


def _common(page):
    contact = contact_of(page)
    record = {
        "id": str(page.open_data_id),
        "organization_id": ORGANIZATION_ID,
        "name": page.title_ja or page.title,
        "description": page.summary_ja or page.summary or "",
        "status": "active",
    }
    if page.plan_name and page.plan_name != record["name"]:
        record["alternate_name"] = page.plan_name
    if page.full_url:
        record["url"] = page.full_url
    if contact and contact.email:
        record["email"] = contact.email
    if page.cost:
        record["fees_description"] = page.cost
    if page.last_reviewed:
        record["assured_date"] = page.last_reviewed.isoformat()
    if page.last_published_at:
        record["last_modified"] = page.last_published_at.isoformat()
    return record


def service_list_item(page):
    """A service as the list shows it (`service_list`): one-to-one fields and its organization."""
    return {**_common(page), "organization": organization()}


def service(page):
    """A fully nested service (`service`)."""
    service_id = page.open_data_id
    record = {**_common(page), "organization": organization(full=True)}
    record["phones"] = [
        {
            "id": _id("phone", str(c.pk), under=service_id),
            "service_id": str(service_id),
            "number": c.phone,
            "type": "voice",
            **({"description": c.label_ja} if c.label_ja else {}),
        }
        for c in page.contacts.all()
        if c.phone
    ]
    record["contacts"] = [_department_contact(page, department) for department in page.departments.all()]
    record["languages"] = [
        {
            "id": _id("language", language.code, under=service_id),
            "service_id": str(service_id),
            "name": language.name_ja or language.name,
            "code": language.code,
        }
        for language in page.languages.all()
    ]
    if page.citywide:
        areas = [
            {
                "id": _id("service_area", "citywide", under=service_id),
                "service_id": str(service_id),
                "name": "府中市全域",
                "description": "府中市のどこに住んでいても利用できます。",
            }
        ]
    else:
        areas = [
            {
                "id": _id("service_area", area.slug, under=service_id),
                "service_id": str(service_id),
                "name": f"{area.name_ja or area.name}エリア",
                "description": "府中市の福祉エリア（文化センター圏域）",
            }
            for area in page.areas.all()
        ]
    record["service_areas"] = areas
    record["schedules"] = [
        {"id": _id("schedule", str(c.pk), under=service_id), "service_id": str(service_id), "description": c.hours_ja}
        for c in page.contacts.all()
        if c.hours_ja
    ]
    record["attributes"] = [
        {
            "id": _id("attribute", facet.name, value.slug, under=service_id),
            "link_id": str(service_id),
            "link_type": facet.name,
            "link_entity": "service",
            "taxonomy_term_id": _id("taxonomy_term", facet.name, value.slug),
            "value": value.slug,
            "taxonomy_term": _term(facet, value),
        }
        for facet in facets.FACETS
        for value in getattr(page, facet.field).all()
    ]
    return record


def _department_contact(page, department):
    contact = {
        "id": _id("department", department.slug),
        "service_id": str(page.open_data_id),
        "name": department.name_ja or department.name,
        "department": " ".join(filter(None, [department.division_ja, department.name_ja or department.name])),
    }
    if department.email:
        contact["email"] = department.email
    if department.phone:
        contact["phones"] = [
            {"id": _id("department-phone", department.slug), "number": department.phone, "type": "voice"}
        ]
    return contact


class BadPage(ValueError):
    """A `page` or `per_page` that is not a whole number in range: the message says which."""


def _whole(value, name, default, low, high):
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError:
        raise BadPage(f"{name} must be a whole number from {low} to {high}") from None
    if not low <= number <= high:
        raise BadPage(f"{name} must be a whole number from {low} to {high}")
    return number


def services_page(page_param=None, per_page_param=None):
    """An HSDS `Page` of services in the directory's order."""
    page_number = _whole(page_param, "page", 1, 1, 100_000)
    per_page = _whole(per_page_param, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    programs = live_programs()
    total = programs.count()
    total_pages = max(1, math.ceil(total / per_page))
    start = (page_number - 1) * per_page
    with translation.override(languages.DEFAULT.code):
        contents = [service_list_item(p) for p in programs[start : start + per_page]]
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": len(contents),
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def find_service(service_id):
    try:
        wanted = uuid.UUID(str(service_id))
    except ValueError:
        return None
    page = live_programs().filter(open_data_id=wanted).first()
    if page is None:
        return None
    with translation.override(languages.DEFAULT.code):
        return service(page)
