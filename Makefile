# The two commands a newcomer needs: `make serve` and `make test`.
# Everything they need is installed here, so a fresh Debian machine (as root) works.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TMP := $(CURDIR)/.tmp
export NO_MKDOCS_2_WARNING := 1

.PHONY: install test lint build serve bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(STAMP)

lint: install
	$(VENV)/bin/ruff check .

test: install lint
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
