# Two commands on a fresh machine with Python 3.11: `make run` and `make test`.
# Both create .venv and install everything they need (pinned by constraints.txt) on first use.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP := $(BIN)/pip --disable-pip-version-check
PORT ?= 8080
# checkov (the Terraform scanner the infrastructure tests run) lives in its own venv: its pins
# clash with the product's dependencies
CHECKOV_VENV := .venv-checkov
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed

.PHONY: run test test-fast lint format bench evalset install web web-test web-types web-types-check clean help

help:
	@echo "make run    start the whole product on http://localhost:$(PORT)"
	@echo "make test   run every test suite"
	@echo "make lint   ruff, mypy"
	@echo "make web-types  regenerate the UI's API types from the OpenAPI document"
	@echo "make bench  run the benchmarks (numbers go into README.md)"

ASSETS := shared/api/assets

$(STAMP): pyproject.toml constraints.txt scripts/system-packages.txt $(ASSETS)/package-lock.json
	@bash scripts/install-system-packages.sh
	cd $(ASSETS) && npm ci --omit=dev --no-audit --no-fund --loglevel=error
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade "pip>=24"
	$(PIP) install --quiet -c constraints.txt -e ".[gcp,dev,analysis,essentia,bench]"
	$(PIP) install --quiet --no-deps -c constraints.txt musicnn  # its metadata pins numpy<1.17
	@touch $(STAMP)

$(CHECKOV_STAMP): scripts/checkov-constraints.txt
	@test -x $(CHECKOV_VENV)/bin/python || $(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/pip --disable-pip-version-check install --quiet \
		-c scripts/checkov-constraints.txt checkov
	@touch $(CHECKOV_STAMP)

install: $(STAMP) $(CHECKOV_STAMP)

# The web UI (web/): npm ci when package-lock.json changes, a build when any source changes.
# npm keeps its downloads in ~/.npm, so a fresh checkout installs from that cache when it can.
WEB_DEPS := web/node_modules/.installed
WEB_BUILD := web/out/.build-stamp
WEB_SOURCES := $(shell find web/src web/public -type f -not -path '*/__tests__/*' 2>/dev/null) web/next.config.ts \
	web/postcss.config.mjs web/tsconfig.json web/package.json
NPM := npm --prefix web --no-audit --no-fund --prefer-offline

$(WEB_DEPS): web/package-lock.json web/package.json
	@command -v npm >/dev/null || { echo "make: the web UI needs Node.js >= 20 with npm" >&2; exit 1; }
	$(NPM) ci --loglevel=error
	@touch $(WEB_DEPS)

$(WEB_BUILD): $(WEB_DEPS) $(WEB_SOURCES)
	$(NPM) run build
	@touch $(WEB_BUILD)

web: $(WEB_BUILD)

web-test: $(WEB_DEPS)
	$(NPM) test -- --ci

# The UI's API types are generated from the OpenAPI document (openapi-typescript); the check fails
# the build when web/src/lib/api-schema.d.ts is older than the API's declarations.
web-types: install $(WEB_DEPS)
	@bash scripts/web-types.sh write

web-types-check: install $(WEB_DEPS)
	@bash scripts/web-types.sh check

run: install web
	$(BIN)/catalog run --port $(PORT)

# jest (UI units), then every pytest suite; tests/e2e/test_web_ui.py drives the built UI in chromium
test: install web-types-check web web-test
	$(BIN)/pytest -q

test-fast: install web-types-check web-test
	$(BIN)/pytest -q -m "not slow"

lint: install $(WEB_DEPS)
	$(BIN)/ruff format --check shared functions inference tests bench
	$(BIN)/ruff check shared functions inference tests bench
	$(BIN)/mypy
	terraform fmt -check -recursive terraform
	$(NPM) run lint

format: install
	$(BIN)/ruff format shared functions inference tests bench
	$(BIN)/ruff check --fix shared functions inference tests bench

# The evaluation set of the analysis benchmark: MIDI written by bench/evalset, rendered with
# fluidsynth, cached in ~/.cache/catalog/evalset (EVALSET_DIR), never in the repository
evalset: install
	@bash scripts/install-system-packages.sh scripts/bench-packages.txt
	$(BIN)/python -m bench.evalset build

bench: install web evalset
	$(BIN)/python -m bench.bus_bench
	$(BIN)/python -m bench.extract_bench
	$(BIN)/python -m bench.api_bench
	$(BIN)/python -m bench.ops_bench
	$(BIN)/python -m bench.ern_bench
	$(BIN)/python -m bench.batch_bench import
	$(BIN)/python -m bench.batch_bench export
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(BIN)/python -m bench.analyze_bench
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(BIN)/python -m bench.accuracy
	$(NPM) run bench

clean:
	rm -rf $(VENV) $(CHECKOV_VENV) .pytest_cache .mypy_cache .ruff_cache web/node_modules web/.next web/out
