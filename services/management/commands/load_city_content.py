from django.core.management.base import BaseCommand

from services.content_loader import Loader


class Command(BaseCommand):
    help = "Load the city's content (services/content/). Repeatable: editors' changes are kept."

    def handle(self, *args, **options):
        report = Loader().load()
        self.stdout.write(f"City content: {report}.")
        for key in report.kept:
            self.stdout.write(f"  kept editor's version: {key}", self.style.WARNING)
