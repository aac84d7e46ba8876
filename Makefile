# The two commands a newcomer needs: `make serve` and `make test`.
# Everything they need is installed here, so a fresh Debian machine (as root) works.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LOCK := requirements-dev.lock
NODE_STAMP := node_modules/.installed
TMP := $(CURDIR)/.tmp
export NO_MKDOCS_2_WARNING := 1

.PHONY: install browsers lock test test-fast lint build serve bench clean

# The Python tools, every one pinned with its hashes in requirements-dev.lock (pip included), then
# the project itself, editable, built by the locked hatchling (no download at build time).
$(STAMP): pyproject.toml $(LOCK)
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# After changing the `dev` list in pyproject.toml: resolve it again into the lock file, with hashes.
lock: $(STAMP)
	$(VENV)/bin/pip-compile --quiet --extra dev --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links --output-file $(LOCK) pyproject.toml

# The Pyodide runtime the checker ships, axe-core for the accessibility tests and ESLint for
# `make lint`: exact versions from package-lock.json.
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

# Lint, format and types: ruff (rules in pyproject.toml), ruff's formatter (check only), mypy;
# ESLint for the JavaScript (rules in eslint.config.mjs).
lint: $(STAMP) $(NODE_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	node_modules/.bin/eslint .

test: install browsers lint
	rm -rf $(TMP) && mkdir -p $(TMP)
	TMPDIR=$(TMP) $(PY) -m pytest --basetemp=$(TMP)/pytest

# The quick loop while working: the pure-Python tests, no site build, no Node.js, no browser.
test-fast: $(STAMP)
	rm -rf $(TMP) && mkdir -p $(TMP)
	TMPDIR=$(TMP) $(PY) -m pytest --basetemp=$(TMP)/pytest -m "not browser and not node and not site"

build: install
	$(VENV)/bin/mkdocs build --strict

# `make serve PORT=8001` serves on another port. A port that is taken (or not a port) is said in one line
# before MkDocs starts, rather than as MkDocs' traceback after its build.
PORT ?= 8000
HOST := 127.0.0.1
define PORT_FREE
import errno, socket, sys
host, port = sys.argv[1], sys.argv[2]
if not port.isdigit() or not 0 < int(port) < 65536:
    sys.exit(f"make serve: PORT={port} is not a port number (1-65535), e.g. make serve PORT=8001")
with socket.socket() as s:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as MkDocs' server binds it
    try:
        s.bind((host, int(port)))
    except OSError as e:
        taken = e.errno == errno.EADDRINUSE
        sys.exit(f"make serve: port {port} on {host} " + (f"is taken (another make serve?); try make serve PORT={int(port) % 65535 + 1}" if taken else f"cannot be used ({e.strerror})"))
endef
export PORT_FREE

serve: install
	@$(PY) -c "$$PORT_FREE" $(HOST) $(PORT)
	$(VENV)/bin/mkdocs serve --strict -a $(HOST):$(PORT)

clean:
	rm -rf $(TMP) site dist build

bench: install
	$(PY) benchmarks/bench.py
