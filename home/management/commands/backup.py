from django.core.management.base import BaseCommand, CommandError

from home.backup import BackupError, backup, describe


class Command(BaseCommand):
    help = (
        "Write the database and the media files to DIR (a new or empty folder), with a manifest that "
        "`manage.py restore DIR` checks."
    )

    def add_arguments(self, parser):
        parser.add_argument("dir", help="a new or empty folder for this backup")

    def handle(self, *args, **options):
        try:
            manifest = backup(options["dir"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backed up the {manifest['kind']} database ({describe(manifest['counts'])}) "
            f"and {manifest['media files']} media files to {options['dir']}."
        )
