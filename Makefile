# Two commands: `make run` serves the demo on http://127.0.0.1:5000, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app challenges
HOST ?= 127.0.0.1
PORT ?= 5000
# Test processes (pytest-xdist): one per CPU; `make test WORKERS=0` runs the suite in one.
WORKERS ?= auto

# The locked versions, with their hashes: requirements/runtime.txt for the app,
# requirements/dev.txt for the app, its tests and tools. `make lock` writes both from
# pyproject.toml, keeping every version it can; `make lock UPGRADE=1` takes the newest allowed.
LOCK := $(CURDIR)/$(BIN)/uv pip compile pyproject.toml --quiet --universal --python-version 3.11 \
        --generate-hashes --custom-compile-command "make lock" $(if $(UPGRADE),--upgrade)
LOCK_DEV := $(LOCK) --extra test --extra dev -c requirements/runtime.txt

.PHONY: run test install install-test translations compile-translations check-translations \
        migrate demo lint lock check-lock outbox bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when the locks or the project change. The project itself is installed
# editable and without dependencies: they all come from the lock, checked against its hashes.
$(VENV)/.installed: requirements/runtime.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/runtime.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: requirements/dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	touch $@

compile-translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d challenges/translations

install: $(VENV)/.installed compile-translations

migrate: install
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) demo

# Links in emails use BASE_URL: it follows HOST and PORT unless it is set.
run: demo
	BASE_URL="$${BASE_URL:-http://$(HOST):$(PORT)}" $(FLASK) run --host $(HOST) --port $(PORT)

# Debian's chromium drives the browser tests; Playwright never downloads a browser here.
/usr/bin/chromium:
	@if [ "$$(id -u)" = "0" ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

install-test: $(VENV)/.installed-test compile-translations /usr/bin/chromium

test: install-test
	$(BIN)/python scripts/i18n.py check
	$(BIN)/pytest -n $(WORKERS) $(PYTEST_ARGS)

translations: $(VENV)/.installed
	$(BIN)/python scripts/i18n.py update
	@echo "Now translate the empty msgstr in challenges/translations/nl/LC_MESSAGES/messages.po"

check-translations: $(VENV)/.installed
	$(BIN)/python scripts/i18n.py check

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/mypy

lock: $(VENV)/.installed-test
	$(LOCK) -o requirements/runtime.txt
	$(LOCK_DEV) -o requirements/dev.txt

# Fails when the locks are not what `make lock` would write: pyproject.toml changed without it.
check-lock: $(VENV)/.installed-test
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	  cp -r pyproject.toml requirements "$$tmp"/ && cd "$$tmp" && \
	  $(LOCK) -o requirements/runtime.txt && $(LOCK_DEV) -o requirements/dev.txt && \
	  diff -ru $(CURDIR)/requirements requirements || \
	  { echo "requirements/ does not match pyproject.toml: run make lock"; exit 1; }

outbox: install
	$(FLASK) outbox send --loop

# Read the emails locally: an SMTP server on 127.0.0.1:$(MAIL_PORT) that prints each message,
# and the outbox sending to it (aiosmtpd comes with the development dependencies).
MAIL_PORT ?= 1025
mail: $(VENV)/.installed-test compile-translations
	$(BIN)/python scripts/mail.py --port $(MAIL_PORT)

# The app beside a Flask hello-world under gunicorn, measured with Debian's wrk (see bench/run.py
# for its settings). The data set is built once into instance/bench/ (BENCH_DATABASE_URL for
# PostgreSQL) and kept.
/usr/bin/wrk:
	@if [ "$$(id -u)" = "0" ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	else \
	  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	fi

bench: install /usr/bin/wrk
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) instance .pytest_cache test-artifacts messages.pot
