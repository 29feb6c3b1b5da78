"""/admin/reports/content-health/ (CONTRACT §6): what each page lacks, per department, and its CSV."""

import csv
import datetime
import io

import pytest

from services import health
from services.models import Department, ServiceContact, ServicePage

pytestmark = pytest.mark.django_db

URL = "/admin/reports/content-health/"
OWN = "chiiki-fukushi-suishin"


def csv_rows(response):
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_a_page_never_confirmed_or_confirmed_long_ago_is_due():
    page = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    page.last_reviewed = None
    assert health.review_state(page)
    page.last_reviewed = datetime.date.today() - datetime.timedelta(days=400)
    assert health.review_state(page)
    page.last_reviewed = datetime.date.today() - datetime.timedelta(days=10)
    assert health.review_state(page) is None


def test_the_moderator_sees_every_due_page_and_can_filter_by_department(client, moderator):
    client.force_login(moderator)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "福祉総合相談窓口" in html or ServicePage.objects.get(plan_name="福祉総合相談窓口").title in html
    every = {row.pk for row, _problems in health.due_pages()}
    assert len(every) == ServicePage.objects.count()  # every shipped program lacks some contact fact
    department = Department.objects.get(slug="koreisha-shien")
    rows = csv_rows(client.get(URL, {"export": "csv", "department": department.pk}))
    titles = {row[0] for row in rows[1:]}
    assert titles == set(ServicePage.objects.filter(departments=department).values_list("title", flat=True))


def test_a_department_editor_sees_only_their_pages_in_the_report_and_the_csv(client, department_editor):
    client.force_login(department_editor)
    own = set(ServicePage.objects.filter(departments__slug=OWN).values_list("title", flat=True))
    response = client.get(URL)
    assert response.status_code == 200
    rows = csv_rows(client.get(URL, {"export": "csv"}))
    assert rows[0][0]  # a heading
    assert {row[0] for row in rows[1:]} == own
    assert all(row[4].startswith("http") and "/admin/pages/" in row[4] for row in rows[1:])


def test_a_confirmed_page_with_every_fact_drops_off_the_report():
    page = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    assert page in [p for p, _problems in health.due_pages()]
    page.last_reviewed = datetime.date.today()
    page.cost = "無料"
    page.save()
    ServiceContact.objects.create(page=page, phone="042-000-0000", hours="9:00-17:00", address="府中市")
    for code in ("en", "ja_easy", "zh_hans", "ko", "vi"):
        assert getattr(page, f"title_{code}") and getattr(page, f"summary_{code}")
    page = ServicePage.objects.get(pk=page.pk)
    assert health.problems(page) == []
    assert page not in [p for p, _problems in health.due_pages()]


def test_another_module_can_add_a_check():
    page = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    health.register_check(lambda p, today: ["古い翻訳"])
    try:
        assert "古い翻訳" in health.problems(page)
    finally:
        health.CHECKS.pop()
