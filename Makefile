# askdoc's front door. `make run` and `make test` do everything on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PIP_VERSION := 26.3
# pytest-xdist workers; the machines have 2 cores.
TEST_WORKERS ?= 2

.PHONY: run test test-fast lint format migrate demo worker bench clean loadtest backup restore lighthouse screenshots

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

## loadtest: 64 clients for 60 s on gunicorn and a scratch PostgreSQL stopped for 10 s mid-run
## (not part of `make test`); writes the result to docs/loadtest.md
loadtest: install
	$(BIN)/python scripts/loadtest.py --report docs/loadtest.md

## backup: pg_dump + media archives into $(BACKUP_ROOT) (DATABASE_URL must be PostgreSQL)
BACKUP_ROOT ?= var/backups
backup:
	scripts/backup.sh $(BACKUP_ROOT)

## restore: restore BACKUP_DIR (made by `make backup`) into DATABASE_URL and the media roots
restore:
	scripts/restore.sh $(BACKUP_DIR)

## worker: run queued background tasks (emails) when TASKS_BACKEND=database
worker: install
	$(BIN)/python manage.py db_worker

## bench: load-test gunicorn on PostgreSQL (BENCH_DATABASE_URL, default askdoc_bench) with wrk;
## results in var/bench/ and docs/performance.md. Not part of `make test`. Takes several minutes.
bench: install
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python bench/run.py

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
