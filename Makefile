# Tidlig: `make run` to try it, `make test` to prove it. See README.md.
SHELL := /bin/bash
PYTHON := $(shell scripts/find-python)
UV := .tools/bin/uv
PY := .venv/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
RUN_ENV := TIDLIG_DEMO=true DEBUG=true

.PHONY: run test lint install assets messages system-deps demo migrate backup restore crash-test bench

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==0.13.9

.venv/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --locked --python $(PYTHON)
	@mkdir -p var
	touch $@

install: .venv/.synced

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed

messages: install system-deps
	$(RUN_ENV) $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules --ignore=.tools -v 0

# Debian packages: Chromium for the browser tests, gettext for compiling translations.
system-deps:
	@missing=""; command -v msgfmt >/dev/null || missing="gettext"; \
	if [ "$(NEED_BROWSER)" = "1" ] && ! command -v chromium >/dev/null; then missing="$$missing chromium"; fi; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

migrate: install
	@mkdir -p var
	$(RUN_ENV) $(PY) manage.py migrate --noinput

demo: migrate
	$(RUN_ENV) $(PY) manage.py load_demo

run: install assets messages demo
	@echo "Tidlig kører på http://127.0.0.1:8000 (log ind som fx lone / demo)"
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# Backups of the database named by DATABASE_URL (SQLite in var/ without it) go to var/backups/.
# Without SECRET_KEY (a developer machine) they run as development; in production the real one is set.
BACKUP_ENV := $(if $(SECRET_KEY),,DEBUG=true)

backup: install
	$(BACKUP_ENV) $(PY) manage.py backup

restore: install
	@test -n "$(FILE)" || { echo "Brug: make restore FILE=var/backups/tidlig-....dump (eller .sqlite3)"; exit 2; }
	$(BACKUP_ENV) $(PY) manage.py restore "$(FILE)"

# SIGKILLs the production server 20 times under writes; CRASH_DATABASE_URL=postgres://... for PostgreSQL.
crash-test: install
	$(PY) scripts/crash-test $(if $(CRASH_DATABASE_URL),--database-url "$(CRASH_DATABASE_URL)")

test: NEED_BROWSER := 1
test: install assets system-deps messages
	scripts/run-tests

lint: install assets
	@mkdir -p var
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/djlint tidlig/templates tidlig/*/templates --lint
	TIDLIG_TESTING=true $(PY) manage.py makemigrations --check --dry-run
	scripts/check-views
	.venv/bin/lint-imports --no-cache
	.venv/bin/bandit -q -r tidlig -x '*/tests/*,*/migrations/*' --severity-level high

# Benchmarks on PostgreSQL at Aarhus's size (docs/performance.md). Not part of `make test`.
# BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/tidlig_bench) is created if missing.
# bench/run.py sets TIDLIG_BENCH, which installs the bench app (the generator, the floor page).
bench: install assets messages
	$(PY) -m bench.run
