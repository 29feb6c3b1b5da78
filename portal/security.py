"""What the site lets a browser do: a strict Content-Security-Policy for residents' pages (a relaxed one for the
Wagtail admin), public pages that only answer GET and HEAD, and the page an editor sees when locked out."""

from axes.helpers import get_cool_off
from csp.constants import HEADER, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.shortcuts import render

from . import languages

ADMIN_PREFIX = "/admin/"

ADMIN_POLICY_UPDATE = {
    "script-src": [UNSAFE_INLINE],
    "style-src": [UNSAFE_INLINE],
    "img-src": ["blob:"],
}
"""The Wagtail admin still writes inline scripts and style attributes (wagtail/wagtail#1288) and previews images
from blob: URLs. Only editors who have signed in use it; nothing here loads from another host."""

ADMIN_POLICY_REPLACE = {"frame-ancestors": [SELF]}
"""The admin shows page previews in a frame of its own: same origin only (X-Frame-Options stays DENY elsewhere)."""

SAFE_METHODS = ("GET", "HEAD")

OPEN_PATHS = ("/sitemap.xml", "/robots.txt", "/exit/", "/api/search/")
"""Public addresses outside the language prefixes that, like every page under them, only read."""

NOT_ALLOWED = "このページは見るだけのページです（GET, HEAD）。\nThis page can only be viewed (GET, HEAD).\n"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """settings.CONTENT_SECURITY_POLICY everywhere, with ADMIN_POLICY_* added under /admin/."""

    def process_response(self, request, response):
        if request.path_info.startswith(ADMIN_PREFIX) and HEADER in response:
            # A page preview runs the page through the whole middleware stack again, which gives it the public
            # policy (frame-ancestors 'none'); the admin frames it, so the admin's policy replaces that one.
            del response[HEADER]
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.update = {**ADMIN_POLICY_UPDATE, **(parts.update or {})}
            parts.replace = {**ADMIN_POLICY_REPLACE, **(parts.replace or {})}
        return parts


def is_public_page(path):
    """Every page a resident sees sits under a language prefix (CONTRACT §2); a few public addresses do not."""
    if path == "/" or path in OPEN_PATHS:
        return True
    return any(path.startswith(f"/{code}/") or path == f"/{code}" for code in languages.CODES)


class SafeMethodsMiddleware:
    """Residents' pages and the search API only read: any other method is a 405 that names GET and HEAD.

    The admin, /api/reach/ (a POST beacon), documents and static files are left to their own views.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS and is_public_page(request.path_info):
            return HttpResponseNotAllowed(SAFE_METHODS, content=NOT_ALLOWED, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def lockout(request, original_response=None, credentials=None):
    """django-axes: what an editor sees after too many failed logins (AXES_LOCKOUT_CALLABLE)."""
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else 0
    return render(request, "lockout.html", {"minutes": minutes}, status=settings.AXES_HTTP_RESPONSE_CODE)


def sign_in_address(request):
    """The address django-axes ties failed admin sign-ins to (AXES_CLIENT_IP_CALLABLE). Behind nginx every request
    comes from the proxy, so nginx passes the editor's address as X-Real-IP on /admin/ only; the header counts
    only on a request from one of the trusted proxies (FORWARDED_ALLOW_IPS, as gunicorn trusts them)."""
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
    if forwarded and remote in settings.TRUSTED_PROXIES:
        return forwarded
    return remote
