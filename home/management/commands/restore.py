from django.core.management.base import BaseCommand, CommandError

from home.backup import BackupError, describe, restore


class Command(BaseCommand):
    help = (
        "Bring back a backup made by `manage.py backup DIR` into this (empty) database and MEDIA_ROOT. "
        "Stop the site first; afterwards run `manage.py migrate` and restart it."
    )

    def add_arguments(self, parser):
        parser.add_argument("dir", help="the backup's folder")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace what the database and the media folder hold already (every table is dropped first)",
        )

    def handle(self, *args, **options):
        try:
            counts = restore(options["dir"], force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {describe(counts)} from {options['dir']}.")
