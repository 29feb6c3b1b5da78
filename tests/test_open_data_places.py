"""Places to belong in the open data: a stable id per place, and the contact only with the editor's consent."""

import datetime
import importlib
import uuid

import pytest
from django.apps import apps

from services.models import AreaPage, PlacePage, PlaceSchedule

from .factories import PlacePageFactory, SuperuserFactory
from .utils import soup_of

pytestmark = pytest.mark.django_db

D = datetime.date


def place_in(area_slug="yotsuya", **fields):
    """A live place under an area, meeting on the 2nd and 4th Wednesday, 10:00–12:00."""
    area = AreaPage.objects.get(area__slug=area_slug)
    place = PlacePageFactory.build(**fields)
    place.schedules = [
        PlaceSchedule(
            frequency=PlaceSchedule.MONTHLY,
            weeks="2,4",
            weekday=2,
            start_time=datetime.time(10),
            end_time=datetime.time(12),
        )
    ]
    area.add_child(instance=place)
    place.save_revision().publish()
    return PlacePage.objects.get(pk=place.pk)


# -- the id and the consent ----------------------------------------------------------------------------------


def test_a_place_keeps_its_open_data_id_through_revisions_and_a_copy_gets_its_own():
    place = place_in()
    first = place.open_data_id
    assert isinstance(first, uuid.UUID)
    place.summary_ja = "説明を書き直しました。"
    place.save_revision().publish()
    place.refresh_from_db()
    assert place.open_data_id == first
    assert place.get_latest_revision_as_object().open_data_id == first
    copy = place.copy(update_attrs={"slug": f"{place.slug}-copy", "title": "写し"})
    assert copy.specific.open_data_id != first


def test_the_migration_gives_every_existing_place_its_own_id():
    place_in()
    place_in(area_slug="chuo")
    migration = importlib.import_module("services.migrations.0012_place_open_data")
    before = set(PlacePage.objects.values_list("open_data_id", flat=True))
    migration.give_ids(apps, None)
    after = list(PlacePage.objects.values_list("open_data_id", flat=True))
    assert len(set(after)) == len(after) == PlacePage.objects.count()
    assert not before & set(after)


def test_the_contact_is_not_published_unless_the_editor_ticks_it():
    place = place_in(organiser="四谷のボランティアの会", contact_phone="090-0000-0000")
    assert place.publish_contact is False
    assert place.open_data_contact() == ("", "")
    place.publish_contact = True
    assert place.open_data_contact() == ("四谷のボランティアの会", "090-0000-0000")


def test_the_admin_shows_the_consent_box_in_japanese(client):
    place = place_in()
    client.force_login(SuperuserFactory())
    soup = soup_of(client, f"/admin/pages/{place.pk}/edit/")
    box = soup.select_one('input[name="publish_contact"]')
    assert box is not None and not box.has_attr("checked")
    label = soup.select_one(f'label[for="{box["id"]}"]')
    assert "オープンデータで連絡先を公開する" in label.get_text()
