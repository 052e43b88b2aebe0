# Every target bootstraps what it needs: a fresh clone needs only Python 3.11+, npm and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PYDEPS := $(VENV)/.installed
NODEDEPS := node_modules/.installed
MO_STAMP := var/.translations

.PHONY: setup run test test-server bench lint fmt translations clean

$(PYDEPS): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[dev]'
	@touch $@

$(NODEDEPS): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the design system: apt-get install npm"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(MO_STAMP): $(PYDEPS) $(shell find src -name '*.po' 2>/dev/null)
	@mkdir -p var
	$(BIN)/python -m chancery.lib.msgfmt src/chancery
	@touch $@

setup: $(PYDEPS) $(NODEDEPS) $(MO_STAMP)

run: setup
	$(BIN)/chancery run

test: setup
	$(BIN)/pytest

# The same suite against an external PostgreSQL server (CI runs both).
test-server: setup
	DATABASE_URL=$${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/chancery} $(BIN)/pytest

bench: setup
	@command -v wrk >/dev/null || echo "note: wrk is not installed, so bench_web (the web load test) is skipped: apt-get install wrk"
	$(BIN)/python -m bench

lint: setup
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src
	$(BIN)/lint-imports

fmt: setup
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

translations: setup
	cd src/chancery && $(CURDIR)/$(BIN)/chancery makemessages --all --ignore '.venv/*' --ignore 'node_modules/*' --no-obsolete
	$(BIN)/python -m chancery.lib.msgfmt src/chancery

clean:
	-$(BIN)/chancery db stop
	rm -rf $(VENV) node_modules var
