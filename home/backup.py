"""Backup and restore of everything editors and residents leave behind: the database and the media files.

A backup is a folder: the database (pg_dump's custom format, or a SQLite copy made with SQLite's backup API),
the media files as `media.tar`, and `manifest.json` with the kind of database, the time, a checksum of each file
and the number of rows in every table. Restore checks the checksums before it touches anything, writes only into
an empty database unless forced, and counts the rows again afterwards.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, WorkflowState

from portal.models import DailyCount
from search.models import Synonym

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media.tar"
DATABASE_FILE = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """Something the person running the command must fix; the message says what."""


def summary_models():
    """What restore reports, in words an editor knows, and the model whose rows it counts."""
    return {
        "pages": Page,
        "revisions": Revision,
        "workflow states": WorkflowState,
        "images": get_image_model(),
        "documents": get_document_model(),
        "synonyms": Synonym,
        "reach counts": DailyCount,
        "users": get_user_model(),
    }


def summary(tables):
    return {name: tables.get(model._meta.db_table, 0) for name, model in summary_models().items()}


def describe(counts):
    return ", ".join(f"{count} {name}" for name, count in counts.items())


def count_rows(cursor, present):
    """{table: rows} for every table of an installed model that exists in the database."""
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy and model._meta.db_table in present
        }
    )
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def database_kind():
    if connection.vendor not in DATABASE_FILE:
        raise BackupError(f"Backups know PostgreSQL and SQLite; this database is {connection.vendor}.")
    return connection.vendor


def postgres_env():
    """libpq's environment for pg_dump and pg_restore, from the Django connection's settings."""
    params = connection.settings_dict
    env = {**os.environ, "PGDATABASE": params["NAME"]}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if params.get(key):
            env[name] = str(params[key])
    if params.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = params["OPTIONS"]["sslmode"]
    return env


def run_tool(command, env):
    if not shutil.which(command[0]):
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client).")
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed:\n{result.stderr.strip()}")


# -- backup ---------------------------------------------------------------------------------------------------


def backup(folder):
    """Write the database, the media files and the manifest to `folder` (new, or empty). Returns the manifest."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} already holds files: give a new or empty folder for each backup.")
    kind = database_kind()
    folder.mkdir(parents=True, exist_ok=True)
    database_path = folder / DATABASE_FILE[kind]
    tables = backup_postgres(database_path) if kind == "postgresql" else backup_sqlite(database_path)
    media_files = write_media(folder / MEDIA)
    manifest = {
        "format": FORMAT,
        "kind": kind,
        "created": timezone.localtime().isoformat(timespec="seconds"),
        "counts": summary(tables),
        "media files": media_files,
        "files": {
            "database": {"name": database_path.name, "sha256": sha256(database_path)},
            "media": {"name": MEDIA, "sha256": sha256(folder / MEDIA)},
        },
        "tables": tables,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return manifest


def backup_postgres(path):
    """pg_dump of one snapshot, and the rows counted in that same snapshot, while editors go on working."""
    with connection.cursor() as cursor:
        connection.set_autocommit(False)
        try:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = count_rows(cursor, set(connection.introspection.table_names(cursor)))
            run_tool(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={path}",
                ],
                postgres_env(),
            )
        finally:
            connection.rollback()
            connection.set_autocommit(True)
    return tables


def backup_sqlite(path):
    """SQLite's online backup: a consistent copy even while the site writes. The rows are counted in the copy."""
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
        cursor = target.cursor()
        present = {row[0] for row in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return count_rows(cursor, present)
    finally:
        target.close()


def write_media(path):
    """Every file under MEDIA_ROOT (uploaded images and documents, image renditions), by its relative path."""
    root = Path(settings.MEDIA_ROOT)
    count = 0
    with tarfile.open(path, "w") as archive:
        if root.is_dir():
            for file in sorted(p for p in root.rglob("*") if p.is_file()):
                archive.add(file, arcname=str(file.relative_to(root)))
                count += 1
    return count


# -- restore --------------------------------------------------------------------------------------------------


def read_manifest(folder):
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{folder} has no {MANIFEST}: it is not a backup made by `manage.py backup`.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{folder} is a backup of format {manifest.get('format')!r}; this version reads {FORMAT}.")
    for role, entry in manifest["files"].items():
        path = folder / entry["name"]
        if not path.is_file() or sha256(path) != entry["sha256"]:
            raise BackupError(f"The {role} file {path} is missing or not the one the backup wrote (checksum).")
    return manifest


def existing_content():
    """What the database and the media folder hold already, in words; empty when there is nothing."""
    found = []
    tables = connection.introspection.table_names()
    if tables:
        pages = ""
        if Page._meta.db_table in tables:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(Page._meta.db_table)}")
                pages = f", {cursor.fetchone()[0]} pages"
        found.append(f"the database has {len(tables)} tables{pages}")
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(p.is_file() for p in media.rglob("*")):
        found.append(f"{media} has files")
    return found


def restore(folder, force=False):
    """Bring a backup back into this database and MEDIA_ROOT. Returns the counts found after restoring."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    kind = database_kind()
    if manifest["kind"] != kind:
        raise BackupError(f"This backup is of a {manifest['kind']} database; DATABASE_URL points at {kind}.")
    found = existing_content()
    if found and not force:
        raise BackupError(
            "Nothing was restored: "
            + "; ".join(found)
            + ". Restore writes into a new, empty database and media folder; give --force to replace what is there."
        )
    database_path = folder / manifest["files"]["database"]["name"]
    if kind == "postgresql":
        restore_postgres(database_path)
    else:
        restore_sqlite(database_path)
    read_media(folder / manifest["files"]["media"]["name"])
    with connection.cursor() as cursor:
        tables = count_rows(cursor, set(connection.introspection.table_names(cursor)))
    differing = {t: (n, tables.get(t)) for t, n in manifest["tables"].items() if tables.get(t) != n}
    if differing:
        listed = ", ".join(f"{t}: {n} in the backup, {m} now" for t, (n, m) in sorted(differing.items()))
        raise BackupError(f"The restored database does not hold what the backup counted: {listed}")
    return summary(tables)


def restore_postgres(path):
    env = postgres_env()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
    connection.close()
    run_tool(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={env['PGDATABASE']}",
            str(path),
        ],
        env,
    )


def restore_sqlite(path):
    """SQLite's backup API, from the backup's copy into this database: the whole file is replaced."""
    connection.close()
    target_name = connection.settings_dict["NAME"]
    Path(target_name).parent.mkdir(parents=True, exist_ok=True)
    source, target = sqlite3.connect(path), sqlite3.connect(target_name)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def read_media(path):
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path) as archive:
        archive.extractall(root, filter="data")
