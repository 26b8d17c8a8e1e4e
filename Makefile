# Content Studio: two commands for a newcomer.
#   make run   set everything up and start the app on embedded defaults
#   make test  set up and run the whole suite (lint, unit, integration, end-to-end)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
NODE_DIR := .tools/node
NODE_VERSION := 22.23.3

# Node 22 from the npm registry when the machine's Node is older (Reflex 0.10 needs >= 22.22).
export PATH := $(abspath $(NODE_DIR)/node_modules/.bin):$(abspath $(BIN)):$(PATH)
export REFLEX_USE_NPM := 1
# Reflex otherwise times registries (one of them unreachable here); use npm's own setting.
export NPM_CONFIG_REGISTRY ?= $(shell npm config get registry 2>/dev/null)

.PHONY: run test lint format install install-dev node browser migrate services clean

run: install node
	$(BIN)/python -m app.cli run

test: install-dev node browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/pytest

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

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev
node: $(NODE_DIR)/.installed-$(NODE_VERSION)
browser:
	@scripts/ensure-browser.sh

$(VENV)/.installed: requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

$(NODE_DIR)/.installed-$(NODE_VERSION):
	@scripts/ensure-node.sh $(NODE_DIR) $(NODE_VERSION)
	@touch $@

clean:
	rm -rf .web test-output .pytest_cache .ruff_cache
