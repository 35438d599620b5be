"""No template comment reaches a reader: every page of the access matrix, for every role that may open it, is free
of `{#` and `#}`. A `{# #}` comment that runs over two lines is not a comment to Django: it is printed as text."""

import glob
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from .matrix import ENTRIES, ROLES


@pytest.mark.parametrize("role", ROLES)
def test_no_page_prints_a_template_comment(role, world, client_for):
    client = client_for(role)
    printed = []
    for entry in ENTRIES:
        if entry.expected(role) != 200:
            continue
        url = reverse(entry.name, kwargs=entry.kwargs(world))
        response = client.get(url)
        if response.streaming or not response.get("Content-Type", "").startswith("text/"):
            continue
        text = response.content.decode()
        if "{#" in text or "#}" in text:
            printed.append(url)
    assert printed == [], f"pages that print a template comment to {role}"


def test_no_template_has_a_comment_over_more_than_one_line():
    """The source-side half: a multi-line comment must be `{% comment %}`, which Django does strip."""
    root = Path(settings.BASE_DIR) / "templates"
    offenders = [
        path
        for path in glob.glob(str(root / "**" / "*.*"), recursive=True)
        if re.search(r"\{#(?:(?!#\}).)*\n", Path(path).read_text(encoding="utf-8"))
    ]
    assert offenders == []
