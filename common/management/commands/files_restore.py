from django.core.management.base import BaseCommand, CommandError

from common.files_archive import NotEmpty, files_restore


class Command(BaseCommand):
    help = "Put the files of a files_backup archive back into the (empty) folder or bucket."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar.gz file files_backup wrote")

    def handle(self, *args, archive, **options):
        try:
            count = files_restore(archive)
        except NotEmpty as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{count} stored files restored from {archive}")
