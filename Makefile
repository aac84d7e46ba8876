# The two commands a newcomer needs: `make serve` and `make test`.
# Everything they need is installed here, so a fresh Debian machine (as root) works.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
TMP := $(CURDIR)/.tmp
export NO_MKDOCS_2_WARNING := 1

.PHONY: install browsers test lint build serve bench clean

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

# The three browser engines the tests drive, from Debian (Playwright cannot download browsers here):
# Chromium and Firefox through Playwright, WebKit through Selenium's WebKitGTK driver under Xvfb.
browsers:
	@missing=""; \
	for pair in /usr/bin/chromium:chromium /usr/bin/firefox-esr:firefox-esr \
	            /usr/bin/WebKitWebDriver:webkit2gtk-driver /usr/bin/Xvfb:xvfb; do \
	  test -x "$${pair%%:*}" || missing="$$missing $${pair#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

install: $(STAMP) $(NODE_STAMP)

lint: install
	$(VENV)/bin/ruff check .

test: install browsers lint
	rm -rf $(TMP) && mkdir -p $(TMP)
	TMPDIR=$(TMP) $(PY) -m pytest --basetemp=$(TMP)/pytest

build: install
	$(VENV)/bin/mkdocs build --strict

serve: install
	$(VENV)/bin/mkdocs serve --strict -a 127.0.0.1:8000

clean:
	rm -rf $(TMP) site dist build

bench: install
	$(PY) benchmarks/bench.py
