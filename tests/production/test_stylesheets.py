"""Every url() in every stylesheet under static/ names a file that is there.

With DEBUG off, collectstatic rewrites each url() to the file's hashed name and stops at one it
cannot find, so a missing image or font means no image can be built and no page served."""

import re
from pathlib import Path

from django.conf import settings

STATIC = Path(settings.BASE_DIR) / "static"
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)""")


def referenced_files():
    for stylesheet in sorted(STATIC.rglob("*.css")):
        for reference in CSS_URL.findall(stylesheet.read_text()):
            if reference.startswith(("data:", "#")):
                continue
            path = reference.split("?")[0].split("#")[0]
            if path.startswith(settings.STATIC_URL):
                target = STATIC / path.removeprefix(settings.STATIC_URL)
            else:
                target = stylesheet.parent / path
            yield stylesheet.relative_to(STATIC), reference, target


def test_there_are_stylesheets_to_check():
    assert (STATIC / "govuk" / "govuk-frontend.min.css").is_file()


def test_every_url_in_every_stylesheet_resolves():
    missing = [f"{css}: url({reference})" for css, reference, target in referenced_files() if not target.is_file()]
    assert missing == [], "stylesheets refer to files not in static/"
