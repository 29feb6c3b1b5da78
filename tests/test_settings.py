"""Production settings take every deployment value from the environment and refuse to start without a secret."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_production(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "WAGTAILADMIN_BASE_URL": "https://portal.example",
            **env,
        }
    )
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.ALLOWED_HOSTS)",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = start_production(DJANGO_ALLOWED_HOSTS="portal.example")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = start_production(DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_refuses_to_start_without_the_admin_base_url():
    result = start_production(
        DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="portal.example", WAGTAILADMIN_BASE_URL=""
    )
    assert result.returncode != 0
    assert "WAGTAILADMIN_BASE_URL" in result.stderr


def test_production_starts_with_its_environment():
    result = start_production(DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="portal.example, www.portal.example")
    assert result.returncode == 0, result.stderr
    assert "['portal.example', 'www.portal.example']" in result.stdout


def test_database_url_selects_postgresql():
    environment = {**os.environ, "DATABASE_URL": "postgres://user@db.example:5432/portal"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'])",
        ],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "portal.settings.dev"},
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "portal"], result.stderr


def run_production(code, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "example.org",
            "WAGTAILADMIN_BASE_URL": "https://example.org",
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_passes_the_deployment_checklist_without_a_warning():
    result = run_production(
        "from django.core.management import execute_from_command_line as run; "
        "run(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_tells_browsers_to_use_https_only():
    # A request refused before any view runs: the headers need no database.
    result = run_production(
        "import django, json; django.setup(); from django.test import Client; "
        "r = Client().post('/ja/', secure=True, HTTP_HOST='example.org'); "
        "print(json.dumps({'status': r.status_code, **dict(r.headers)}))"
    )
    assert result.returncode == 0, result.stderr
    headers = json.loads(result.stdout.strip().splitlines()[-1])
    assert headers["status"] == 405
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "unsafe-inline" not in headers["Content-Security-Policy"]


def test_production_redirects_plain_http_and_keeps_cookies_on_https():
    result = run_production(
        "import django; django.setup(); from django.conf import settings; from django.test import Client; "
        "r = Client().get('/robots.txt', HTTP_HOST='example.org'); "
        "print(r.status_code, r['Location'], settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["301", "https://example.org/robots.txt", "True", "True"]


def test_production_sends_mail_as_email_url_says():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD,"
        " s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL]))"
    )
    result = run_production(
        code,
        EMAIL_URL="submission://portal%40city.example:pa%3Ass@mail.city.example:587",
        DJANGO_DEFAULT_FROM_EMAIL="fukushi@city.example",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.city.example",
        587,
        "portal@city.example",
        "pa:ss",
        True,
        "fukushi@city.example",
    ]
    assert run_production("import django; django.setup()", EMAIL_URL="carrier-pigeon://x").returncode != 0


def test_production_answers_health_checks_over_plain_http_and_redirects_pages():
    result = run_production(
        "import django, json; django.setup(); from django.test import Client; c = Client(); "
        "print(json.dumps([c.get(p, HTTP_HOST='example.org').status_code for p in ('/healthz', '/ja/')]))"
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [200, 301]
