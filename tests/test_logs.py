"""Logs keep no one's worries: a resident's search words, the finder's answers and their address never reach
gunicorn's access log or the app's log (portal.logs, gunicorn.conf.py, settings.LOGGING)."""

import http.client
import io
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.test import RequestFactory

from portal.logs import GunicornLogger, PrivateFilter, private

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import serve  # noqa: E402

WORDS = "夫に殴られる"
SEARCH = f"/ja/search/?q={quote(WORDS)}&attribute=women"
FINDER = "/ja/navi/?who=me&age=adult&attribute=women&area=chuo"
MISSING = f"/ja/no-such-page/?q={quote(WORDS)}&attribute=women"
CLIENT = "127.0.0.77"
"""The test's requests come from this address (any 127.x address is the loopback), the server's is 127.0.0.1."""
SECRETS = (WORDS, quote(WORDS), "attribute", "women", "q=", "?", CLIENT)


def test_private_drops_query_strings_client_addresses_and_url_credentials():
    assert (
        private('"GET /ja/search/?q=%E5%A4%AB&attribute=women HTTP/1.1" 200 512')
        == '"GET /ja/search/ HTTP/1.1" 200 512'
    )
    assert private("Invalid request from ip=203.0.113.9: Invalid HTTP Version") == (
        "Invalid request from ip=-: Invalid HTTP Version"
    )
    assert private("Invalid request from ip=::1: x") == "Invalid request from ip=-: x"
    assert private("Node http://elastic:s3cret@es.example:9200 failed") == "Node http://es.example:9200 failed"
    assert private("Elasticsearch could not answer a search (ConnectionError)") == (
        "Elasticsearch could not answer a search (ConnectionError)"
    )


def test_the_filter_rewrites_a_request_argument_and_a_traceback():
    request = RequestFactory().get(SEARCH)
    try:
        raise ValueError(f"could not read {SEARCH}")
    except ValueError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Failed: %s", (request,), sys.exc_info()
        )
    assert WORDS in record.getMessage() or quote(WORDS) in record.getMessage()  # a request's repr has its query
    PrivateFilter().filter(record)
    text = logging.Formatter().format(record)
    assert "/ja/search/" in text and "ValueError" in text
    assert "women" not in text and quote(WORDS) not in text


def test_the_app_log_handlers_filter_djangos_request_lines():
    """runserver's request lines (django.server) carry the query; they pass the same filter as every other log."""
    handler = next(h for h in logging.getLogger("django.server").handlers if isinstance(h, logging.StreamHandler))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        logging.getLogger("django.server").warning('"%s" %s %s', f"GET {SEARCH} HTTP/1.1", "404", "179")
        logging.getLogger("django.request").warning("Not Found: %s", RequestFactory().get(MISSING))
    finally:
        handler.setStream(previous)
    written = stream.getvalue()
    assert '"GET /ja/search/ HTTP/1.1" 404 179' in written
    assert "/ja/no-such-page/" in written
    assert "women" not in written and quote(WORDS) not in written


def test_gunicorns_access_log_has_no_address_or_query_whatever_the_format_asks():
    class Config:
        access_log_format = '%(h)s "%(r)s" %(q)s %(f)s %({x-forwarded-for}i)s %({query_string}e)s %(m)s %(U)s %(s)s'

    class Response:
        status, sent, headers = "200 OK", 512, []

    environ = {
        "REMOTE_ADDR": "203.0.113.9",
        "REQUEST_METHOD": "GET",
        "RAW_URI": SEARCH,
        "PATH_INFO": "/ja/search/",
        "QUERY_STRING": SEARCH.split("?", 1)[1],
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "https://example.org/ja/navi/?attribute=women",
    }
    from datetime import timedelta

    logger = GunicornLogger.__new__(GunicornLogger)
    logger.cfg = Config()
    atoms = logger.atoms(Response(), {"X-Forwarded-For": "203.0.113.9"}, environ, timedelta(milliseconds=12))
    line = Config.access_log_format % logger.atoms_wrapper_class(atoms)
    assert line == '- "-" - - - - GET /ja/search/ 200'


# -- the real thing: gunicorn with gunicorn.conf.py and production settings ------------------------------------


@pytest.fixture(scope="module")
def served_logs():
    """gunicorn started as a city would (`gunicorn --bind …` in the project root, so gunicorn.conf.py applies) with
    production settings, and Elasticsearch configured at a closed port so that the search fallback logs too.
    Yields the access log and the app's log (gunicorn's standard output and standard error) after the requests."""
    database = serve.prepare_database("logs", log=lambda *_: None)
    with tempfile.TemporaryDirectory(prefix="fuchu-logs-") as workdir:
        workdir = Path(workdir)
        (workdir / "serve_settings.py").write_text(serve.SETTINGS_TEMPLATE.format(static_root=str(workdir / "static")))
        env = {**serve.production_env(database, workdir), "ELASTICSEARCH_URL": "http://127.0.0.1:9"}
        env.pop("WEB_CONCURRENCY", None)
        subprocess.run(
            [serve.PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        port = serve.free_port()
        access, errors = workdir / "stdout.log", workdir / "stderr.log"
        with open(access, "wb") as stdout, open(errors, "wb") as stderr:
            process = subprocess.Popen(
                [serve.GUNICORN, "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                cwd=ROOT,
                env=env,
                stdout=stdout,
                stderr=stderr,
            )
            try:
                base = f"http://127.0.0.1:{port}"
                serve.wait_until_up(base + "/healthz", process)
                statuses = {}
                for path in (SEARCH, FINDER, MISSING):
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(CLIENT, 0))
                    connection.request("GET", path)
                    statuses[path] = connection.getresponse().status
                    connection.close()
                time.sleep(0.5)
            finally:
                process.terminate()
                process.wait(timeout=30)
        yield {"statuses": statuses, "access": access.read_text(), "app": errors.read_text()}


def test_gunicorn_logs_each_request_without_its_query_or_address(served_logs):
    assert served_logs["statuses"] == {SEARCH: 200, FINDER: 200, MISSING: 404}
    access = served_logs["access"]
    assert '"GET /ja/search/" 200 ' in access
    assert '"GET /ja/navi/" 200 ' in access
    assert '"GET /ja/no-such-page/" 404 ' in access
    for secret in SECRETS:
        assert secret not in access, secret


def test_the_apps_log_tells_of_the_fallback_and_the_404_without_words_or_answers(served_logs):
    app = served_logs["app"]
    assert "Elasticsearch could not answer a search" in app  # the fallback did log: this is the app's log
    assert "Not Found: /ja/no-such-page/" in app
    for secret in SECRETS:
        assert secret not in app, secret


def test_the_shipped_conf_is_what_gunicorn_reads():
    printed = subprocess.run(
        [serve.GUNICORN, "--print-config"],
        cwd=ROOT,
        env={**os.environ, "WEB_CONCURRENCY": "3"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    config = dict(line.split(" = ", 1) for line in printed.splitlines() if " = " in line)
    config = {name.strip(): value.strip() for name, value in config.items()}
    assert config["logger_class"] == "portal.logs.GunicornLogger"
    assert config["wsgi_app"] == "portal.wsgi:application"
    assert config["workers"] == "3"
    assert "%(h)s" not in config["access_log_format"] and "%(r)s" not in config["access_log_format"]
