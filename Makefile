# The two commands a new machine needs: `make run` and `make test`. See README.md.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTHON ?= python3

.PHONY: run test coverage test-provider system-packages bench install install-dev lint format assets migrate demo clean constraints

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt constraints.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements.txt -c constraints.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt constraints.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements-dev.txt -c constraints.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## make run: install, migrate, load the demo data and serve web + worker + scheduler on :8000
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	scripts/run.sh

## make test: lint, then the whole suite against a throwaway PostgreSQL and Redis
## (first installs, or names, the Debian packages it needs: see scripts/system_packages.sh)
test: system-packages install-dev test-provider
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	scripts/with_services.sh $(VENV)/bin/pytest $(PYTEST_ARGS)

## make coverage: the same suite measured by coverage.py, with the lines no test runs (about 40% slower: not in CI)
coverage: system-packages install-dev test-provider
	scripts/with_services.sh $(VENV)/bin/pytest --cov --cov-report=term:skip-covered $(PYTEST_ARGS)

## The tests' OpenID Connect provider (oidc-provider from npm, pinned by its lock file), installed once
OIDC_PROVIDER := tests/oidc_provider
$(OIDC_PROVIDER)/node_modules/.package-lock.json: $(OIDC_PROVIDER)/package.json $(OIDC_PROVIDER)/package-lock.json
	cd $(OIDC_PROVIDER) && npm ci --no-audit --no-fund --loglevel=error
test-provider: $(OIDC_PROVIDER)/node_modules/.package-lock.json

system-packages:
	scripts/system_packages.sh

## make bench: speed figures against a floor, on its own PostgreSQL and Redis
bench: install-dev
	scripts/with_services.sh $(PY) -m bench

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## make constraints: pin every package requirements-dev.txt installs, with pip-compile (pip-tools), into constraints.txt.
## Pins already there are kept; `make constraints UPGRADE=1` moves them all to the newest allowed.
PIP_TOOLS := var/pip-tools
constraints:
	test -x $(PIP_TOOLS)/bin/pip-compile || { $(PYTHON) -m venv $(PIP_TOOLS) && $(PIP_TOOLS)/bin/pip install --quiet --upgrade pip pip-tools==7.6.2; }
	CUSTOM_COMPILE_COMMAND="make constraints  (from requirements-dev.txt; see Dependencies in README.md)" \
	  $(PIP_TOOLS)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links --no-emit-trusted-host \
	  $(if $(UPGRADE),--upgrade) --output-file constraints.txt requirements-dev.txt

## make assets: rebuild static/govuk from govuk-frontend with Sass (needs Node; output is committed)
assets:
	frontend/build.sh

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache .coverage htmlcov $(OIDC_PROVIDER)/node_modules
