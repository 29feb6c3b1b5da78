"""Editors find pages in the admin as residents find them on the site: the admin's page search understands Japanese
(the portal's own analysis), finds a department's pages by its name, and the page listing filters by department."""

import re

import pytest
from bs4 import BeautifulSoup

from search.queries import DirectorySearch
from services.models import Department, ServiceIndexPage, ServicePage
from services.rights import page_ids_of

from .factories import ModeratorFactory, japanese_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_client(client, indexed):
    client.force_login(japanese_admin(ModeratorFactory()))
    return client


def listed_page_ids(client, url, **query):
    """Every page a listing shows, through all of its pages (Wagtail paginates by 20 or 50)."""
    ids = []
    for number in range(1, 20):
        response = client.get(url, {**query, "p": number})
        assert response.status_code == 200, url
        soup = BeautifulSoup(response.content, "html.parser")
        found = [
            int(m) for a in soup.select("table a[href]") for m in re.findall(r"^/admin/pages/(\d+)/edit/$", a["href"])
        ]
        new = [pk for pk in dict.fromkeys(found) if pk not in ids]
        if not new:
            break
        ids += new
    return ids


def public_ids(query):
    return {hit.page_id for hit in DirectorySearch("ja").search(query).run(page=1, page_size=50).results}


def test_the_admin_search_finds_every_page_residents_find_for_kaigo(moderator_client):
    residents = public_ids("介護")
    assert len(residents) >= 10  # the plan has many care programs; the public search finds them
    found = listed_page_ids(moderator_client, "/admin/pages/search/", q="介護")
    assert residents <= set(found)
    # best first: the pages residents find come before pages matched only by a word in their title
    assert set(found[: len(residents)]) == residents


def test_the_page_listing_search_finds_kaigo_too(moderator_client):
    directory = ServiceIndexPage.objects.get()
    found = listed_page_ids(moderator_client, f"/admin/pages/{directory.pk}/", q="介護")
    # the listing searches under the directory; guides such as the page for neighbours live elsewhere
    under_directory = set(directory.get_descendants().values_list("pk", flat=True))
    residents = public_ids("介護") & under_directory
    assert len(residents) >= 10
    assert residents <= set(found)


def test_a_departments_name_finds_its_pages(moderator_client):
    department = Department.objects.get(name_ja="地域福祉推進課")
    own = set(ServicePage.objects.filter(departments=department).values_list("pk", flat=True))
    assert len(own) >= 5
    found = set(listed_page_ids(moderator_client, "/admin/pages/search/", q="地域福祉推進課"))
    assert own <= found


def test_a_title_word_finds_a_draft_the_public_search_does_not_know(moderator_client):
    page = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    page.title_ja = "とくべつな下書きの見出し"
    page.save_revision()
    page.title_ja = "とくべつな下書きの見出し"
    page.save(update_fields=["title_ja"])  # as an unpublished page keeps its title: in the page row only
    assert public_ids("下書きの見出し") == set()
    assert page.pk in listed_page_ids(moderator_client, "/admin/pages/search/", q="下書きの見出し")


def test_a_query_with_no_match_finds_nothing(moderator_client):
    assert listed_page_ids(moderator_client, "/admin/pages/search/", q="ｚｚｚｑｘ") == []


def test_the_page_listing_filters_by_department(moderator_client):
    directory = ServiceIndexPage.objects.get()
    department = Department.objects.get(name_ja="高齢者支援課")
    other = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    page = moderator_client.get(f"/admin/pages/{directory.pk}/").content.decode()
    assert 'name="department"' in page  # the filter is offered
    shown = listed_page_ids(moderator_client, f"/admin/pages/{directory.pk}/", department=department.pk)
    assert set(shown) == page_ids_of([department]) & set(directory.get_descendants().values_list("pk", flat=True))
    assert set(shown) == set(ServicePage.objects.filter(departments=department).values_list("pk", flat=True))
    assert other.pk not in shown
