import time

from django.core.management.base import BaseCommand

from search.backends import get_backend
from search.documents import build_document, live_entries


class Command(BaseCommand):
    help = "Rebuild the directory's search index from the database (live, public pages only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--pending",
            action="store_true",
            help="Only send Elasticsearch the changes it missed while it was unreachable (the outbox); "
            "they stay for the next run while it still is.",
        )

    def handle(self, *args, **options):
        if options["pending"]:
            self.send_pending()
            return
        started = time.perf_counter()
        documents = [d for d in (build_document(page) for page in live_entries()) if d is not None]
        backend = get_backend()
        backend.rebuild(documents)
        self.stdout.write(
            f"Search index ({backend.name}): {len(documents)} entries in {time.perf_counter() - started:.1f} s."
        )

    def send_pending(self):
        """Exits cleanly whatever the cluster does: the timer tries again in five minutes."""
        backend = get_backend()
        sent, pending = backend.send_pending()
        if pending:
            self.stdout.write(
                f"Search index ({backend.name}): {sent} pending changes sent; {pending} still pending "
                "(Elasticsearch did not take them: see the warning above). The next run tries again."
            )
        else:
            self.stdout.write(f"Search index ({backend.name}): {sent} pending changes sent; none left.")
