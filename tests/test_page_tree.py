"""Where each page type may stand in the tree."""

import pytest

from home.models import HomePage, PlanPage
from services.models import AreaIndexPage, AreaPage, ExplainerPage, ServiceIndexPage, ServicePage

from .factories import ServicePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return HomePage.objects.get()


def test_programs_live_only_in_the_directory(home):
    directory = ServiceIndexPage.objects.get()
    assert ServicePage.can_create_at(directory)
    assert not ServicePage.can_create_at(home)
    assert not ServicePage.can_create_at(AreaIndexPage.objects.get())
    assert not ServicePage.can_create_at(ServicePage.objects.first())


def test_area_pages_live_only_under_the_list_of_areas(home):
    assert AreaPage.can_exist_under(AreaIndexPage.objects.get())
    assert not AreaPage.can_exist_under(home)
    assert not AreaPage.can_exist_under(ServiceIndexPage.objects.get())


def test_there_is_one_home_one_directory_and_one_list_of_areas(home):
    assert not HomePage.can_create_at(home.get_parent())
    assert not ServiceIndexPage.can_create_at(home)
    assert not AreaIndexPage.can_create_at(home)
    assert ExplainerPage.can_create_at(home)


def test_pages_under_the_home_page_are_limited_to_the_sections(home):
    assert set(HomePage.allowed_subpage_models()) == {ServiceIndexPage, AreaIndexPage, ExplainerPage, PlanPage}
    assert ServicePage.allowed_subpage_models() == []


def test_a_new_window_can_be_added_to_the_directory():
    page = ServicePageFactory(parent=ServiceIndexPage.objects.get())
    assert page.url.startswith("/ja/services/")
    assert page.plan_name == ""
