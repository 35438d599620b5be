from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from common import need_to_know

DOC = Path(settings.BASE_DIR) / "docs" / "need-to-know.md"


class Command(BaseCommand):
    help = (
        "Print docs/need-to-know.md from the rows each app registers with common/need_to_know.py;"
        " --write saves it, --check fails if it is stale."
    )

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true")
        parser.add_argument("--check", action="store_true")

    def handle(self, *args, write=False, check=False, **options):
        text = need_to_know.table_markdown()
        if check:
            if not DOC.exists() or DOC.read_text() != text:
                raise CommandError("docs/need-to-know.md is out of date: run manage.py need_to_know --write")
            return
        if write:
            DOC.write_text(text)
            self.stdout.write(f"Wrote {DOC}")
            return
        self.stdout.write(text, ending="")
