from django.core.management.base import BaseCommand

from common.files_archive import files_backup


class Command(BaseCommand):
    help = "Write every stored file (folder or bucket) into a gzipped tar archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar.gz file to write")

    def handle(self, *args, archive, **options):
        count = files_backup(archive)
        self.stdout.write(f"{count} stored files written to {archive}")
