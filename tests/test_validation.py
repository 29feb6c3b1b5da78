"""Rules every path that saves must keep: no future 最終確認日, every schedule problem at once, one page per
program even for a copy; a place with no age says nothing about age."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from services.models import AreaPage, PlaceSchedule, ServicePage

from .factories import PlacePageFactory
from .test_admin import edit_form_data
from .utils import soup_of

pytestmark = pytest.mark.django_db

TOMORROW = datetime.date.today() + datetime.timedelta(days=1)


def test_a_future_last_confirmed_date_is_refused_by_the_model():
    page = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    page.last_reviewed = TOMORROW
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "last_reviewed" in error.value.message_dict
    with pytest.raises(ValidationError):
        page.save()  # Wagtail's save cleans: the shell and the loader are checked too
    page.last_reviewed = datetime.date.today()
    page.full_clean()


def test_a_future_last_confirmed_date_is_refused_in_the_admin(client, moderator):
    client.force_login(moderator)
    page = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    data = edit_form_data(client, page)
    data["last_reviewed"] = TOMORROW.isoformat()
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200
    assert "未来" in response.content.decode()
    assert ServicePage.objects.get(pk=page.pk).get_latest_revision_as_object().last_reviewed != TOMORROW


def test_every_problem_of_a_schedule_row_is_reported_at_once():
    row = PlaceSchedule(
        frequency=PlaceSchedule.MONTHLY,
        weeks="",
        weekday=2,
        start_time=datetime.time(12),
        end_time=datetime.time(10),
    )
    with pytest.raises(ValidationError) as error:
        row.clean()
    assert set(error.value.message_dict) == {"weeks", "end_time"}


def test_a_copy_of_a_program_leaves_the_plan_name_behind():
    page = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    copy = page.copy(to=page.get_parent(), update_attrs={"slug": "copy-of-window", "title": "コピー"}, keep_live=False)
    assert copy.specific.plan_name == ""
    assert copy.get_latest_revision_as_object().plan_name == ""
    assert ServicePage.objects.filter(plan_name="福祉総合相談窓口").count() == 1


def test_a_copy_made_in_the_admin_leaves_the_plan_name_behind(client, moderator):
    client.force_login(moderator)
    page = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    response = client.post(
        f"/admin/pages/{page.pk}/copy/",
        {"new_title_ja": "窓口のコピー", "new_slug": "window-copy", "new_parent_page": page.get_parent().pk},
    )
    assert response.status_code == 302
    copy = ServicePage.objects.get(slug="window-copy")
    assert copy.plan_name == ""
    assert copy.get_latest_revision_as_object().plan_name == ""
    assert ServicePage.objects.filter(plan_name="福祉総合相談窓口").count() == 1


def test_a_place_with_no_age_ticked_says_nothing_about_age(client):
    PlacePageFactory(parent=AreaPage.objects.get(area__slug="musashidai"), slug="no-age-place")
    text = soup_of(client, "/ja/areas/musashidai/no-age-place/").select_one("main").get_text()
    assert "すべての年齢" not in text and "対象年齢" not in text
