"""Serve the portal as production does, for `make loadtest` and `make lighthouse`: gunicorn, production settings,
whitenoise over collected static files, a database of its own under .bench/.

    with serve.production_server("loadtest") as base_url:
        ...
    with serve.gunicorn("loadtest", workers=5, env={"SEARCH_CACHE_HEADER": "1"}) as server:
        server.base_url, server.worker_pids()

gunicorn's own settings (gunicorn.conf.py, preload_app among them) apply: only the address, the number of
workers and the error log are given on its command line.

The database is prepared once per name (migrate + load_city_content + rebuild_search_index) and reused while
it is newer than the content; static files are collected into a temporary directory each time.
"""

import contextlib
import dataclasses
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / ".bench"
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")

SETTINGS_TEMPLATE = '''"""Production settings, static files in a temporary directory (by scripts/serve.py)."""
from portal.settings.production import *  # noqa: F403

STATIC_ROOT = {static_root!r}
'''


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def default_workers():
    return 2 * (os.cpu_count() or 1) + 1


def _content_mtime():
    newest = 0.0
    for folder in ("services/content", "home", "services", "search", "portal"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".toml", ".py") and path.is_file():
                newest = max(newest, path.stat().st_mtime)
    return newest


def prepare_database(name, log=print):
    """A SQLite database of its own, with the city's content and the search index, in WAL mode so that the
    query log's writes do not block readers in other workers."""
    BENCH_DIR.mkdir(exist_ok=True)
    path = BENCH_DIR / f"{name}.sqlite3"
    if path.exists() and path.stat().st_mtime > _content_mtime() and not os.environ.get("SERVE_FRESH_DATABASE"):
        log(f"Reusing {path.relative_to(ROOT)} (SERVE_FRESH_DATABASE=1 prepares it again).")
        return path
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    log(f"Preparing {path.relative_to(ROOT)}: migrate, load the city's content, build the search index …")
    env = {**production_env(path, ROOT), "DJANGO_SETTINGS_MODULE": "portal.settings.production"}
    for command in (["migrate", "--noinput"], ["load_city_content"], ["rebuild_search_index"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    import sqlite3

    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
    return path


def production_env(database, settings_dir):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "serve_settings",
        "PYTHONPATH": os.pathsep.join([str(settings_dir), str(ROOT)]),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": f"sqlite:///{database}",
    }


def wait_until_up(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


@dataclasses.dataclass
class Server:
    base_url: str
    process: subprocess.Popen
    database: Path

    def worker_pids(self):
        """The pids of gunicorn's workers: the children of its master process."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []


@contextlib.contextmanager
def production_server(name, workers=None, log=print):
    """Yield the base URL of a gunicorn serving the portal with production settings; stop it afterwards."""
    with gunicorn(name, workers=workers, log=log) as server:
        yield server.base_url


@contextlib.contextmanager
def gunicorn(name, workers=None, log=print, env=None):
    """Yield a Server (base URL, gunicorn's master process) with production settings and `env` added to the
    environment; stop it afterwards."""
    database = prepare_database(name, log=log)
    workdir = Path(tempfile.mkdtemp(prefix=f"fuchu-{name}-"))
    process = None
    try:
        static_root = workdir / "static"
        (workdir / "serve_settings.py").write_text(SETTINGS_TEMPLATE.format(static_root=str(static_root)))
        environment = {**production_env(database, workdir), **(env or {})}
        subprocess.run(
            [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=environment, check=True
        )
        port = free_port()
        workers = workers or int(os.environ.get("SERVE_WORKERS", default_workers()))
        log(f"gunicorn: {workers} workers on 127.0.0.1:{port}, production settings, {database.name}")
        process = subprocess.Popen(
            [
                GUNICORN,
                "portal.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--error-logfile",
                str(workdir / "gunicorn.log"),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
        )
        base_url = f"http://127.0.0.1:{port}"
        wait_until_up(base_url + "/healthz", process)
        yield Server(base_url, process, database)
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
            log_file = workdir / "gunicorn.log"
            errors = log_file.read_text() if log_file.exists() else ""
            if "Traceback" in errors:
                log("gunicorn logged errors:\n" + errors[-3000:])
        shutil.rmtree(workdir, ignore_errors=True)
