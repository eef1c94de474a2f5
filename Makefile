# The two commands a new user needs:  make run   and   make test
# Everything is installed into .venv from pyproject.toml; nothing is installed by hand.
# WeasyPrint (PDFs) needs Pango and a font with every Kazakh letter from the system: when they are
# missing, `make` installs them if it runs as root and otherwise prints the one command to run.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext
# What the tests drive and read with: the browser, and the tools that turn a PDF page into an image
# (poppler-utils) and read the QR codes on it (zbar-tools), as a door scanner would.
TEST_PACKAGES := chromium libatomic1 poppler-utils zbar-tools

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
ADDRESS ?= 127.0.0.1:8000
PYTEST_ARGS ?=
WORKERS ?= 4
# Job workers (manage.py db_worker) that make serve starts beside gunicorn.
JOB_WORKERS ?= 2
# `make serve`: requests each worker serves at once, and where /healthz alone is answered by a thread
# of its own (deploy/gunicorn.conf.py; empty: nowhere).
THREADS ?= 1
HEALTH_ADDRESS ?= 127.0.0.1:8001
# `make run` is a developer's server: DEBUG on unless the environment says otherwise.
RUN_DEBUG ?= true

.PHONY: run serve worker system-packages test-packages install install-test messages messages-update test lint format check-migrations migrate demo admin-account clean

# The development server, and one job worker beside it, stopped with it.
run: install messages migrate demo admin-account
	DEBUG=$(RUN_DEBUG) $(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=$(RUN_DEBUG) $(BIN)/python manage.py runserver $(ADDRESS)

# One more job worker, e.g. on another machine that reaches the same PostgreSQL (DATABASE_URL).
worker: install messages
	DEBUG=false $(BIN)/python manage.py db_worker --worker-id "$$(hostname)-$$$$"

system-packages:
	@missing=$$(for package in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || echo $$package; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing $$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
		else \
			echo "Missing system packages. Run:  sudo apt-get install $$missing"; exit 1; \
		fi; \
	fi

# The same check and install, for what the tests drive and read with.
test-packages:
	@$(MAKE) --no-print-directory system-packages SYSTEM_PACKAGES="$(TEST_PACKAGES)"

# Production: gunicorn with several workers, static files through whitenoise, DEBUG off, behind a
# buffering proxy (deploy/nginx.conf) on a private ADDRESS. Needs SECRET_KEY, ALLOWED_HOSTS and
# DATABASE_URL (PostgreSQL) in the environment; see .env.example. The rest of gunicorn's
# configuration is deploy/gunicorn.conf.py.
serve: install messages
	DEBUG=false $(BIN)/python manage.py migrate --noinput
	DEBUG=false $(BIN)/python manage.py collectstatic --noinput -v0
	@# JOB_WORKERS job workers beside gunicorn, and the clean-up every 10 minutes (jobs whose worker died,
	@# old job results and guest lists), stopped with it.
	for n in $$(seq $(JOB_WORKERS)); do DEBUG=false $(BIN)/python manage.py db_worker --worker-id "$$(hostname)-$$n" & done; \
	(while true; do DEBUG=false $(BIN)/python manage.py jobs_cleanup; DEBUG=false $(BIN)/python manage.py purge_guest_list_files; sleep 600; done) & \
	trap 'kill $$(jobs -p) 2>/dev/null' EXIT INT TERM; \
	DEBUG=false ADDRESS="$(ADDRESS)" HEALTH_ADDRESS="$(HEALTH_ADDRESS)" WORKERS="$(WORKERS)" THREADS="$(THREADS)" \
		$(BIN)/gunicorn --config deploy/gunicorn.conf.py baikonur_events.wsgi

$(VENV)/.installed: pyproject.toml | system-packages
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: system-packages $(VENV)/.installed

install-test: $(VENV)/.installed-test

# Russian and Kazakh translations are compiled from locale/*.po (GNU gettext's msgfmt), and from
# locale_django/*.po: Django's and django-countries' Kazakh where theirs falls short, kept by hand.
messages: install system-packages
	DEBUG=true $(BIN)/python manage.py compilemessages --ignore=.venv -v0

migrate: install
	mkdir -p var
	DEBUG=$(RUN_DEBUG) $(BIN)/python manage.py migrate --noinput

demo: install
	DEBUG=$(RUN_DEBUG) $(BIN)/python manage.py load_baikonur70

admin-account: install
	DEBUG=$(RUN_DEBUG) $(BIN)/python manage.py ensure_admin --url http://$(ADDRESS)/admin/

# Backups (README, «Backups»): the database and the private uploaded files, into var/backups/<UTC time>/
# or BACKUP=folder. On PostgreSQL they use pg_dump and pg_restore (Debian's postgresql-client).
.PHONY: backup restore postgresql-client
backup: install postgresql-client
	DEBUG=$(RUN_DEBUG) $(BIN)/python manage.py backup $(if $(BACKUP),--output "$(BACKUP)")

# make restore BACKUP=var/backups/<time>: refuses a database that holds records unless REPLACE=yes.
restore: install postgresql-client
	@test -n "$(BACKUP)" || { echo "Say which backup: make restore BACKUP=var/backups/<time>"; exit 2; }
	DEBUG=$(RUN_DEBUG) $(BIN)/python manage.py restore "$(BACKUP)" $(if $(filter yes,$(REPLACE)),--replace)

postgresql-client:
	@case "$${DATABASE_URL:-}" in postgres*) \
		$(MAKE) --no-print-directory system-packages SYSTEM_PACKAGES=postgresql-client;; esac

# After adding user-facing strings: collect them into locale/*.po, then translate the new entries.
# locale_django/ is left alone: it translates Django's strings, not ours.
messages-update: install
	DEBUG=true $(BIN)/python manage.py makemessages -l ru -l kk --no-location --no-wrap \
		--ignore=.venv --ignore=var --ignore=tests --ignore=benchmarks '--ignore=*.egg-info' --ignore=build \
		--ignore=locale_django

test: install-test test-packages messages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-migrations: install-test
	DATABASE_URL=sqlite://:memory: DJANGO_SETTINGS_MODULE=tests.settings \
		$(BIN)/python manage.py makemigrations --check --dry-run

# The load run (benchmarks/load.py): gunicorn on a throwaway PostgreSQL database, driven by locust.
# LOAD_ARGS=--restart-postgres also restarts this machine's PostgreSQL during the run (see the script).
LOAD_ARGS ?=
.PHONY: load-test
$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@

load-test: install messages $(VENV)/.installed-bench
	$(BIN)/python benchmarks/load.py $(LOAD_ARGS)

# The doors under load (benchmarks/checkin_load.py): ushers at 10 entrances scanning 5,000 guests in
# 10 minutes, the arrivals page on three screens. CHECKIN_LOAD_ARGS="--duration 120" for a quick try.
CHECKIN_LOAD_ARGS ?=
.PHONY: checkin-load-test
checkin-load-test: install messages $(VENV)/.installed-bench
	$(BIN)/python benchmarks/checkin_load.py $(CHECKIN_LOAD_ARGS)

# Several machines (benchmarks/scale_out.py): two gunicorn servers and two job workers with folders of
# their own, sharing PostgreSQL, an S3 store (moto's server, a test dependency) and Redis (db 14, flushed).
SCALE_OUT_ARGS ?=
.PHONY: scale-out-test
scale-out-test: install install-test messages $(VENV)/.installed-bench
	$(BIN)/python benchmarks/scale_out.py $(SCALE_OUT_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache *.egg-info
