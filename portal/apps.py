from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The shared base: languages, Japanese text tools, middleware, and the site's reach counts."""

    name = "portal"
    label = "portal"
    verbose_name = "Portal"
