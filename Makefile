# askdoc's front door. `make run` and `make test` do everything on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PIP_VERSION := 26.3
# pytest-xdist workers; the machines have 2 cores.
TEST_WORKERS ?= 2

.PHONY: run test test-fast lint format migrate demo worker clean lighthouse screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever a requirements file changes.
$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt build-constraints.txt
	$(BIN)/python -m pip install --quiet --upgrade pip==$(PIP_VERSION)
	$(BIN)/python -m pip install --quiet --build-constraint build-constraints.txt -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py load_demo

## run: venv, install, migrate, load the demo, serve http://127.0.0.1:$(PORT) (DEBUG on)
run: install
	mkdir -p var
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py load_demo
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## test: the whole suite (unit, view and browser tests), in parallel
test: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS) -p no:cacheprovider

## test-fast: everything except the browser journeys
test-fast: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS) -p no:cacheprovider -m "not e2e"

## lint: ruff checks and format check
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## worker: run queued background tasks (emails) when TASKS_BACKEND=database
worker: install
	$(BIN)/python manage.py db_worker

tools/node_modules/.installed: tools/package.json tools/package-lock.json
	cd tools && npm ci --no-audit --no-fund
	touch $@

## lighthouse: Lighthouse (npm, pinned in tools/) on a gunicorn server with DEBUG off; fails below 95; reports in var/lighthouse/
lighthouse: install tools/node_modules/.installed
	$(BIN)/python scripts/lighthouse.py

## screenshots: capture the README's screenshots (docs/screenshots/) with Playwright and Debian's Chromium
screenshots: install
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) var/static .pytest_cache .ruff_cache
