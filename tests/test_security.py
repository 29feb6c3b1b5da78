"""What the portal tells browsers and what it refuses: a strict Content-Security-Policy without inline code, no
cookie for a visitor who chose nothing, read-only public pages, locked admin logins after repeated failures,
and editors who publish only through the moderators' approval."""

import re
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from wagtail.models import Page, WorkflowState

from portal.security import is_public_page, sign_in_address
from services.models import ExplainerPage, ServicePage

from .utils import page_of_each_type, page_urls

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent

EXPECTED_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def get(client, url, **extra):
    return client.get(url, HTTP_HOST="localhost", **extra)


def policy_of(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def public_urls():
    return [
        *page_urls("ja"),
        *page_urls("en"),
        "/ja-easy/",
        "/ja/search/?q=%E8%AA%8D%E7%9F%A5%E7%97%87&age=senior&area=chuo",
        "/en/search/?q=dementia",
        "/api/search/?q=%E8%AA%8D%E7%9F%A5%E7%97%87",
    ]


# -- headers ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/ja/", "/api/search/?q=%E4%BB%8B%E8%AD%B7", "/sitemap.xml"])
def test_public_responses_carry_the_security_headers(client, url):
    response = get(client, url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] in ("same-origin", "strict-origin-when-cross-origin")
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert policy_of(response) == EXPECTED_POLICY


def test_the_policy_allows_nothing_inline_and_no_other_host(client):
    header = get(client, "/ja/")["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert "*" not in header
    for sources in policy_of(get(client, "/ja/")).values():
        assert set(sources) <= {"'self'", "'none'", "data:"}, sources


def test_the_admin_alone_gets_the_relaxed_policy_wagtail_needs(client):
    admin = policy_of(get(client, "/admin/login/"))
    assert "'unsafe-inline'" in admin["script-src"] and "'unsafe-inline'" in admin["style-src"]
    assert admin["frame-ancestors"] == ["'self'"]  # page previews are framed by the admin itself
    assert admin["object-src"] == ["'none'"]
    assert not [s for sources in admin.values() for s in sources if s.startswith("http")]
    assert policy_of(get(client, "/ja/")) == EXPECTED_POLICY


# -- no inline code: rendered pages and the templates behind them --------------------------------------------

INLINE_HANDLER = re.compile(r"^on[a-z]+$")


def inline_code(html):
    """Everything a policy without 'unsafe-inline' would block in `html`."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for script in soup.find_all("script"):
        if not script.get("src") and script.get("type") != "application/ld+json":
            found.append(f"inline <script>: {str(script)[:80]}")
    found += [f"<style>: {str(style)[:80]}" for style in soup.find_all("style")]
    for tag in soup.find_all(True):
        for attribute in tag.attrs:
            if attribute == "style" or INLINE_HANDLER.match(attribute):
                found.append(f"{attribute}= on <{tag.name}>")
    return found


def test_no_page_a_resident_sees_has_inline_script_or_style(client):
    urls = [u for u in public_urls() if not u.startswith("/api/")]
    poster = ServicePage.objects.get(plan_name="福祉総合相談窓口").url + "poster/"
    urls += ["/ja/?furigana=on", "/ja/no-such-page/", "/exit/", poster, "/ja/navi/", "/ja/navi/?age=senior"]
    for url in urls:
        response = get(client, url)
        assert response.status_code in (200, 404), url
        assert inline_code(response.content.decode()) == [], url


def public_templates():
    """Templates residents see; admin screens and panels are under the admin's relaxed policy."""
    folders = ["portal/templates", "home/templates", "services/templates", "search/templates"]
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.html")):
            if not {"admin", "panels"} & set(path.relative_to(ROOT).parts):
                yield path


def test_public_templates_keep_scripts_and_styles_in_static_files():
    offending = {}
    for path in public_templates():
        found = inline_code(path.read_text())
        if found:
            offending[str(path.relative_to(ROOT))] = found
    assert offending == {}
    assert len(list(public_templates())) > 10


# -- cookies ------------------------------------------------------------------------------------------------


def test_a_visitor_who_chose_nothing_gets_no_cookie(client):
    for url in [*public_urls(), "/", "/ja/no-such-page/", "/sitemap.xml", "/robots.txt", "/exit/"]:
        response = get(client, url)
        assert "Set-Cookie" not in response.headers, url
        assert not response.cookies, f"{url} set {list(response.cookies)}"


def test_choosing_furigana_sets_that_one_cookie_only(client):
    response = get(client, "/ja/?furigana=on")
    assert list(response.cookies) == ["furigana"]
    cookie = response.cookies["furigana"]
    assert cookie.value == "on" and cookie["httponly"] and cookie["samesite"] == "Lax"


# -- public pages only read ---------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_public_pages_answer_only_get_and_head(client, method):
    urls = [*page_urls("ja")[:3], "/en/", "/ja/search/", "/api/search/", "/sitemap.xml", "/robots.txt", "/exit/"]
    for url in urls:
        response = getattr(client, method)(url, HTTP_HOST="localhost")
        assert response.status_code == 405, f"{method.upper()} {url}: {response.status_code}"
        assert response["Allow"] == "GET, HEAD"
        assert "GET, HEAD" in response.content.decode()
        assert "Set-Cookie" not in response.headers


def test_head_is_answered_like_get(client):
    for url in ["/ja/", "/api/search/", "/robots.txt"]:
        response = client.head(url, HTTP_HOST="localhost")
        assert response.status_code == 200, url
        assert response.content == b""


def test_the_admin_and_the_reach_beacon_keep_their_own_methods(client):
    assert not is_public_page("/admin/login/")
    assert not is_public_page("/api/reach/")
    assert not is_public_page("/documents/1/file.pdf")
    assert is_public_page("/ja-easy/services/") and is_public_page("/") and is_public_page("/zh-hans")
    response = client.post("/admin/login/", {"username": "nobody", "password": "wrong"}, HTTP_HOST="localhost")
    assert response.status_code == 200  # the login form again, with its error
    beacon = client.post("/api/reach/", {"metric": "no-such-metric"}, HTTP_HOST="localhost")
    assert beacon.status_code != 405


# -- admin login lockout ------------------------------------------------------------------------------------


def log_in(client, username, password):
    return client.post("/admin/login/", {"username": username, "password": password}, HTTP_HOST="localhost")


def test_five_failed_logins_lock_that_name_for_an_hour(client, settings):
    User.objects.create_superuser("editor-in-chief", "chief@example.org", "correct horse battery")
    statuses = [log_in(client, "editor-in-chief", f"wrong {n}").status_code for n in range(settings.AXES_FAILURE_LIMIT)]
    assert statuses[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert statuses[-1] == 429
    locked = log_in(client, "editor-in-chief", "correct horse battery")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "ログインを一時停止しています" in text and "Sign-in is paused" in text and "60" in text
    assert "_auth_user_id" not in client.session
    assert settings.AXES_FAILURE_LIMIT == 5 and settings.AXES_COOLOFF_TIME.total_seconds() == 3600


def test_the_lockout_is_for_that_name_only(client):
    User.objects.create_superuser("editor-in-chief", "chief@example.org", "correct horse battery")
    User.objects.create_superuser("second-editor", "second@example.org", "another good passphrase")
    for n in range(5):
        log_in(client, "editor-in-chief", f"wrong {n}")
    response = log_in(client, "second-editor", "another good passphrase")
    assert response.status_code == 302
    assert client.session.get("_auth_user_id")


def test_behind_the_proxy_a_lockout_holds_the_name_only_at_the_address_it_was_tried_from(client):
    User.objects.create_superuser("editor-in-chief", "chief@example.org", "correct horse battery")
    for n in range(5):  # through nginx: REMOTE_ADDR is the proxy, X-Real-IP the address (on /admin/ only)
        client.post(
            "/admin/login/",
            {"username": "editor-in-chief", "password": f"wrong {n}"},
            HTTP_HOST="localhost",
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_REAL_IP="203.0.113.66",
        )
    same_address = client.post(
        "/admin/login/",
        {"username": "editor-in-chief", "password": "correct horse battery"},
        HTTP_HOST="localhost",
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_REAL_IP="203.0.113.66",
    )
    assert same_address.status_code == 429
    from_the_office = client.post(
        "/admin/login/",
        {"username": "editor-in-chief", "password": "correct horse battery"},
        HTTP_HOST="localhost",
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_REAL_IP="198.51.100.7",
    )
    assert from_the_office.status_code == 302


def test_only_a_trusted_proxy_may_name_the_sign_in_address(rf):
    assert sign_in_address(rf.get("/admin/login/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.66")) == (
        "203.0.113.66"
    )
    assert sign_in_address(rf.get("/admin/login/", REMOTE_ADDR="192.0.2.9", HTTP_X_REAL_IP="203.0.113.66")) == (
        "192.0.2.9"
    )
    assert sign_in_address(rf.get("/admin/login/", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"


def test_the_first_authentication_backend_is_axes(settings):
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


# -- moderation ---------------------------------------------------------------------------------------------


def test_every_page_of_the_site_goes_through_the_moderators_approval():
    for page in page_of_each_type():
        workflow = page.get_workflow()
        assert workflow is not None and workflow.active, page
        assert workflow.name == "公開前の確認"
        task = workflow.tasks.get().specific
        assert list(task.groups.values_list("name", flat=True)) == ["Moderators"]


def test_an_editor_can_edit_and_submit_but_not_publish(department_editor, moderator):
    """The department's editor edits and submits the department's program and the area it holds; the moderators
    publish every page (which pages an editor edits at all: tests/test_rights.py)."""
    from services.models import AreaPage, Department

    area = AreaPage.objects.get(area__slug="chuo")
    area.department = Department.objects.get(slug="chiiki-fukushi-suishin")
    area.save()
    for page in page_of_each_type():
        permissions = page.permissions_for_user(department_editor)
        assert not permissions.can_publish(), page
        assert not permissions.can_unpublish(), page
        if page.pk in (area.pk, ServicePage.objects.get(plan_name="福祉総合相談窓口").pk):
            assert permissions.can_edit(), page
            assert permissions.can_submit_for_moderation(), page
        assert page.permissions_for_user(moderator).can_publish(), page


def test_the_editors_edit_screen_offers_submit_and_no_publish(client, department_editor):
    page = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    client.force_login(department_editor)
    response = client.get(f"/admin/pages/{page.pk}/edit/", HTTP_HOST="localhost")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html


def test_a_submission_waits_for_a_moderator_before_residents_see_it(department_editor, moderator):
    editor = department_editor
    page = ServicePage.objects.get(plan_name="福祉総合相談窓口")
    published_title = page.title
    page.title = "編集者の下書き"
    revision = page.save_revision(user=editor)
    state = page.get_workflow().start(page, editor)

    assert WorkflowState.objects.filter(pk=state.pk, status=WorkflowState.STATUS_IN_PROGRESS).exists()
    assert state.current_task_state.task.name == "管理者の承認"
    assert Page.objects.get(pk=page.pk).specific.title == published_title  # residents still see the old page
    assert not page.permissions_for_user(editor).can_submit_for_moderation()  # already waiting

    task = state.current_task_state.task.specific
    assert task.get_actions(page, editor) == []  # the editor cannot approve their own submission
    assert "approve" in [action[0] for action in task.get_actions(page, moderator)]
    task.on_action(state.current_task_state, moderator, "approve")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    page.refresh_from_db()
    assert page.live_revision_id == revision.pk


# -- the policy in a real browser: nothing the site does is blocked -----------------------------------------

VIOLATIONS = """() => new Promise((resolve) => setTimeout(() => resolve(window.__cspViolations || []), 300))"""
RECORD_VIOLATIONS = """window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile);
});"""


@pytest.fixture
def enforcing_page(chromium, site_server):
    """A browser page that enforces the site's policy (the shared `browse` fixture bypasses it for axe-core)."""
    context = chromium.new_context(base_url=site_server.url, service_workers="block")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    page.console_csp = []

    def keep_policy_messages(message):
        if "Content Security Policy" in message.text:
            page.console_csp.append(message.text)

    page.on("console", keep_policy_messages)
    yield page
    context.close()


@pytest.mark.browser
def test_residents_pages_run_under_the_policy_without_a_violation(enforcing_page):
    page = enforcing_page
    for url in [*page_urls("ja"), "/en/", "/ja/?furigana=on", "/ja/search/?q=%E4%BB%8B%E8%AD%B7"]:
        response = page.goto(url)
        assert response.ok, url
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        assert page.evaluate(VIOLATIONS) == [], url
    # search.js still updates the results in place under the policy (the filters fold under 絞り込む).
    page.locator("form[data-live-search] details.filters > summary").click()
    page.locator("form[data-live-search] input[type=checkbox]").first.check()
    page.wait_for_load_state("networkidle")
    assert page.evaluate(VIOLATIONS) == []
    assert page.console_csp == []


def in_own_connection(work):
    """Run `work` in a thread of its own: its own connection, outside the test's transaction, so it sticks."""
    from django.db import connection

    def run():
        try:
            work()
        finally:
            connection.close()

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()


@pytest.fixture
def previewer(db):
    """A superuser the live server can see: on PostgreSQL it has its own connection, so the user is committed
    (and removed afterwards, with what the server wrote about the login)."""
    from django.db import connection

    def create():
        User.objects.create_superuser("previewer", "previewer@example.org", "a long preview passphrase")

    def remove():
        from axes.models import AccessAttempt, AccessLog

        User.objects.filter(username="previewer").delete()
        AccessLog.objects.filter(username="previewer").delete()
        AccessAttempt.objects.filter(username="previewer").delete()

    if connection.vendor == "sqlite":  # the server shares the test's connection: rolled back with the test
        create()
        yield
        return
    in_own_connection(create)
    yield
    in_own_connection(remove)


@pytest.mark.browser
def test_an_editor_previews_a_page_inside_the_admin(enforcing_page, previewer, settings):
    page = enforcing_page
    page.goto("/admin/login/")
    page.fill("input[name=username]", "previewer")
    page.fill("input[name=password]", "a long preview passphrase")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    explainer = ExplainerPage.objects.first()
    page.goto(f"/admin/pages/{explainer.pk}/edit/")
    page.click("button[aria-label='Toggle preview']")
    frame = page.frame_locator("#w-preview-iframe")
    frame.locator("h1").wait_for()
    titles = {getattr(explainer, f"title_{code.replace('-', '_')}") for code, _name in settings.LANGUAGES}
    assert frame.locator("h1").inner_text().strip() in titles  # in the editor's admin language
    assert page.console_csp == []
