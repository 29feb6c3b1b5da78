"""The Nu HTML Checker (npm vnu-jar, pinned in package.json, run with Debian's Java) reports no error on one page of
every kind in every language: the same page kinds the accessibility tests find from the site (home, search results,
a service, an area, a place, each explainer, the plan, open data, the finder and its answer, the memo, a poster, the
404 page). Pages come from Django's test client and go to the checker in one run, since Java is slow to start.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.contract import LANGUAGES
from tests.test_accessibility import page_kinds

pytestmark = [pytest.mark.validator, pytest.mark.django_db]

VNU_JAR = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# A page that is not valid HTML, checked in the same run, so the test fails if the checker stops reporting.
PLANTED = '<!DOCTYPE html><html lang="ja"><head><title>t</title></head><body><form action=""></form></body></html>'


def nu_errors(folder):
    """Every error the checker reports on the .html files in `folder`, as {file name: [message, …]}."""
    run = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--exit-zero-always", str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    errors = {}
    for message in json.loads(run.stderr or run.stdout)["messages"]:
        name = Path(message.get("url", "")).name
        where = f"line {message.get('lastLine', '?')}: " if "lastLine" in message else ""
        extract = (message.get("extract") or "").strip()[:120]
        errors.setdefault(name, []).append(f"{where}{message['message']}  «{extract}»")
    return errors


def test_every_kind_of_page_in_every_language_is_valid_html(client, tmp_path):
    assert shutil.which("java"), "Java is missing: `make test` installs Debian's default-jre-headless"
    assert VNU_JAR.exists(), "node_modules/vnu-jar is missing: run `npm ci --no-audit --no-fund` (make test does)"
    call_command("load_demo_places", stdout=open("/dev/null", "w"))  # places come only from `make demo`
    kinds = page_kinds(client)
    assert any(kind == "PlacePage" for kind in kinds)
    files = {}
    for language in LANGUAGES:
        for kind, path in kinds.items():
            path = path.replace("/ja/", f"/{language}/", 1)
            response = client.get(path, HTTP_HOST="localhost")
            assert response.status_code in {200, 400, 404}, f"{kind} {path}: {response.status_code}"
            name = f"{len(files):03d}.html"
            files[name] = f"{kind} {path}"
            (tmp_path / name).write_bytes(response.content)
    (tmp_path / "planted.html").write_text(PLANTED)

    errors = nu_errors(tmp_path)

    assert any("action" in message for message in errors.pop("planted.html", [])), "the checker reported nothing"
    assert len(files) >= 6 * 15
    found = [f"{files[name]}:\n    " + "\n    ".join(messages) for name, messages in sorted(errors.items())]
    assert not found, f"The Nu HTML Checker found errors on {len(found)} pages:\n" + "\n".join(found)
