from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from . import checks, signals  # the checks register; signals connect to Wagtail's page events

        checks.connect()
        signals.connect()
