# jindu — two commands do all the set-up on a fresh Debian 12 machine:
#   make site   installs what is missing, checks plans/ and builds site/
#   make test   installs what is missing and runs the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SYSSTAMP := $(VENV)/.system-deps

.PHONY: site test check setup system-deps schema clean

setup: $(STAMP) $(SYSSTAMP)

$(SYSSTAMP):
	bash scripts/system-deps.sh
	@mkdir -p $(VENV) && touch $@

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

check: setup
	$(BIN)/jindu check --strict plans/

site: check
	$(BIN)/jindu site --out site

test: setup
	$(BIN)/python -m pytest

# Regenerate the committed JSON Schema and format reference from the model.
schema: setup
	$(BIN)/jindu schema --write

clean:
	rm -rf site .cache
