"""gunicorn's settings for the portal; gunicorn reads this file from the directory it starts in.

    gunicorn --bind 127.0.0.1:8000        # the app (portal.wsgi) and everything below come from here

The access log keeps the method, the path without its query string, the status, the size and the time: never
the client's address nor a query string, which would hold a resident's search words or the finder's answers
(portal.logs.GunicornLogger). Command-line options (scripts/serve.py passes its own) override these.
"""

import gc
import multiprocessing
import os

wsgi_app = "portal.wsgi:application"

workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
"""Worker processes: two per core and one more, unless WEB_CONCURRENCY says otherwise."""

preload_app = True
"""The app is loaded once, in gunicorn's master, before the workers start (portal.wsgi loads the analysers'
dictionaries, the translations and the search templates): the workers share those pages of memory instead of each
loading its own copy (about 150 MB each). A new version of the code needs a restart, not a reload (HUP)."""

logger_class = "portal.logs.GunicornLogger"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
"""Where the access log goes: "-" is standard output (the journal under systemd), or a file's path."""
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
"""Where gunicorn's own messages go: "-" is standard error. The app's log (settings.LOGGING) goes there too."""


def when_ready(server):
    """Before the first worker starts: no database connection of the master's is inherited by a worker, and what
    the master loaded is left out of the garbage collector's passes (which would touch, and so copy, its pages)."""
    from django.db import connections

    connections.close_all()
    gc.freeze()
