"""Settings shared by every environment. Deployment values come from the environment only."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO

from portal import languages

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    # wagtail_modeltranslation patches Page and must load before the apps it translates.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "portal",
    "home",
    "services",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "csp",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.LocaleMiddleware",
    "search.cache.SearchResponseCacheMiddleware",  # after the language is known, before furigana is added
    "portal.middleware.LanguageMarkupMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.security.SafeMethodsMiddleware",  # a 405 with every header above, before CSRF's view check
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "portal" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site_languages",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's PostgreSQL search index needs the contrib app for its GIN index.
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages (CONTRACT §2): every fact about them is in portal.languages. Easy Japanese is a site language of
# its own; to browsers it is Japanese.
LANG_INFO["ja-easy"] = {
    "bidi": False,
    "code": "ja-easy",
    "name": "Easy Japanese",
    "name_local": languages.BY_CODE["ja-easy"].name_local,
}
LANGUAGE_CODE = languages.DEFAULT.code
LANGUAGES = [(language.code, language.name) for language in languages.LANGUAGES]
FORMAT_MODULE_PATH = ["portal.formats"]
"""Dates in each language's own words (portal/formats/<locale>/formats.py)."""

LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "portal" / "admin_locale"]
"""Our interface strings, then Japanese for the Wagtail admin strings Wagtail leaves in English (both come before
any app's catalogue; `make messages` writes only to locale/)."""
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = languages.DEFAULT.code
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": (languages.DEFAULT.code,)}
"""A page not yet written in a language shows its Japanese, and says so."""
WAGTAILMODELTRANSLATION_TRANSLATE_SLUGS = False
"""One ASCII slug per page in every language: shareable URLs that differ only in the prefix."""

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
"""Where uploaded images and documents (and image renditions) are kept; `manage.py backup` copies it."""
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "府中市 福祉の相談・つながりナビ"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
"""Web addresses in ASCII: the admin fills a new page's slug from an English title, the server from the reading of a
Japanese one (services.models.pages.TranslatedPageMixin), never percent-encoded Japanese."""
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_PERMITTED_LANGUAGES = [(code, languages.BY_CODE[code].name_local) for code in ("ja", "en")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
"""When set, search is answered by Elasticsearch, with the database as the fallback."""

SEARCH_ENVIRONMENT = os.environ.get("SEARCH_ENVIRONMENT", "dev")
"""Part of every Elasticsearch index name, so that tests and staging never touch the production index."""

SEARCH_INDEX_ON_PUBLISH = True
"""Keep the directory's search index in step with Wagtail's publish, unpublish, move and delete."""

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "search": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "search-responses",
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}
"""Per process. "search" keeps whole search pages and API answers (search.cache), at most 500 (about 8 MB): enough
for the searches many residents make; the long tail of searches asked once only fills memory (issue 15)."""
SEARCH_RESPONSE_CACHE = "search"
SEARCH_RESPONSE_CACHE_SECONDS = 600
"""How long a search response is kept at most; any change to the index, synonyms or pages replaces it at once."""
SEARCH_CACHE_HEADER = os.environ.get("SEARCH_CACHE_HEADER", "") == "1"
"""`X-Search-Cache: hit` or `miss` on search responses, so a load test can print its hit share (off by default)."""
SEARCH_LOG_BUFFER = 50
"""Searches each process counts in memory before writing the query log in one transaction (0: at once)."""
SEARCH_LOG_FLUSH_SECONDS = 10
"""…or after this many seconds, whichever comes first (and when the process exits)."""

CITY_MAIN_PHONE = "042-364-4111"
"""府中市役所 代表: the one number the plan prints, shown wherever a program has none of its own."""
CITY_MAIN_ADDRESS = "〒183-8703 府中市宮西町2丁目24番地"
"""The one address the plan prints (地域福祉推進課)."""
CITY_OFFICIAL_SITE_URL = "https://www.city.fuchu.tokyo.jp/"
"""Fuchu City's official site (CONTRACT §5), linked from every page's footer."""
QUICK_EXIT_URL = os.environ.get("QUICK_EXIT_URL", "https://www.google.com/")
"""Where the quick exit goes: a neutral page on another host (the one outside link, followed only on that click)."""

# -- what browsers are told (production adds HSTS and secure cookies) ------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
"""Other sites never learn which page of the portal a resident came from."""
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
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
    },
}
"""Nothing inline and nothing from another host on residents' pages. The Wagtail admin needs inline scripts and
styles: portal.security.ContentSecurityPolicyMiddleware relaxes this policy under /admin/ only."""

WAGTAIL_GRAVATAR_PROVIDER_URL = None
"""No avatars from gravatar.com in the admin: the portal makes no request to any other host."""
WAGTAIL_ENABLE_UPDATE_CHECK = False
"""Nor does the admin ask releases.wagtail.org for a newer Wagtail."""

# -- editors' sign-in: django-axes locks an account after repeated failures -----------------------------------
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
"""A name tried from one address is locked; an editor elsewhere, or another name, can still sign in."""
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.security.lockout"
AXES_CLIENT_IP_CALLABLE = "portal.security.sign_in_address"
TRUSTED_PROXIES = [a.strip() for a in os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1").split(",") if a.strip()]
"""Proxies whose X-Real-IP names an editor's address at sign-in (the variable gunicorn reads for the same trust)."""

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"private": {"()": "portal.logs.PrivateFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["private"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
"""Warnings and errors to standard error (gunicorn's error log, the journal), each through portal.logs.PrivateFilter:
no query string, search words or finder answers. "django" and "django.server" (runserver's request lines) are named
so that Django's own handlers, which print request lines and would e-mail whole requests, are replaced."""
