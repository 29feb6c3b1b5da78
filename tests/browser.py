"""A real browser for tests/test_browser.py and tests/test_accessibility.py.

Debian's Chromium (/usr/bin/chromium, which `make test` installs) driven by Playwright, one browser per session,
against pytest-django's live server. Playwright never downloads a browser of its own here.

The database: pytest-django's `live_server` fixture switches every test that uses it to `transactional_db`,
whose flush after each test would empty the city content that tests/conftest.py loads once per session. So the
server is pytest-django's `LiveServer` started directly, and browser tests use the ordinary `db` fixture. On
SQLite (an in-memory test database) the server thread shares the test's connection, so whatever a page writes
(the search query log) is rolled back with the test; on PostgreSQL the server has its own connection and
`undo_server_writes` removes what it wrote.
"""

import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# No sandbox (tests run as root), no GPU, and no background connections: this machine has no outside network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def site_server(django_db_setup, django_db_blocker):
    """The portal on http://localhost:<port>/ for the whole session, with the content conftest.py loaded."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def chromium():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium (apt-get install chromium).")
    # Playwright's synchronous API runs an event loop in this thread; Django's ORM calls made here between
    # browser steps are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def undo_server_writes(db):
    """On PostgreSQL, the live server commits its writes (the query log); put the table back as it was."""
    from django.db import connection

    if connection.vendor == "sqlite":
        yield
        return
    from search.models import QueryLog

    before = {row.pk: (row.searches, row.empty) for row in QueryLog.objects.all()}
    yield

    def restore():
        from django.db import connection as own

        try:
            for row in QueryLog.objects.all():
                if row.pk not in before:
                    row.delete()
                elif (row.searches, row.empty) != before[row.pk]:
                    row.searches, row.empty = before[row.pk]
                    row.save(update_fields=["searches", "empty"])
        finally:
            own.close()

    # A thread of its own has its own connection, outside this test's transaction, so the change sticks.
    worker = threading.Thread(target=restore)
    worker.start()
    worker.join()


class Browse:
    """Opens browser pages on the live server; records requests to any other host and script errors."""

    def __init__(self, browser, base_url):
        self.browser = browser
        self.base_url = base_url
        self.host = urlsplit(base_url).netloc
        self.contexts = []
        self.outside_requests = []
        self.script_errors = []

    def page(self, javascript=True, viewport=None, **options):
        context = self.browser.new_context(
            base_url=self.base_url,
            java_script_enabled=javascript,
            viewport=viewport or {"width": 1280, "height": 900},
            bypass_csp=True,  # axe-core is injected as a script; the site's own CSP is tested elsewhere
            service_workers="block",
            **options,
        )
        context.set_default_timeout(15_000)
        context.on("request", self._check_host)
        self.contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: self.script_errors.append(f"{page.url}: {error}"))
        return page

    def _check_host(self, request):
        url = urlsplit(request.url)
        if url.scheme in ("http", "https") and url.netloc != self.host:
            self.outside_requests.append(request.url)

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def browse(chromium, site_server, undo_server_writes):
    session = Browse(chromium, site_server.url)
    yield session
    session.close()
    assert not session.outside_requests, f"requests to other hosts: {session.outside_requests}"
    assert not session.script_errors, f"script errors: {session.script_errors}"
