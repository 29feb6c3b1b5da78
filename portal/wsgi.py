"""The WSGI application, for gunicorn (gunicorn.conf.py). With `preload_app` gunicorn imports this once in its
master process before it starts the workers: what is loaded here is shared by all of them (copy on write), so the
analysers' dictionaries, the translations and the search page's templates are loaded here rather than at each
worker's first request."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.template.loader import get_template
from django.utils import translation

from portal.text import load_analysers

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

application = get_wsgi_application()

PRELOADED_TEMPLATES = ("base.html", "search/search.html")
"""Compiled at start: the templates of the search page, the page most visitors ask for."""


def preload():
    load_analysers()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):  # loads the language's translations
            pass
    for name in PRELOADED_TEMPLATES:
        get_template(name)


preload()
