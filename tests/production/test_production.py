"""The app as the Docker image runs it (DEBUG off, gunicorn, collected static files; see conftest.py)
answers every page of the access matrix as development does, serves its static files under hashed
names, and is clean under `check --deploy`."""

import re
import subprocess
import sys
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from itertools import chain
from pathlib import Path

import pytest

from .conftest import ROOT, Client, sign_in

pytestmark = pytest.mark.production

ROLES = ("anonymous", "partner_a", "partner_b", "admin")
# The cells where production rightly answers otherwise than development, and why.
PRODUCTION_ANSWERS = {
    # Development has REQUIRE_ADMIN_2FA off, so its admin is shown how to set up an authenticator app;
    # production's admin has given the second factor while signing in, so the page sends them on.
    ("two_factor", "admin"): 302,
}
STATIC_REFERENCE = re.compile(r'(?:href|src)="(/static/[^"]+)"')
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)""")
JS_IMPORT = re.compile(r"""\bfrom\s*["']([^"']+)["']""")
# ManifestStaticFilesStorage's names: the content's hash before the extension.
HASHED = re.compile(r"\.[0-9a-f]{12}\.[a-z]+$")


def outcome(response, seed):
    """The response as the access matrix speaks of it."""
    if response.status == 302 and (response.getheader("Location") or "").startswith(seed["login_url"] + "?next="):
        return seed["login_marker"]
    return response.status


def log_tail(server, lines=60):
    return "\n".join(server.log.read_text().splitlines()[-lines:])


def answers_unlike_development(server, role):
    client = sign_in(server, role)
    failures = []
    for cell in server.seed["cells"]:
        expected = PRODUCTION_ANSWERS.get((cell["id"], role), cell["expected"][role])
        got = outcome(client.get(cell["url"]), server.seed)
        if got != expected:
            failures.append(f"GET {cell['url']} ({cell['id']}) as {role}: {got}, development answers {expected}")
    return failures


def test_every_page_of_the_access_matrix_answers_as_in_development(production):
    # The four roles browse at once, each a request at a time, as gunicorn's workers would serve them.
    with ThreadPoolExecutor(max_workers=len(ROLES)) as pool:
        failures = list(chain.from_iterable(pool.map(partial(answers_unlike_development, production), ROLES)))
    assert not failures, "\n".join(failures) + "\n\nThe server's log ends:\n" + log_tail(production)


def test_static_files_are_served_under_hashed_names_and_so_is_everything_they_refer_to(production):
    client = Client(production.port)
    home = client.get("/")
    assert home.status == 200, log_tail(production)
    referenced = STATIC_REFERENCE.findall(home.body.decode())
    names = {path.rsplit("/", 1)[-1].split(".")[0] for path in referenced}
    assert {"favicon", "govuk-frontend", "app"} <= names, referenced

    checked = set()
    queue = list(referenced)
    while queue:
        path = queue.pop()
        if path in checked:
            continue
        checked.add(path)
        assert HASHED.search(path), f"{path} is not served under a hashed name"
        response = client.get(path)
        assert response.status == 200, f"GET {path}: {response.status}"
        assert "immutable" in response.getheader("Cache-Control", ""), f"{path} is not cached for good"
        pattern = {".css": CSS_URL, ".js": JS_IMPORT}.get(Path(path).suffix)
        found = pattern.findall(response.body.decode()) if pattern else []
        queue += [urllib.parse.urljoin(path, ref) for ref in found if not ref.startswith(("data:", "#"))]
    assert any(path.startswith("/static/govuk/govuk-frontend.min.") and path.endswith(".js") for path in checked), (
        "app.js's import of GOV.UK Frontend was not followed"
    )


def test_check_deploy_is_clean_with_the_servers_settings(production):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
