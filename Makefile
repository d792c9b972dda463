# jindu — two commands do all the set-up on a fresh Debian 12 machine:
#   make site   installs what is missing, checks plans/ and builds site/
#   make test   installs what is missing and runs the test suite
# CI runs the same targets (.github/workflows/, .gitlab-ci.yml); docs/how-to/publish.md.
PYTHON ?= python3
ROOT   := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SYSSTAMP := $(VENV)/.system-deps
TESTSYSSTAMP := $(VENV)/.system-deps-test
PLANS  ?= plans
SITE   ?= site
# For the CI targets: the revision a change is compared with, and where reports go.
BASE    ?= merge-base
SUMMARY ?= $(or $(GITHUB_STEP_SUMMARY),/dev/null)
FORMAT  ?= github
REPORT  ?= /dev/stdout

.PHONY: site test lint check setup test-setup schema goldens clean ci-check ci-diff build-env publish

setup: $(STAMP) $(SYSSTAMP)

$(SYSSTAMP):
	bash $(ROOT)/scripts/system-deps.sh
	@mkdir -p $(VENV) && touch $@

$(TESTSYSSTAMP):
	bash $(ROOT)/scripts/system-deps.sh --test
	@mkdir -p $(VENV) && touch $@

$(STAMP): $(ROOT)/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '$(ROOT)[test]'
	@touch $@

test-setup: setup $(TESTSYSSTAMP)

check: setup
	$(BIN)/jindu check --strict $(PLANS)

site: check
	$(BIN)/jindu site --out $(SITE)

test: test-setup lint
	$(BIN)/python -m pytest

# ruff (lint and format) and mypy, configured in pyproject.toml; `make test` runs it first.
lint: test-setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Pull/merge request check: every error (FORMAT=github annotations, gitlab Code Quality JSON
# into REPORT), the whole report appended to SUMMARY, and a moved deadline or changed target
# without a `reason` refused, compared with BASE (a revision; merge-base: with the main branch).
ci-check: setup
	$(BIN)/jindu check --strict --format $(FORMAT) --summary $(SUMMARY) --base $(BASE) $(PLANS) > $(REPORT)

# What the change does to the plans (Markdown), appended to SUMMARY.
ci-diff: setup
	$(BIN)/jindu diff $(if $(filter merge-base,$(BASE)),,$(BASE)) --plans $(PLANS) >> $(SUMMARY)

# JINDU_AS_OF (today in Asia/Shanghai) and SOURCE_DATE_EPOCH (the last commit) for a
# scheduled build: appended to $GITHUB_ENV in GitHub Actions, printed elsewhere.
build-env: setup
	$(BIN)/jindu build-env >> $(or $(GITHUB_ENV),/dev/stdout)

# Build, then copy site/ to DEST (a folder or user@host:/path) with rsync; files that are
# gone from the site are deleted there, and new files appear only once all are copied.
publish: site
	$(if $(DEST),,$(error DEST is not set: make publish DEST=user@host:/var/www/jindu/))
	rsync -a --delete --delay-updates $(SITE)/ $(DEST)

# Regenerate the committed JSON Schema and format reference from the model.
schema: setup
	$(BIN)/jindu schema --write

# Regenerate tests/golden/ (pages, chart specs, diagnostics of the hostile corpus); then read
# `git diff tests/golden`: every change there is a change users see.
goldens: setup
	$(BIN)/python tests/goldens.py --write

clean:
	rm -rf site .cache
