import pytest
from django.core.management import call_command

from tests.browser import browse, chromium, site_server, undo_server_writes  # noqa: F401  (browser tests)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The city's content is loaded once into the test database; each test runs in a rolled-back transaction."""
    with django_db_blocker.unblock():
        call_command("load_city_content", stdout=open("/dev/null", "w"))
        call_command("rebuild_search_index", stdout=open("/dev/null", "w"))


@pytest.fixture(autouse=True)
def japanese_by_default():
    """Each test starts in the site's default language: a request to /vi/ must not leak into the next test
    (LocaleMiddleware leaves the language it activated in place)."""
    from django.utils import translation

    translation.activate("ja")
    yield
    translation.activate("ja")


@pytest.fixture(autouse=True)
def fresh_search_responses():
    """Each test starts with no kept search response: a rolled-back test returns the index's version token to
    a value under which another test's responses may be kept (search.cache)."""
    from django.core.cache import caches

    caches["search"].clear()


@pytest.fixture
def client(client, settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    return client


@pytest.fixture
def indexed(db):
    """The search index as `make setup` leaves it (the loader does not index while it loads)."""
    from django.core.management import call_command

    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))


@pytest.fixture
def editor(db):
    """A member of Wagtail's Editors group: edits and submits pages for approval, does not publish."""
    from .factories import EditorFactory

    return EditorFactory()


@pytest.fixture
def moderator(db):
    """A member of Wagtail's Moderators group: approves and publishes."""
    from .factories import ModeratorFactory

    return ModeratorFactory()


@pytest.fixture
def department_editor(db):
    """An editor of one department (地域福祉推進課): admin access and edit rights on the directory only."""
    from .factories import department_editor

    return department_editor()
