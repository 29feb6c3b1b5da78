from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from . import signals  # connects to Wagtail's page events once every model is loaded

        signals.connect()
