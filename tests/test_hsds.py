"""Open Referral HSDS 3.0 (CONTRACT §6), checked as the specification checks its own examples: against the shared
compiled schemas with additionalProperties false everywhere."""

import copy
import json
from functools import cache
from pathlib import Path

import jsonschema
import pytest
from django.core.management import call_command

from services.models import Department, ServiceContact, ServicePage

pytestmark = pytest.mark.django_db

STANDARD = Path(__file__).resolve().parent / "standards" / "hsds-3.0"  # copied from ../shared/standards (README there)
GENERAL_WINDOW = "福祉総合相談窓口"


def strict(schema):
    """The schema with additionalProperties false on every object that lists its properties."""
    schema = copy.deepcopy(schema)

    def walk(node):
        if isinstance(node, dict):
            if "properties" in node and node.get("type", "object") == "object":
                node["additionalProperties"] = False
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return schema


@cache
def validator(name):
    schema = strict(json.loads((STANDARD / name).read_text()))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@cache
def page_validator():
    openapi = json.loads((STANDARD / "openapi.json").read_text())
    page = strict(openapi["components"]["schemas"]["Page"])
    page["properties"]["contents"] = {"type": "array"}
    page["required"] = list(page["properties"])
    return jsonschema.Draft202012Validator(page)


def assert_valid(validator, document):
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_the_strict_check_rejects_what_the_specification_does_not_know():
    example = json.loads((STANDARD / "example-service_full.json").read_text())
    assert_valid(validator("service.json"), example)
    example["phones"][0]["nickname"] = "x"
    assert list(validator("service.json").iter_errors(example))


def test_the_services_list_is_an_hsds_page_of_valid_service_list_items(client):
    answer = client.get("/api/hsds/services/", {"per_page": 10})
    assert answer.status_code == 200
    data = answer.json()
    assert_valid(page_validator(), data)
    total = ServicePage.objects.live().public().count()
    assert (data["total_items"], data["page_number"], data["size"]) == (total, 1, 10)
    assert data["total_pages"] == -(-total // 10) and data["first_page"] and not data["last_page"]
    for item in data["contents"]:
        assert_valid(validator("service_list.json"), item)
    last = client.get("/api/hsds/services/", {"per_page": 10, "page": data["total_pages"]}).json()
    assert last["last_page"] and not last["first_page"] and last["size"] == total - 10 * (data["total_pages"] - 1)
    past = client.get("/api/hsds/services/", {"page": 999}).json()
    assert past["empty"] and past["contents"] == [] and past["size"] == 0


@pytest.mark.parametrize("query", ["page=0", "page=abc", "per_page=0", "per_page=101", "per_page=1.5"])
def test_a_bad_page_or_per_page_is_a_400_in_json(client, query):
    answer = client.get(f"/api/hsds/services/?{query}")
    assert answer.status_code == 400
    assert answer.json()["error"]


def test_every_service_is_valid_and_carries_its_facts(client):
    window = ServicePage.objects.get(plan_name=GENERAL_WINDOW)
    department = Department.objects.get(slug="chiiki-fukushi-suishin")
    department.email = "chiiki@example.jp"
    department.save()
    ServiceContact.objects.create(page=window, phone="042-335-4000", hours_ja="平日 8時30分〜17時")
    ids = [item["id"] for item in client.get("/api/hsds/services/", {"per_page": 100}).json()["contents"]]
    for service_id in ids:
        answer = client.get(f"/api/hsds/services/{service_id}/")
        assert answer.status_code == 200
        assert_valid(validator("service.json"), answer.json())
    data = client.get(f"/api/hsds/services/{window.open_data_id}/").json()
    assert data["id"] == str(window.open_data_id)
    assert [p["number"] for p in data["phones"]] == ["042-335-4000"]
    assert data["schedules"][0]["description"] == "平日 8時30分〜17時"
    assert data["contacts"][0]["email"] == "chiiki@example.jp"
    assert data["organization"]["phones"][0]["number"] == "042-364-4111"
    terms = {(a["link_type"], a["value"]) for a in data["attributes"]}
    assert ("kind", "consultation") in terms
    assert data["service_areas"][0]["name"] == "府中市全域"


def test_the_same_id_in_hsds_and_in_the_directory_file(client):
    text = client.get("/open-data/directory.csv").content.decode("utf-8-sig")
    ids = [item["id"] for item in client.get("/api/hsds/services/", {"per_page": 100}).json()["contents"]]
    assert ids and all(service_id in text for service_id in ids)


def test_an_unknown_or_malformed_id_is_a_404(client):
    assert client.get("/api/hsds/services/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/api/hsds/services/not-a-uuid/").status_code == 404


def test_sample_places_are_not_services(client):
    call_command("load_demo_places", stdout=open("/dev/null", "w"))
    body = client.get("/api/hsds/services/", {"per_page": 100}).content.decode()
    assert "見本" not in body


@pytest.mark.parametrize("language", ["ja", "ja-easy", "en", "zh-hans", "ko", "vi"])
def test_the_open_data_page_says_what_is_published_under_which_licence(client, language):
    from django.utils import translation

    answer = client.get(f"/{language}/open-data/")
    assert answer.status_code == 200
    text = answer.content.decode()
    links = ("/open-data/directory.csv", "/open-data/directory.xlsx", "/open-data/places.csv", "/api/hsds/services/")
    assert all(link in text for link in links)
    assert "CC BY 4.0" in text and "creativecommons.org/licenses/by/4.0/" in text
    with translation.override(language):
        title = translation.gettext("Open data")
    assert title in text
    assert f'href="/{language}/open-data/"' in text  # the footer links here in the page's own language
