# The two commands a new user needs:  make run   and   make test
# Everything is installed into .venv from pyproject.toml; nothing is installed by hand.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
ADDRESS ?= 127.0.0.1:8000
PYTEST_ARGS ?=
# `make run` is a developer's server: DEBUG on unless the environment says otherwise.
RUN_DEBUG ?= true

.PHONY: run install install-test messages test lint format check-migrations migrate demo admin-account clean

run: install messages migrate demo admin-account
	DEBUG=$(RUN_DEBUG) $(BIN)/python manage.py runserver $(ADDRESS)

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# Russian and Kazakh translations are compiled from locale/*.po (GNU gettext's msgfmt).
messages: install
	@command -v msgfmt >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends gettext; \
		else echo "Install GNU gettext first: sudo apt-get install gettext"; exit 1; fi; }
	DEBUG=true $(BIN)/python manage.py compilemessages --ignore=.venv -v0

migrate: install
	mkdir -p var
	DEBUG=$(RUN_DEBUG) $(BIN)/python manage.py migrate --noinput

demo: install
	DEBUG=$(RUN_DEBUG) $(BIN)/python manage.py load_baikonur70

admin-account: install
	DEBUG=$(RUN_DEBUG) $(BIN)/python manage.py ensure_admin --url http://$(ADDRESS)/admin/

test: install-test messages
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

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache *.egg-info
