"""The Docker image is built the way the production-mode test builds and starts the app."""

import re

from .conftest import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text()


def test_the_image_collects_static_files_only_with_the_script_the_production_test_runs():
    assert re.search(r"^RUN scripts/build_static\.sh\b", DOCKERFILE, re.MULTILINE), DOCKERFILE
    assert "collectstatic" not in DOCKERFILE, "collect static files through scripts/build_static.sh (DEBUG off)"


def test_the_image_starts_gunicorn_as_the_production_test_does():
    # tests/production/conftest.py runs this CMD, bound to a local port.
    assert re.search(r'^CMD \["gunicorn", "partnership\.wsgi", "--bind", ', DOCKERFILE, re.MULTILINE), DOCKERFILE


def test_secrets_and_local_state_stay_out_of_the_image():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".env", ".venv", "var", "staticfiles"} <= ignored
