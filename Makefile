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
# The demo serves plain http on the loopback interface only.
DEMO_ENV := WEERBAAR_DATA_DIR=$(abspath $(DATA)) WEERBAAR_HTTPS=false

.PHONY: demo serve report test test-postgres lint typecheck bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[web]'
	touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[web,dev,scale]'
	touch $(VENV)/.installed $@

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

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

# Every test on SQLite (the embedded default), then the web tests again on
# PostgreSQL, the production database path.
test: lint typecheck
	$(BIN)/python -m pytest -q
	@$(MAKE) --no-print-directory test-postgres

test-postgres: $(VENV)/.installed-dev
	@if $(BIN)/python -m weerbaar.web.dbcheck "$(PG_URL)"; then \
		DATABASE_URL="$(PG_URL)" $(BIN)/python -m pytest -q tests/web; \
	else \
		echo "SKIPPED PostgreSQL tests: no PostgreSQL server reachable at $(PG_URL)"; \
	fi

# `make bench` reproduces docs/performance.md (some 10 minutes on 2 cores);
# `make bench QUICK=1` is a smoke run of a minute, written to out/.
bench: $(VENV)/.installed-dev
	@mkdir -p $(OUT)
	$(BIN)/python bench/run.py $(if $(QUICK),--quick --out $(OUT)/performance-quick.md,--out docs/performance.md)

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
