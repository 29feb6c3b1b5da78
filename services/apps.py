from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = "Directory"

    def ready(self):
        from services import drift, rights  # noqa: F401  (models are loaded only now: connects their signals)
