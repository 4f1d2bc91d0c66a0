# Two commands do everything on a fresh machine:
#   make demo   set up, build db/quotes.db from corpus/ and serve it with Datasette
#   make test   set up and run every test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8001

.PHONY: install demo db serve test browser-deps bench clean screenshots

$(BIN)/quotes: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# the CPU build of PyTorch first: a plain `torch` requirement pulls a multi-GB CUDA build
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test]'
	touch $(BIN)/quotes

install: $(BIN)/quotes

db: install
	$(BIN)/quotes ingest corpus/ --db db/quotes.db

demo: db
	$(BIN)/quotes serve --db db/quotes.db --port $(PORT)

# Headless Chromium for the browser tests (Debian packages) and axe-core (npm) for the accessibility
# tests. Skipped where they cannot be installed.
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -q && apt-get install -y -q chromium chromium-driver) >/dev/null || echo "could not install chromium: browser tests will skip" >&2; \
	  else echo "chromium is not installed and cannot be installed here: browser tests will skip" >&2; fi; \
	fi
	@# axe-core for the accessibility tests (they skip without it)
	@if [ ! -f node_modules/axe-core/axe.min.js ]; then \
	  if command -v npm >/dev/null 2>&1; then \
	    npm install --no-save --no-audit --no-fund axe-core@4.14.1 >/dev/null 2>&1 || echo "could not install axe-core: accessibility tests will skip" >&2; \
	  else echo "npm is not installed: accessibility tests will skip" >&2; fi; \
	fi

test: install browser-deps
	$(BIN)/pytest -q -rs

# docs/*.png for the README: the front end on db/quotes.db in headless Chromium
screenshots: db browser-deps
	$(BIN)/python docs/screenshots.py db/quotes.db docs

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build db/*.db db/*.db-*
