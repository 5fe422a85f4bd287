# Socialtal — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DB ?= data/socialtal.duckdb
HOST ?= 127.0.0.1
PORT ?= 8050

.PHONY: run test check lint bench load demo browser-deps clean

# Install the project (editable) into a local venv; re-run only when the dependencies change.
$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

# Build the demo warehouse only when none exists: a real warehouse is never overwritten by `make run`.
$(DB): | $(VENV)/.installed
	$(VENV)/bin/etl run --demo --db $(DB)

run: $(VENV)/.installed $(DB)
	$(VENV)/bin/dashboard --db $(DB) --host $(HOST) --port $(PORT)

demo: $(VENV)/.installed
	$(VENV)/bin/etl run --demo --db $(DB) --force

# Debian's Chromium and its driver for the browser tests; never a tool's own browser download.
browser-deps:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
		echo "Installing Debian's chromium and chromium-driver for the browser tests"; \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

lint: $(VENV)/.installed
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/sqlfluff lint --disable-progress-bar queries etl/warehouse/views.sql
	$(VENV)/bin/lint-imports

# pytest's exit code 5 means "no tests collected": that is a failure here, never a success.
test: $(VENV)/.installed browser-deps lint
	@set +e; $(PY) -m pytest -q; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

check: test

bench: $(VENV)/.installed
	$(PY) bench/etl.py
	$(PY) bench/web.py
	$(PY) bench/export.py

# 50 users for 60 s against gunicorn on loopback (see README, "Load"); prints latency, throughput, CPU, memory.
load: $(VENV)/.installed
	$(PY) bench/load.py --users 50 --duration 60

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/artifacts
