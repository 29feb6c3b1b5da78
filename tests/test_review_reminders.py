"""manage.py send_review_reminders: each department's editors get their own due pages, one mail per person."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command

from services.models import Department, ServicePage

from .factories import UserFactory, department_editor

pytestmark = pytest.mark.django_db


def run():
    err = io.StringIO()
    call_command("send_review_reminders", stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def test_each_department_gets_its_own_pages_and_each_person_one_mail(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://portal.example"
    suishin = department_editor(username="suishin")
    koreisha = department_editor(username="koreisha", department="koreisha-shien")
    UserFactory(username="mod", groups=["Moderators"])
    mail.outbox.clear()
    warnings = run()
    by_person = {}
    for message in mail.outbox:
        (address,) = message.to
        assert address not in by_person, "one digest per person per run"
        by_person[address] = message
    own = by_person[suishin.email]
    other = by_person[koreisha.email]
    for page in ServicePage.objects.filter(departments__slug="chiiki-fukushi-suishin"):
        assert page.title in own.body
        assert f"https://portal.example/admin/pages/{page.pk}/edit/" in own.body
    for page in ServicePage.objects.filter(departments__slug="koreisha-shien"):
        assert page.title in other.body and page.title not in own.body
    assert "最終確認日" in own.body and "確認" in own.subject
    assert "https://portal.example/admin/reports/content-health/" in own.body
    # departments with no editor group go to the moderators, with a warning
    assert "mod@example.org" in by_person and "warning" in warnings


def test_a_person_in_two_departments_gets_one_digest(settings):
    user = department_editor(username="both")
    department = Department.objects.get(slug="koreisha-shien")
    department.editors = Group.objects.get(name=user.groups.get().name)
    department.save()
    mail.outbox.clear()
    run()
    mine = [m for m in mail.outbox if m.to == [user.email]]
    assert len(mine) == 1
    assert "地域福祉推進課" in mine[0].body and "高齢者支援課" in mine[0].body
