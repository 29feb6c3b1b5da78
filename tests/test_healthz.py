"""GET /healthz: a plain "ok" for load balancers and `make loadtest`, with no database query."""

import pytest
from django.db import connection
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
