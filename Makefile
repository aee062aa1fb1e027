# Everyday commands. `make help` lists them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup site test lint typecheck unit format wheel clean

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

NODE_STAMP := tests/browser/node_modules/.installed

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

# The browser tests' checkers (axe-core, vnu.jar) come from npm; without npm they are skipped.
$(NODE_STAMP): tests/browser/package.json tests/browser/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: the browser tests will be skipped"; \
	fi

setup: $(STAMP) $(NODE_STAMP) ## Install reader and its test tools (.venv, tests/browser/node_modules)

site: $(STAMP) ## Build the site into site/
	$(BIN)/reader build

lint: $(STAMP) ## Check style and formatting with ruff
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: $(STAMP) ## Type-check src/ with mypy --strict
	$(BIN)/mypy --strict src

unit: $(STAMP) $(NODE_STAMP) ## Run the pytest suite (browser tests need chromium)
	$(BIN)/pytest

test: lint typecheck unit ## Everything CI runs: lint, types, tests

format: $(STAMP) ## Reformat the code and fix what ruff can
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

wheel: $(STAMP) ## Build the package (with its theme and example) into dist/
	rm -rf build  # setuptools' staging: a file left there from an older build would ship
	$(BIN)/python -m pip wheel --no-deps --quiet -w dist .

clean: ## Remove the built site and caches (keeps .venv)
	rm -rf site .site.* dist build test-artifacts .pytest_cache .mypy_cache .ruff_cache .hypothesis

.PHONY: bench
bench: $(STAMP) ## Benchmark against Hugo (alone and with Pagefind), Eleventy, Pelican (slow; writes bench/RESULTS.md)
	$(BIN)/python bench/run.py --sizes 5,1000,10000 --repeat 3 --profile 1000
