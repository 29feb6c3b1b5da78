"""The deployment files a city installs (scripts/deploy/, README "Running it for a city"): the systemd units parse
and start files and commands that exist, every environment variable the code reads is documented, nginx logs
no query and no address, and the nightly backup keeps the newest folders."""

import configparser
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "scripts" / "deploy"
UNITS = sorted((DEPLOY / "systemd").iterdir())
APP_DIR = "/srv/fuchu-portal"
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable


def unit(path):
    parser = configparser.ConfigParser(strict=True, interpolation=None, delimiters=("=",))
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read_string(path.read_text())
    return parser


def local(path):
    """A path of the installed layout (/srv/fuchu-portal/…) in this checkout."""
    return ROOT / Path(path).relative_to(APP_DIR) if path.startswith(APP_DIR + "/") else Path(path)


@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.name)
def test_each_unit_parses_with_the_sections_systemd_needs(path):
    parsed = unit(path)
    assert parsed.has_section("Unit") and parsed["Unit"].get("Description")
    if path.suffix == ".timer":
        assert parsed["Timer"].get("OnCalendar")
        assert parsed["Install"]["WantedBy"] == "timers.target"
        assert (path.with_suffix(".service")).exists(), "a timer starts the service of its name"
    else:
        service = parsed["Service"]
        assert service["ExecStart"].startswith("/")
        assert service["WorkingDirectory"] == APP_DIR
        assert service["EnvironmentFile"] == "/etc/fuchu-portal/portal.env"


@pytest.mark.parametrize("path", [p for p in UNITS if p.suffix == ".service"], ids=lambda p: p.name)
def test_each_service_starts_a_file_and_a_command_that_exist(path):
    words = unit(path)["Service"]["ExecStart"].split()
    program = local(words[0])
    assert program.exists() and os.access(program, os.X_OK), program
    if words[1:2] == ["manage.py"]:
        name, options = words[2], [w for w in words[3:] if w.startswith("--")]
        described = " ".join([name, *options])
        assert name in get_commands(), f"no command {name}"
        parser = load_command_class(get_commands()[name], name).create_parser("manage.py", name)
        known = {option for action in parser._actions for option in action.option_strings}
        missing = [o for o in options if o not in known]
        assert not missing, f"{described}: {name} has no {missing}"


def test_the_gunicorn_unit_s_options_are_gunicorn_s():
    words = unit(DEPLOY / "systemd" / "fuchu-portal.service")["Service"]["ExecStart"].split()
    printed = subprocess.run(
        [str(local(words[0])), *words[1:], "--print-config"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    config = {k.strip(): v.strip() for k, v in (line.split(" = ", 1) for line in printed.splitlines() if " = " in line)}
    assert config["bind"] == "['127.0.0.1:8000']"
    assert config["logger_class"] == "portal.logs.GunicornLogger"


def environment_variables_read():
    sources = [*sorted((ROOT / "portal" / "settings").glob("*.py")), ROOT / "gunicorn.conf.py"]
    names = set()
    for source in sources:
        names |= set(re.findall(r"os\.environ(?:\.get)?[\[(]\s*\"([A-Z_]+)\"", source.read_text()))
    names |= set(re.findall(r"\$\{([A-Z_]+):-", (DEPLOY / "backup.sh").read_text()))
    return names | {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}  # read by dj_database_url.config() and manage.py


def test_every_environment_variable_the_code_reads_is_in_the_example_and_the_readme():
    names = environment_variables_read()
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "EMAIL_URL", "WEB_CONCURRENCY", "BACKUP_KEEP"} <= names
    example = (DEPLOY / "portal.env.example").read_text()
    readme = (ROOT / "README.md").read_text()
    for name in names - {"PYTHON"}:
        assert re.search(rf"^#?{name}=", example, re.MULTILINE), f"{name} is not in portal.env.example"
        assert f"`{name}`" in readme, f"{name} is not in the README's table"


def test_nginx_logs_the_path_without_its_query_and_no_address():
    conf = (DEPLOY / "nginx" / "fuchu-portal.conf").read_text()
    code = "\n".join(line.split("#", 1)[0] for line in conf.splitlines())
    log_format = re.search(r"log_format\s+portal_private\s+'([^']*)'", code).group(1)
    assert "$uri" in log_format and "$status" in log_format
    for revealing in ("$request ", "$request_uri", "$args", "$query_string", "$remote_addr", "$http_"):
        assert revealing not in log_format + " ", revealing
    assert all(line.split()[-1] == "portal_private;" for line in code.splitlines() if "access_log" in line)
    assert 'proxy_set_header X-Forwarded-For "";' in code
    blocks = re.findall(r"location\s+(\S+)\s*\{([^}]*)\}", code)
    passing_the_address = [where for where, body in blocks if "X-Real-IP" in body]
    assert passing_the_address == ["/admin/"], "only the admin's sign-in needs an address"


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed")
def test_nginx_accepts_the_example(tmp_path):
    """`nginx -t` on the example inside a minimal nginx.conf, with a self-signed certificate in place of the city's."""
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    site = (DEPLOY / "nginx" / "fuchu-portal.conf").read_text()
    site = re.sub(r"ssl_certificate (\S+);", f"ssl_certificate {tmp_path / 'cert.pem'};", site)
    site = re.sub(r"ssl_certificate_key (\S+);", f"ssl_certificate_key {tmp_path / 'key.pem'};", site)
    site = site.replace("/var/log/nginx/", f"{tmp_path}/")
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  include {tmp_path}/site.conf;\n}}\n"
    )
    result = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


def test_the_nightly_backup_keeps_the_newest_folders_and_removes_a_failed_one(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "APP_DIR": str(ROOT),
        "PYTHON": PYTHON,
        "BACKUP_ROOT": str(tmp_path / "backups"),
        "BACKUP_KEEP": "2",
    }
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True,
                   capture_output=True)  # fmt: skip
    made = []
    for night in range(3):
        result = subprocess.run([str(DEPLOY / "backup.sh")], env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        made.append(result.stdout)
        if night < 2:
            subprocess.run(["sleep", "1.1"])  # folders are named to the second
    kept = sorted(p.name for p in (tmp_path / "backups").iterdir())
    assert len(kept) == 2 and all((tmp_path / "backups" / name / "manifest.json").exists() for name in kept)
    assert "Removed the old backup" in made[-1]

    failing = {**env, "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none"}
    result = subprocess.run([str(DEPLOY / "backup.sh")], env=failing, capture_output=True, text=True)
    assert result.returncode != 0
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == kept
