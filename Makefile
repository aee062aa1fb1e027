# Everyday commands. `make help` lists them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup site test lint typecheck unit format clean

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

setup: $(STAMP) ## Create .venv and install reader with its test tools

site: $(STAMP) ## Build the site into site/
	$(BIN)/reader build

lint: $(STAMP) ## Check style and formatting with ruff
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: $(STAMP) ## Type-check src/ with mypy --strict
	$(BIN)/mypy --strict src

unit: $(STAMP) ## Run the pytest suite only
	$(BIN)/pytest

test: lint typecheck unit ## Everything CI runs: lint, types, tests

format: $(STAMP) ## Reformat the code and fix what ruff can
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

clean: ## Remove the built site and caches (keeps .venv)
	rm -rf site .site.* .pytest_cache .mypy_cache .ruff_cache .hypothesis
