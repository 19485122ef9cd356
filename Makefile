# Two commands: `make run` serves the demo on http://127.0.0.1:5000, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app challenges
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install install-test translations compile-translations check-translations \
        migrate demo lint outbox clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when the dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

compile-translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d challenges/translations

install: $(VENV)/.installed compile-translations

migrate: install
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) demo

run: demo
	$(FLASK) run --host $(HOST) --port $(PORT)

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
	$(BIN)/pytest $(PYTEST_ARGS)

translations: $(VENV)/.installed
	$(BIN)/python scripts/i18n.py update
	@echo "Now translate the empty msgstr in challenges/translations/nl/LC_MESSAGES/messages.po"

check-translations: $(VENV)/.installed
	$(BIN)/python scripts/i18n.py check

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

outbox: install
	$(FLASK) outbox send --loop

clean:
	rm -rf $(VENV) instance .pytest_cache test-artifacts messages.pot
