from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = "Directory"

    def ready(self):
        from services import rights  # noqa: F401  (models are loaded only now: connects the rights' signals)
