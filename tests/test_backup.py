"""`manage.py backup DIR` and `manage.py restore DIR` (home/backup.py) on the database this pass runs on: SQLite,
or PostgreSQL when DATABASE_URL names one (databases <name>_src and <name>_dst beside it).

Each command runs as a city's IT team would run it, in its own process with DATABASE_URL and DJANGO_MEDIA_ROOT set:
the city's content, an editor's draft waiting for approval, an uploaded image and document (real files), a synonym
and reach counts are backed up, restored into a new empty database and media folder, and compared."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.backup_content import DRAFT_TITLE

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
TEST_URL = os.environ.get("DATABASE_URL", "")
KIND = "postgresql" if TEST_URL.startswith(("postgres://", "postgresql://")) else "sqlite"


class Site:
    """A database and a media folder of their own, and the commands run against them."""

    def __init__(self, name, workdir):
        self.media = workdir / f"{name}-media"
        if KIND == "postgresql":
            parts = urlsplit(TEST_URL)
            self.database = f"{parts.path.lstrip('/')}_{name}"
            self.url = urlunsplit(parts._replace(path="/" + self.database))
            self.recreate()
        else:
            self.url = f"sqlite:///{workdir / f'{name}.sqlite3'}"

    def recreate(self):
        import psycopg

        parts = urlsplit(TEST_URL)
        with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{self.database}"')

    def drop(self):
        if KIND == "postgresql":
            import psycopg

            parts = urlsplit(TEST_URL)
            with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')

    def run(self, *args, check=True):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "DATABASE_URL": self.url,
            "DJANGO_MEDIA_ROOT": str(self.media),
            "ELASTICSEARCH_URL": "",
        }
        result = subprocess.run([PYTHON, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
        if check and result.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
        return result

    def manage(self, *args, check=True):
        return self.run("manage.py", *args, check=check)

    def snapshot(self):
        return json.loads(self.run("-m", "tests.backup_content", "snapshot").stdout)


@pytest.fixture(scope="module")
def restored(tmp_path_factory):
    """The source site with everything an editor leaves behind, its backup, and a restore into an empty site."""
    workdir = tmp_path_factory.mktemp("backup")
    source, target = Site("src", workdir), Site("dst", workdir)
    source.manage("migrate", "--noinput", "-v", "0")
    source.manage("load_city_content")
    digests = json.loads(source.run("-m", "tests.backup_content", "seed").stdout)
    before = source.snapshot()
    backup_dir = workdir / "backup-1"
    backed_up = source.manage("backup", str(backup_dir)).stdout
    restored = target.manage("restore", str(backup_dir)).stdout
    yield {
        "source": source,
        "target": target,
        "backup": backup_dir,
        "workdir": workdir,
        "digests": digests,
        "before": before,
        "after": target.snapshot(),
        "backed up": backed_up,
        "restored": restored,
    }
    source.drop()
    target.drop()


def test_the_backup_holds_the_database_the_media_and_a_manifest(restored):
    manifest = json.loads((restored["backup"] / "manifest.json").read_text())
    assert manifest["kind"] == KIND
    assert manifest["counts"]["images"] == 1 and manifest["counts"]["documents"] == 1
    assert manifest["counts"]["pages"] == len(restored["before"]["pages"])
    assert manifest["counts"]["revisions"] == len(restored["before"]["revisions"])
    assert manifest["counts"]["reach counts"] == 2
    assert manifest["media files"] == 3  # the image, its rendition, the document
    assert f"{manifest['counts']['pages']} pages" in restored["backed up"]


def test_restore_gives_back_every_page_the_draft_the_history_the_files_the_synonym_and_the_counts(restored):
    before, after = restored["before"], restored["after"]
    for part in before:
        assert after[part] == before[part], part
    # and what the comparison covers is really there:
    assert any(r["content"].get("title") == DRAFT_TITLE for r in after["revisions"]), "the editor's draft"
    assert [s["status"] for s in after["workflow states"]] == ["in_progress"]
    draft_page = next(p for p in after["pages"].values() if p.get("plan_name") == "福祉総合相談窓口")
    assert draft_page["title"] != DRAFT_TITLE and draft_page["has_unpublished_changes"]  # residents see the old one
    assert after["images"][0]["sha256"] == restored["digests"]["image"]
    assert after["documents"][0]["sha256"] == restored["digests"]["document"]
    assert any("夫に殴られる" in s["words"] for s in after["synonyms"])
    assert sorted(c["count"] for c in after["reach counts"]) == [3, 12]


def test_restore_says_what_it_restored(restored):
    pages = len(restored["before"]["pages"])
    assert f"Restored {pages} pages, {len(restored['before']['revisions'])} revisions" in restored["restored"]
    assert "1 images, 1 documents" in restored["restored"]


def test_restore_refuses_a_database_that_has_content(restored):
    result = restored["target"].manage("restore", str(restored["backup"]), check=False)
    assert result.returncode != 0
    assert "Nothing was restored" in result.stderr and "--force" in result.stderr


def test_restore_with_force_replaces_what_is_there(restored):
    target = restored["target"]
    target.run(
        "manage.py",
        "shell",
        "-c",
        "from search.models import Synonym; Synonym.objects.filter(words__contains='夫に殴られる').delete()",
    )
    assert target.snapshot()["synonyms"] != restored["before"]["synonyms"]
    target.manage("restore", "--force", str(restored["backup"]))
    assert target.snapshot() == restored["before"]


def test_backup_wants_a_new_or_empty_folder(restored):
    result = restored["source"].manage("backup", str(restored["backup"]), check=False)
    assert result.returncode != 0 and "already holds files" in result.stderr


def test_a_damaged_backup_is_refused_before_anything_is_written(restored):
    damaged = restored["workdir"] / "damaged"
    shutil.copytree(restored["backup"], damaged)
    database = next(p for p in damaged.iterdir() if p.name.startswith("database."))
    data = bytearray(database.read_bytes())
    data[len(data) // 2] ^= 0xFF
    database.write_bytes(bytes(data))
    empty = Site("empty", restored["workdir"])
    try:
        result = empty.manage("restore", str(damaged), check=False)
        assert result.returncode != 0 and "checksum" in result.stderr
        assert not empty.media.exists()
    finally:
        empty.drop()
