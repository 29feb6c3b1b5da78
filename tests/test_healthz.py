"""GET /healthz: a plain "ok" for load balancers and `make loadtest`, with no database query. GET /readyz: whether
the database and the search backend answer (CONTRACT, Operations)."""

import os

import pytest
from django.db import OperationalError, connection, connections
from django.test.utils import CaptureQueriesContext


@pytest.mark.django_db
def test_healthz_answers_ok_as_plain_text_without_the_database(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert len(queries) == 0, [q["sql"] for q in queries.captured_queries]


def test_healthz_refuses_post(client):
    assert client.post("/healthz", HTTP_HOST="localhost").status_code == 405


# -- GET /readyz: the database and the search backend, 200 or 503, always JSON ---------------------------------


@pytest.fixture
def unreachable_database():
    """The default connection replaced by a real one to a database that cannot be reached: PostgreSQL at a closed
    port, SQLite in a folder that does not exist. Put back afterwards."""
    real = connections["default"]
    params = {**real.settings_dict}
    if real.vendor == "postgresql":
        params.update(HOST="127.0.0.1", PORT="9")
    else:
        params["NAME"] = "/nonexistent-folder/portal.sqlite3"
    broken = type(real)(params, "default")
    connections._connections.default = broken
    try:
        yield broken
    finally:
        broken.close()
        connections._connections.default = real


@pytest.mark.django_db
def test_readyz_says_the_database_answers_and_the_database_searches(client, settings):
    settings.ELASTICSEARCH_URL = ""
    response = client.get("/readyz", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "search": "database"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_says_when_elasticsearch_is_unreachable_and_the_database_answers(client, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    response = client.get("/readyz", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "search": "elasticsearch unreachable: the database answers"}


@pytest.mark.elasticsearch
@pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"), reason="needs an Elasticsearch cluster")
@pytest.mark.django_db
def test_readyz_says_elasticsearch_answers_when_it_does(client, settings):
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    assert client.get("/readyz", HTTP_HOST="localhost").json() == {"database": "ok", "search": "elasticsearch"}


@pytest.mark.django_db
def test_readyz_answers_503_in_json_when_the_database_cannot_be_reached(client, settings, unreachable_database):
    settings.ELASTICSEARCH_URL = ""
    with pytest.raises(OperationalError):
        unreachable_database.ensure_connection()  # the connection really fails
    response = client.get("/readyz", HTTP_HOST="localhost")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"database": "unreachable", "search": "unreachable"}


@pytest.mark.django_db
def test_readyz_with_neither_database_nor_elasticsearch(client, settings, unreachable_database):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    response = client.get("/readyz", HTTP_HOST="localhost")
    assert response.status_code == 503
    assert response.json() == {"database": "unreachable", "search": "elasticsearch unreachable: the database answers"}


def test_readyz_refuses_post(client):
    assert client.post("/readyz", HTTP_HOST="localhost").status_code == 405
