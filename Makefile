# Content Studio: two commands for a newcomer.
#   make run   set everything up and start the app on embedded defaults
#   make test  set up and run the whole suite (lint, unit, integration, end-to-end), then the
#              integration suite again on PostgreSQL (a throwaway server unless TEST_POSTGRES_URL is set)
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# A second environment with requirements.txt alone: `make test` imports the app there and the
# end-to-end suite starts the app from it, so a runtime import that only a test tool satisfies fails CI.
RUNTIME_VENV := .venv-runtime
REQUIREMENTS_HASH := $(shell sha256sum requirements.txt | cut -c1-16)
NODE_DIR := .tools/node
NODE_VERSION := 22.23.3

# Node 22 from the npm registry when the machine's Node is older (Reflex 0.10 needs >= 22.22).
export PATH := $(abspath $(NODE_DIR)/node_modules/.bin):$(abspath $(BIN)):$(PATH)
export REFLEX_USE_NPM := 1
# Reflex otherwise times registries (one of them unreachable here); use npm's own setting.
export NPM_CONFIG_REGISTRY ?= $(shell npm config get registry 2>/dev/null)

.PHONY: run test test-postgres lint format install install-dev runtime-env node browser migrate services clean

run: install node
	$(BIN)/python -m app.cli run

test: install-dev runtime-env node browser
	$(RUNTIME_VENV)/bin/python scripts/check_runtime_imports.py
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	E2E_APP_VENV=$(RUNTIME_VENV) $(BIN)/pytest
	@$(MAKE) --no-print-directory test-postgres

# The integration suite on PostgreSQL, each test on a fresh database of its own (tests/conftest.py).
# scripts/ensure-postgres.sh installs Debian's postgresql when missing, starts a throwaway cluster on
# a free loopback port and stops it afterwards; with TEST_POSTGRES_URL set it uses that server.
test-postgres: install-dev
	scripts/ensure-postgres.sh env TEST_DATABASE=postgres $(BIN)/pytest tests/integration

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrate: install
	$(BIN)/python -m app.cli migrate

services: install
	$(BIN)/python -m app.cli services

install: $(VENV)/.installed-$(REQUIREMENTS_HASH)
install-dev: $(VENV)/.installed-dev
runtime-env:
	@$(MAKE) --no-print-directory install VENV=$(RUNTIME_VENV)
node: $(NODE_DIR)/.installed-$(NODE_VERSION)
browser:
	@scripts/ensure-browser.sh

# The stamp names the requirements' hash: a changed requirements.txt reinstalls, an unchanged one is a no-op.
$(VENV)/.installed-$(REQUIREMENTS_HASH):
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip check
	@rm -f $(VENV)/.installed-*
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-$(REQUIREMENTS_HASH) requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

$(NODE_DIR)/.installed-$(NODE_VERSION):
	@scripts/ensure-node.sh $(NODE_DIR) $(NODE_VERSION)
	@touch $@

clean:
	rm -rf .web test-output .pytest_cache .ruff_cache
