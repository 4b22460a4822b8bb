# Treatywatch task runner. `make serve` runs the site, `make test` and `make test-long` run everything CI runs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/treatywatch
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# The load test's own database (created anew, dropped at the end).
LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/treatywatch_load

.PHONY: serve test test-long install install-dev browser gettext postgres lint typecheck migrations-check test-sqlite test-postgres messages snapshot bench bench-core bench-outreach bench-campaigns clean

serve: install ## Install, migrate the SQLite database, load the shipped data and serve the site.
	TREATYWATCH_ENV=development $(BIN)/python manage.py migrate --noinput -v 0
	TREATYWATCH_ENV=development $(BIN)/python manage.py load_register
	TREATYWATCH_ENV=development $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install-dev browser gettext postgres lint typecheck migrations-check test-sqlite test-postgres ## Everything CI runs.
# Security checks (their own lines: other targets are added to `test` above).
.PHONY: audit audit-report deploy-check
test: audit-report deploy-check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# The pure core compiled with mypyc (scripts/build_core.py); its sources stay the fallback.
CORE_SOURCES := $(wildcard treatywatch/core/*.py)
$(VENV)/.core: requirements-build.txt scripts/build_core.py $(CORE_SOURCES) | $(VENV)/.runtime
	$(BIN)/pip install -q -r requirements-build.txt
	$(BIN)/python scripts/build_core.py
	touch $@

install: $(VENV)/.runtime $(VENV)/.core
install-dev: $(VENV)/.dev $(VENV)/.core

browser: ## Debian's Chromium and its driver, for the browser tests.
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then :; else \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver; fi

gettext: ## GNU gettext, which the translation tests and `make messages` use.
	@command -v xgettext >/dev/null && command -v msgfmt >/dev/null || ( \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq gettext )

postgres: ## Start the local PostgreSQL server if it is installed but not running.
	@pg_isready -q -h 127.0.0.1 -p 5432 || ( \
		command -v pg_ctlcluster >/dev/null && $(SUDO) pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | tail -1) main start; \
		for i in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; \
		pg_isready -h 127.0.0.1 -p 5432 )

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint treatywatch --check
	$(BIN)/djlint treatywatch --lint

typecheck: install-dev
	$(BIN)/mypy

migrations-check: install-dev
	TREATYWATCH_ENV=development $(BIN)/python manage.py makemigrations --check --dry-run

test-sqlite: install-dev
	$(BIN)/pytest

test-postgres: install-dev postgres
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest

test-long: install-dev postgres ## The load test: reads and editors' writes under load, then PostgreSQL restarted.
	LOAD_DATABASE_URL=$(LOAD_DATABASE_URL) $(BIN)/python -m tests.load.run

messages: install-dev ## Refresh and compile the French and Spanish translations.
	TREATYWATCH_ENV=development $(BIN)/python manage.py makemessages -l fr -l es --ignore=.venv --ignore=bench --ignore=tests
	TREATYWATCH_ENV=development $(BIN)/python manage.py compilemessages --ignore=.venv

snapshot: install-dev ## Rewrite the OpenAPI snapshot after a deliberate API change.
	TREATYWATCH_ENV=development $(BIN)/python manage.py export_openapi > tests/snapshots/openapi.json

bench: install-dev ## Treatywatch against Datasette and nginx (see bench/README.md).
	bash bench/run.sh

audit: install-dev ## Known vulnerabilities in the pinned runtime requirements; fails on any it could not check.
	$(BIN)/pip-audit --strict --progress-spinner off -r requirements.txt

audit-report: install-dev ## The audit `make test` runs: fails on a known vulnerability, lists what it could not check.
	$(BIN)/pip-audit --progress-spinner off -r requirements.txt -f json -o .venv/audit.json || \
		[ -s .venv/audit.json ]
	$(BIN)/python scripts/audit_report.py .venv/audit.json

deploy-check: install-dev ## `manage.py check --deploy` with production settings and a throwaway secret.
	env -u TREATYWATCH_ENV -u DJANGO_DEBUG DJANGO_ALLOWED_HOSTS=treatywatch.example \
		DJANGO_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))') \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

bench-core: install ## The core engine on synthetic records: one date and the full timeline (see bench/README.md).
	PYTHONPATH=. $(BIN)/python bench/core_bench.py

bench-outreach: install-dev ## Universalization work at scale on PostgreSQL: board, engagement, search (see bench/README.md).
	PYTHONPATH=. $(BIN)/python bench/outreach_bench.py

bench-campaigns: install-dev ## A campaign at scale on PostgreSQL: dashboard, reports, API with 1,000,000 reports (see bench/README.md).
	PYTHONPATH=. $(BIN)/python bench/campaigns_bench.py

clean:
	rm -rf $(VENV) staticfiles treatywatch.sqlite3 treatywatch/core/*.so treatywatch/core/compiled-from.sha256

# Several processes: the tests that run two application processes share a cache through Redis.
.PHONY: redis worker
test-sqlite test-postgres: redis postgres

redis: ## Start a local Redis (no persistence) if none answers on 127.0.0.1:6379.
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || ( \
		command -v redis-server >/dev/null || ( $(SUDO) apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq redis-server ); \
		redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no; \
		for i in 1 2 3 4 5 6 7 8 9 10; do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done; \
		redis-cli -h 127.0.0.1 -p 6379 ping )

worker: install ## Run the job worker (imports and digests started from the admin) for the development site.
	TREATYWATCH_ENV=development $(BIN)/python manage.py db_worker
