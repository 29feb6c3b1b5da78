import time

from django.core.management.base import BaseCommand

from search.backends import get_backend
from search.documents import build_document, live_entries


class Command(BaseCommand):
    help = "Rebuild the directory's search index from the database (live, public pages only)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        documents = [d for d in (build_document(page) for page in live_entries()) if d is not None]
        backend = get_backend()
        backend.rebuild(documents)
        self.stdout.write(
            f"Search index ({backend.name}): {len(documents)} entries in {time.perf_counter() - started:.1f} s."
        )
