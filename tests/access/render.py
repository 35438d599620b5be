"""Print the access matrix as Markdown: `python -m tests.access.render > docs/access-matrix.md`."""

import os
import sys


def cell(value):
    from .matrix import LOGIN

    return {LOGIN: "sign in", 200: "200", 302: "302", 400: "400", 403: "403", 404: "404", 405: "405"}.get(
        value, str(value)
    )


def render():
    from .matrix import ENTRIES, LABELS, POSTS, ROLES
    from .test_matrix import url_patterns

    routes = url_patterns()
    header = "| URL pattern | name | " + " | ".join(LABELS[r] for r in ROLES) + " |"
    rule = "|---|---|" + "---|" * len(ROLES)
    lines = [
        "# Access matrix",
        "",
        "Generated from `tests/access/matrix.py` by `python -m tests.access.render > docs/access-matrix.md`; the test",
        "suite checks every cell (`tests/access/test_matrix.py`) and that this file matches the matrix.",
        "",
        "Roles: **anonymous** (not signed in); **partner A**, a partner at organisation A who is invited to the",
        "meetings, owns a meeting action (and leads a plan action); **partner B**, a partner at organisation B who is",
        "invited to nothing and leads nothing; **admin**, a council admin who has given the second factor",
        "(`REQUIRE_ADMIN_2FA` is on in the tests, as in production).",
        "",
        "Answers: `200` served; `sign in` redirected to the sign-in page; `301` moved for good; `302` another",
        "redirect; `400` the form came back with errors; `403` signed in without the right; `404` not revealed to this",
        "user; `405` POST only.",
        "",
        "## GET",
        "",
        header,
        rule,
    ]
    for entry in ENTRIES:
        name = f"`{entry.name}`" + (f" ({entry.case})" if entry.case else "")
        cells = " | ".join(cell(entry.expected(r)) for r in ROLES)
        lines.append(f"| `{routes[entry.name]}` | {name} | {cells} |")
    lines += ["", "## POST to sensitive endpoints", "", header, rule]
    for case in POSTS:
        name = f"`{case.name}`" + (f" ({case.case})" if case.case else "")
        cells = " | ".join(cell(case.expected(r)) for r in ROLES)
        lines.append(f"| `{routes[case.name]}` | {name} | {cells} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")
    import django

    django.setup()
    sys.stdout.write(render())
