from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from services.content_loader import Loader


class Command(BaseCommand):
    help = "Load the city's content (services/content/), then rebuild the search index. Editors' changes are kept."

    def handle(self, *args, **options):
        indexing = settings.SEARCH_INDEX_ON_PUBLISH
        settings.SEARCH_INDEX_ON_PUBLISH = False  # one rebuild at the end instead of one write per page
        try:
            report = Loader().load()
        finally:
            settings.SEARCH_INDEX_ON_PUBLISH = indexing
        self.stdout.write(f"City content: {report}.")
        for key in report.kept:
            self.stdout.write(f"  kept editor's version: {key}", self.style.WARNING)
        call_command("rebuild_search_index", stdout=self.stdout)
