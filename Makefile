# The two commands a newcomer needs: `make serve` and `make test`.
# Everything they need is installed here, so a fresh Debian machine (as root) works.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
CHROMIUM := /usr/bin/chromium
TMP := $(CURDIR)/.tmp
export NO_MKDOCS_2_WARNING := 1

.PHONY: install test test-fast lint build serve bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# The Pyodide runtime the checker ships, and axe-core for the accessibility tests: exact
# versions from package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Debian's Chromium for the browser tests (Playwright cannot download browsers here).
$(CHROMIUM):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

install: $(STAMP) $(NODE_STAMP)

lint: install
	$(VENV)/bin/ruff check .

test: install $(CHROMIUM) lint
	rm -rf $(TMP) && mkdir -p $(TMP)
	TMPDIR=$(TMP) $(PY) -m pytest --basetemp=$(TMP)/pytest

# The quick loop while working: the pure-Python tests, no site build, no Node.js, no browser.
test-fast: $(STAMP)
	rm -rf $(TMP) && mkdir -p $(TMP)
	TMPDIR=$(TMP) $(PY) -m pytest --basetemp=$(TMP)/pytest -m "not browser and not node and not site"

build: install
	$(VENV)/bin/mkdocs build --strict

serve: install
	$(VENV)/bin/mkdocs serve --strict -a 127.0.0.1:8000

clean:
	rm -rf $(TMP) site dist build

bench: install
	$(PY) benchmarks/bench.py
