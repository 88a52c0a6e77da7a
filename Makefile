# One command per developer task. `make run` and `make test` set up everything they need.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
PORT ?= 8000
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
SYSTEM_PACKAGES := chromium fonts-ipafont-gothic fonts-lohit-deva gettext
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run lint test test-sqlite test-postgres system-deps messages screenshots bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

## Serve the platform with demo data on the embedded default (SQLite, in-process tasks).
run: $(STAMP)
	$(BIN)/kakehashi run --port $(PORT)

## Debian's Chromium (browser tests) and Japanese/Devanagari fonts (screenshots).
system-deps:
	@if [ ! -x /usr/bin/chromium ] || ! command -v xgettext >/dev/null || ! fc-list | grep -qi ipagothic || ! fc-list | grep -qi lohit; then \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	fi

## The checks CI runs before the tests: ruff, the import contracts, mypy, and (when the
## shared design folder is next to the project) its app-import audit. Each one fails the run.
lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	@if grep -rn --include='*.py' 'noqa:[^#]*PLC0415' src | grep -v 'PLC0415[A-Z0-9, ]*  ('; then \
	  echo "each inline import above needs its reason: # noqa: PLC0415  (reason)"; exit 1; fi
	$(BIN)/lint-imports
	KAKEHASHI_DATA_DIR=$(CURDIR)/var $(BIN)/mypy
	@if [ -d ../shared ]; then python3 ../shared/tools/app_imports.py .; \
	else echo "skipped the app-import audit: no ../shared next to the project"; fi

## The whole test suite on SQLite (unit, mail with a real SMTP server, browser).
test: $(STAMP) system-deps
	$(BIN)/pytest

test-postgres: $(STAMP) system-deps
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest

## Re-extract and compile the translation catalogues (needs GNU gettext).
messages: $(STAMP)
	cd src/kakehashi && KAKEHASHI_DATA_DIR=$(CURDIR)/var ../../$(BIN)/kakehashi makemessages -l ja -l hi --no-obsolete --no-wrap \
	  --ignore 'static/*' && KAKEHASHI_DATA_DIR=$(CURDIR)/var ../../$(BIN)/kakehashi compilemessages -l ja -l hi

screenshots: $(STAMP) system-deps
	$(BIN)/python bench/screenshots.py

clean:
	rm -rf $(VENV) var .pytest_cache
