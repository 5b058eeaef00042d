# The two commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
MAP ?= examples/gemeente-voorbeeld.yaml
OUT ?= out
DATA ?= data
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
LOCK := requirements/lock.txt
# The demo serves plain http on the loopback interface only.
DEMO_ENV := WEERBAAR_DATA_DIR=$(abspath $(DATA)) WEERBAAR_HTTPS=false

.PHONY: demo serve report test test-postgres lint typecheck bench clean lock messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Every target installs the same exact versions: requirements/lock.txt (the
# application with its web, scale and dev extras), then weerbaar itself
# without resolving anything, then pip checks that the set is consistent.
$(VENV)/.installed: $(BIN)/python $(LOCK) pyproject.toml
	$(BIN)/python -m pip install --quiet -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m pip check
	touch $@

# `make lock` pins the ranges of pyproject.toml into requirements/lock.txt
# (for every platform and Python >= 3.11), keeping the pins that still fit;
# `make lock UPGRADE=1` moves every pin to the newest version the ranges allow.
lock: $(VENV)/.installed
	$(BIN)/uv pip compile pyproject.toml --extra web --extra dev --extra scale \
		--universal --python-version 3.11 --custom-compile-command 'make lock' \
		$(if $(UPGRADE),--upgrade) --quiet -o $(LOCK)

# `make messages` brings the Dutch catalogue of the command line and the core
# in step with the code; translate the new entries of the .po, run it again.
messages: $(VENV)/.installed
	$(BIN)/python tools/messages.py

report: $(VENV)/.installed
	$(BIN)/weerbaar check $(MAP)
	$(BIN)/weerbaar riskmap $(MAP) -o $(OUT)/gemeente-voorbeeld.html
	@echo "Report of Gemeente Voorbeeld: $(abspath $(OUT)/gemeente-voorbeeld.html)"

demo: report
	$(DEMO_ENV) $(BIN)/weerbaar-web migrate --noinput -v0
	$(DEMO_ENV) $(BIN)/weerbaar-web collectstatic --noinput -v0
	$(DEMO_ENV) $(BIN)/weerbaar-web loaddemo --map $(MAP)
	@$(MAKE) --no-print-directory serve

# gunicorn serves the pages; the worker runs long simulations off the request.
serve: $(VENV)/.installed
	@echo "Serving Gemeente Voorbeeld on http://$(HOST):$(PORT)/ (Ctrl-C stops)"
	@$(DEMO_ENV) $(BIN)/weerbaar-web worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEMO_ENV) $(BIN)/gunicorn weerbaar.web.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile -

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools

typecheck: $(VENV)/.installed
	$(BIN)/mypy

# Every test on SQLite (the embedded default), then the web tests again on
# PostgreSQL, the production database path.
test: lint typecheck
	$(BIN)/python -m pytest -q
	@$(MAKE) --no-print-directory test-postgres

# The 300-municipality map (pytest marker "large", a minute) runs once, on SQLite.
test-postgres: $(VENV)/.installed
	@if $(BIN)/python -m weerbaar.web.dbcheck "$(PG_URL)"; then \
		DATABASE_URL="$(PG_URL)" $(BIN)/python -m pytest -q tests/web -m "not large"; \
	else \
		echo "SKIPPED PostgreSQL tests: no PostgreSQL server reachable at $(PG_URL)"; \
	fi

# `make bench` reproduces docs/performance.md (some 10 minutes on 2 cores);
# `make bench QUICK=1` is a smoke run of a minute, written to out/.
bench: $(VENV)/.installed
	@mkdir -p $(OUT)
	$(BIN)/python bench/run.py $(if $(QUICK),--quick --out $(OUT)/performance-quick.md,--out docs/performance.md)

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
